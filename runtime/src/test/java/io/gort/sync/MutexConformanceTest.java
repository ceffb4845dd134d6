package io.gort.sync;

import static io.gort.sync.SyncTesting.recv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.sched.WaitReason;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code sync} Mutex tests, ported: golang/go {@code src/sync/mutex_test.go} at commit
 * 250fccbface5ca3f8e88e054e63ddbdf6edf2ef5.
 *
 * <ul>
 *   <li>TestMutex → {@link #testMutex} (HammerMutex, with a plain counter added so that the test
 *       checks exclusion and not only completion; Go's SetMutexProfileFraction has no gort analogue).</li>
 *   <li>TestMutexMisuse → {@link #testMutexMisuse}: Go runs each misuse in a child process and
 *       expects a fatal error mentioning "unlocked"; gort throws {@link IllegalStateException} with Go's
 *       words instead, so the cases run in-process and also check that the Mutex still works. The
 *       RWMutex cases of the same table are in {@link RWMutexConformanceTest#testRWMutexMisuse}.</li>
 *   <li>TestMutexFairness → {@link #testMutexFairness}. Go's holder sleeps 100 µs inside the lock and
 *       the other goroutine 100 µs between locks; both are workload, not synchronisation, and are
 *       busy-waits here so the test does not depend on timer resolution.</li>
 *   <li>The starvation behaviour (mutex.go's normal and starvation modes, which Go has no unit test
 *       for) and 10,000 contending goroutines are in {@link MutexContentionTest}.</li>
 *   <li>Not ported: TestSemaphore and the benchmarks (the runtime semaphore is internal: {@link Sema}
 *       is exercised through every primitive here).</li>
 * </ul>
 */
@Timeout(60)
class MutexConformanceTest {

    private static final class Counter {
        int n;              // guarded by the mutex under test: plain on purpose
        boolean inside;     // ditto
    }

    private static void hammerMutex(Mutex m, Counter c, AtomicBoolean overlap, int loops, Chan<Boolean> cdone) {
        for (int i = 0; i < loops; i++) {
            if (i % 3 == 0) {
                if (m.tryLock()) {
                    enter(c, overlap);
                    m.unlock();
                }
                continue;
            }
            m.lock();
            enter(c, overlap);
            m.unlock();
        }
        cdone.send(true);
    }

    private static void enter(Counter c, AtomicBoolean overlap) {
        if (c.inside) {
            overlap.set(true);
        }
        c.inside = true;
        c.n++;
        c.inside = false;
    }

    @Test
    void testMutex() {
        var m = new Mutex();
        m.lock();
        if (m.tryLock()) {
            fail("TryLock succeeded with mutex locked");
        }
        m.unlock();
        if (!m.tryLock()) {
            fail("TryLock failed with mutex unlocked");
        }
        m.unlock();

        var c = new Counter();
        var overlap = new AtomicBoolean();
        Chan<Boolean> cdone = Chan.make();
        for (int i = 0; i < 10; i++) {
            Go.spawn(() -> hammerMutex(m, c, overlap, 1000, cdone));
        }
        for (int i = 0; i < 10; i++) {
            recv(cdone, "hammer " + i);
        }
        m.lock();   // orders the plain reads below after every increment
        try {
            assertFalse(overlap.get(), "two goroutines were inside the mutex at once");
            // 666 locks per goroutine are unconditional; the 334 tryLocks add between 0 and 334 each.
            assertTrue(c.n >= 10 * 666 && c.n <= 10 * 1000, "count " + c.n);
        } finally {
            m.unlock();
        }
        assertFalse(m.isLocked());
        assertEquals(0, m.waiters());
    }

    @Test
    void testMutexMisuse() {
        // "Mutex.Unlock": unlock of a fresh mutex.
        var fresh = new Mutex();
        var e = assertThrows(IllegalStateException.class, fresh::unlock);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        assertTrue(e.getMessage().contains("unlocked"));
        assertUsable(fresh);

        // "Mutex.Unlock2": a second unlock.
        var twice = new Mutex();
        twice.lock();
        twice.unlock();
        assertEquals("sync: unlock of unlocked mutex",
                assertThrows(IllegalStateException.class, twice::unlock).getMessage());
        assertUsable(twice);

        // gort: a failed unlock of a mutex with a waiter queued leaves the waiter queued, and the
        // real unlock later still wakes it.
        var busy = new Mutex();
        busy.lock();
        var waiter = Go.spawn(() -> {
            busy.lock();
            busy.unlock();
        });
        SyncTesting.parked(waiter, WaitReason.MUTEX_LOCK);
        busy.unlock();
        waiter.join();
        assertEquals("sync: unlock of unlocked mutex",
                assertThrows(IllegalStateException.class, busy::unlock).getMessage());
        assertUsable(busy);
    }

    /** The mutex locks, excludes, and unlocks as new after a misuse. */
    private static void assertUsable(Mutex m) {
        assertFalse(m.isLocked(), m.toString());
        assertEquals(0, m.waiters(), m.toString());
        assertTrue(m.tryLock());
        assertFalse(m.tryLock());
        m.unlock();
        var c = new Counter();
        var overlap = new AtomicBoolean();
        var wg = new WaitGroup();
        for (int g = 0; g < 4; g++) {
            wg.go(() -> {
                for (int i = 0; i < 500; i++) {
                    m.lock();
                    enter(c, overlap);
                    m.unlock();
                }
            });
        }
        wg.await();
        assertFalse(overlap.get());
        assertEquals(2000, c.n);
        assertFalse(m.isLocked());
    }

    /**
     * mutex.go's doc: "A locked Mutex is not associated with a particular goroutine. It is allowed for
     * one goroutine to lock a Mutex and then arrange for another goroutine to unlock it."
     */
    @Test
    void anotherGoroutineMayUnlock() {
        var m = new Mutex();
        Chan<Boolean> locked = Chan.make();
        var locker = Go.spawn(() -> {
            m.lock();
            locked.send(true);
        });
        recv(locked, "the locker");
        locker.join();   // the goroutine that locked it is gone; the mutex stays locked
        assertTrue(m.isLocked());
        var waiter = Go.spawn(() -> {
            m.lock();
            m.unlock();
        });
        SyncTesting.parked(waiter, WaitReason.MUTEX_LOCK);
        Go.spawn(m::unlock).join();   // a third goroutine unlocks it
        waiter.join();
        assertFalse(m.isLocked());
    }

    @Test
    void testMutexFairness() {
        var mu = new Mutex();
        var stop = new AtomicBoolean();
        try {
            Go.spawn(() -> {
                while (!stop.get()) {
                    mu.lock();
                    busyWaitMicros(100);
                    mu.unlock();
                }
            });
            Chan<Boolean> done = Chan.make(1);
            Go.spawn(() -> {
                for (int i = 0; i < 10; i++) {
                    busyWaitMicros(100);
                    mu.lock();
                    mu.unlock();
                }
                done.send(true);
            });
            // Go: "can't acquire Mutex in 10 seconds"; recv fails after SyncTesting.LONG.
            recv(done, "the second goroutine to acquire the mutex 10 times against a greedy holder");
        } finally {
            stop.set(true);
        }
    }

    static void busyWaitMicros(long micros) {
        long end = System.nanoTime() + micros * 1_000;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }
}
