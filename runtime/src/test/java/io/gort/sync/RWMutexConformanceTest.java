package io.gort.sync;

import static io.gort.sync.SyncTesting.recv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import io.gort.sched.WaitReason;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Go's {@code sync} RWMutex tests, ported: golang/go {@code src/sync/rwmutex_test.go} at commit
 * c007ce824d9a4fccb148f9204e04c23ed2984b71, and the RWMutex rows of {@code misuseTests} in
 * {@code src/sync/mutex_test.go} at 250fccbface5ca3f8e88e054e63ddbdf6edf2ef5.
 *
 * <ul>
 *   <li>TestParallelReaders → {@link #testParallelReaders}; Go's {@code runtime.GOMAXPROCS(n)} is a
 *       private {@code Scheduler.workStealing(n)}.</li>
 *   <li>TestRWMutex (HammerRWMutex) → {@link #testRWMutex}, same reader/writer mix and
 *       {@code n = 1000}; GOMAXPROCS 1, 4, 10 become 1, 2, 4 carriers (the test machines have 2 cores).
 *       Go panics inside a reader or writer; here the first violation is recorded and asserted.</li>
 *   <li>TestRLocker → {@link #testRLocker}.</li>
 *   <li>TestUnlockPanic, TestUnlockPanic2, TestRUnlockPanic, TestRUnlockPanic2 and mutex_test.go's
 *       RWMutex.Unlock/Unlock2/Unlock3/RUnlock/RUnlock2/RUnlock3 rows → {@link #testRWMutexMisuse}:
 *       each throws {@link IllegalStateException} with Go's words, undoes its own change, and leaves the
 *       RWMutex in the state it had (a held lock is still held) and usable.</li>
 *   <li>The writer-preference rule of rwmutex.go's doc ("if any goroutine calls Lock while the lock is
 *       already held by one or more readers, concurrent calls to RLock will block until the writer has
 *       acquired (and released) the lock") → {@link #pendingWriterBlocksNewReaders}.</li>
 * </ul>
 */
@Timeout(120)
class RWMutexConformanceTest {

    private static void doTestParallelReaders(int numReaders, int gomaxprocs) {
        try (Scheduler sched = Scheduler.workStealing(gomaxprocs)) {
            var m = new RWMutex();
            Chan<Boolean> clocked = Chan.make(), cunlock = Chan.make(), cdone = Chan.make();
            for (int i = 0; i < numReaders; i++) {
                sched.spawn(() -> {
                    m.rLock();
                    clocked.send(true);
                    cunlock.recv();
                    m.rUnlock();
                    cdone.send(true);
                });
            }
            // Wait for all parallel rLocks to succeed: they all hold the read lock at once.
            for (int i = 0; i < numReaders; i++) {
                recv(clocked, "reader " + i + " to hold the read lock alongside the others");
            }
            assertFalse(m.tryLock(), "a writer got in while " + numReaders + " readers held the lock");
            for (int i = 0; i < numReaders; i++) {
                cunlock.send(true);
            }
            for (int i = 0; i < numReaders; i++) {
                recv(cdone, "reader " + i + " to finish");
            }
            assertTrue(m.tryLock());
            m.unlock();
        }
    }

    @Test
    void testParallelReaders() {
        doTestParallelReaders(1, 4);
        doTestParallelReaders(3, 4);
        doTestParallelReaders(4, 2);
        doTestParallelReaders(4, 1);   // gort: readers that park in between still share the lock
    }

    /** Active readers plus 10000 per active writer, as Go's {@code activity}. */
    private static void reader(RWMutex rwm, int iterations, AtomicInteger activity, AtomicReference<String> bad) {
        for (int i = 0; i < iterations; i++) {
            rwm.rLock();
            int n = activity.addAndGet(1);
            if (n < 1 || n >= 10000) {
                bad.compareAndSet(null, "reader saw activity " + n);
            }
            for (int k = 0; k < 100; k++) {
                Thread.onSpinWait();
            }
            activity.addAndGet(-1);
            rwm.rUnlock();
        }
    }

    private static void writer(RWMutex rwm, int iterations, AtomicInteger activity, AtomicReference<String> bad) {
        for (int i = 0; i < iterations; i++) {
            rwm.lock();
            int n = activity.addAndGet(10000);
            if (n != 10000) {
                bad.compareAndSet(null, "writer saw activity " + n);
            }
            for (int k = 0; k < 100; k++) {
                Thread.onSpinWait();
            }
            activity.addAndGet(-10000);
            rwm.unlock();
        }
    }

    static void hammerRWMutex(int gomaxprocs, int numReaders, int iterations) {
        var activity = new AtomicInteger();
        var bad = new AtomicReference<String>();
        var rwm = new RWMutex();
        try (Scheduler sched = Scheduler.workStealing(gomaxprocs)) {
            Chan<Boolean> cdone = Chan.make();
            sched.spawn(() -> {
                writer(rwm, iterations, activity, bad);
                cdone.send(true);
            });
            int i;
            for (i = 0; i < numReaders / 2; i++) {
                sched.spawn(() -> {
                    reader(rwm, iterations, activity, bad);
                    cdone.send(true);
                });
            }
            sched.spawn(() -> {
                writer(rwm, iterations, activity, bad);
                cdone.send(true);
            });
            for (; i < numReaders; i++) {
                sched.spawn(() -> {
                    reader(rwm, iterations, activity, bad);
                    cdone.send(true);
                });
            }
            for (int k = 0; k < 2 + numReaders; k++) {
                recv(cdone, "hammer goroutine " + k + " of " + (2 + numReaders) + " (" + rwm + ")");
            }
        }
        assertNull(bad.get(), "GOMAXPROCS " + gomaxprocs + ", " + numReaders + " readers");
        assertEquals(0, activity.get());
        assertTrue(rwm.tryLock(), rwm.toString());
        rwm.unlock();
    }

    @Test
    void testRWMutex() {
        int n = 1000;
        for (int procs : new int[] {1, 2, 4}) {
            for (int readers : new int[] {1, 3, 10}) {
                hammerRWMutex(procs, readers, n);
            }
        }
        hammerRWMutex(4, 5, n);
    }

    @Test
    void testRLocker() {
        var wl = new RWMutex();
        Locker rl = wl.rLocker();
        Chan<Boolean> wlocked = Chan.make(1), rlocked = Chan.make(1);
        int n = 10;
        var g = Go.spawn(() -> {
            for (int i = 0; i < n; i++) {
                rl.lock();
                rl.lock();
                rlocked.send(true);
                wl.lock();
                wlocked.send(true);
            }
        });
        for (int i = 0; i < n; i++) {
            recv(rlocked, "the read locks, round " + i);
            rl.unlock();
            if (wlocked.tryRecv() != null) {
                fail("RLocker() didn't read-lock it");
            }
            rl.unlock();
            recv(wlocked, "the write lock, round " + i);
            if (rlocked.tryRecv() != null) {
                fail("RLocker() didn't respect the write lock");
            }
            wl.unlock();
        }
        g.join();
    }

    @Test
    void testRWMutexMisuse() {
        String unlockMsg = "sync: Unlock of unlocked RWMutex", rUnlockMsg = "sync: RUnlock of unlocked RWMutex";

        // RWMutex.Unlock / TestUnlockPanic: unlock of a fresh RWMutex.
        var mu = new RWMutex();
        assertThrowsGo(unlockMsg, mu::unlock);
        assertUnlockedAndUsable(mu);

        // RWMutex.Unlock2 / TestUnlockPanic2: rLock, then unlock. The read lock is still held after.
        mu = new RWMutex();
        mu.rLock();
        assertThrowsGo(unlockMsg, mu::unlock);
        assertFalse(mu.tryLock(), "the read lock must still be held: " + mu);
        assertTrue(mu.tryRLock(), "readers must still get in: " + mu);
        mu.rUnlock();
        mu.rUnlock();
        assertUnlockedAndUsable(mu);

        // RWMutex.Unlock3: lock, unlock, unlock.
        mu = new RWMutex();
        mu.lock();
        mu.unlock();
        assertThrowsGo(unlockMsg, mu::unlock);
        assertUnlockedAndUsable(mu);

        // RWMutex.RUnlock / TestRUnlockPanic: rUnlock of a fresh RWMutex.
        mu = new RWMutex();
        assertThrowsGo(rUnlockMsg, mu::rUnlock);
        assertUnlockedAndUsable(mu);

        // RWMutex.RUnlock2 / TestRUnlockPanic2: lock, then rUnlock. The write lock is still held after.
        mu = new RWMutex();
        mu.lock();
        assertThrowsGo(rUnlockMsg, mu::rUnlock);
        assertFalse(mu.tryRLock(), "the write lock must still be held: " + mu);
        assertFalse(mu.tryLock(), "the write lock must still be held: " + mu);
        mu.unlock();
        assertUnlockedAndUsable(mu);

        // RWMutex.RUnlock3: rLock, rUnlock, rUnlock.
        mu = new RWMutex();
        mu.rLock();
        mu.rUnlock();
        assertThrowsGo(rUnlockMsg, mu::rUnlock);
        assertUnlockedAndUsable(mu);
    }

    private static void assertThrowsGo(String goWords, Executable misuse) {
        var e = assertThrows(IllegalStateException.class, misuse);
        assertEquals(goWords, e.getMessage());
        assertTrue(e.getMessage().contains("unlocked"));   // what Go's TestMutexMisuse looks for
    }

    /** Unlocked now, and still works: parallel readers, exclusive writers, a short hammer. */
    private static void assertUnlockedAndUsable(RWMutex mu) {
        assertEquals("RWMutex[readers=0]", mu.toString());
        assertTrue(mu.tryRLock());
        assertTrue(mu.tryRLock());
        assertFalse(mu.tryLock());
        mu.rUnlock();
        mu.rUnlock();
        assertTrue(mu.tryLock());
        assertFalse(mu.tryRLock());
        mu.unlock();
        var activity = new AtomicInteger();
        var bad = new AtomicReference<String>();
        var wg = new WaitGroup();
        RWMutex m = mu;
        wg.go(() -> writer(m, 200, activity, bad));
        wg.go(() -> reader(m, 200, activity, bad));
        wg.go(() -> reader(m, 200, activity, bad));
        wg.await();
        assertNull(bad.get());
        assertEquals("RWMutex[readers=0]", mu.toString());
    }

    @Test
    void pendingWriterBlocksNewReaders() {
        var rw = new RWMutex();
        var order = new ConcurrentLinkedQueue<String>();
        rw.rLock();   // reader R1: this thread
        Goroutine w = Go.spawn(() -> {
            rw.lock();
            order.add("writer");
            rw.unlock();
        });
        SyncTesting.parked(w, WaitReason.RW_MUTEX_LOCK);
        assertEquals(rw, w.waitingOn());
        assertFalse(rw.tryRLock(), "a new reader got in ahead of a pending writer: " + rw);
        Goroutine r2 = Go.spawn(() -> {
            rw.rLock();
            order.add("reader 2");
            rw.rUnlock();
        });
        SyncTesting.parked(r2, WaitReason.RW_MUTEX_RLOCK);
        assertEquals(rw, r2.waitingOn());
        rw.rUnlock();   // the last reader the writer waits for: the writer goes first, then reader 2
        w.join();
        r2.join();
        assertEquals(List.of("writer", "reader 2"), List.copyOf(order));
        assertEquals("RWMutex[readers=0]", rw.toString());
    }
}
