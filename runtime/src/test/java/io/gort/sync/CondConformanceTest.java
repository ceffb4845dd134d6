package io.gort.sync;

import static io.gort.sync.SyncTesting.recv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code sync} Cond tests, ported: golang/go {@code src/sync/cond_test.go} at commit
 * c871dc684b4ec198534b1fb01995010be470a24e.
 *
 * <ul>
 *   <li>TestCondSignal, TestCondSignalGenerations, TestCondBroadcast, TestRace, TestCondSignalStealing
 *       → the methods of the same names. Go's {@code t.Error} inside a goroutine is recorded and asserted
 *       at the end; Go's {@code time.After(2 * time.Second)} in TestCondSignalStealing is the bounded
 *       {@link SyncTesting#recv} (20 s), which only turns a hang into a failure.</li>
 *   <li>Not ported: TestCondCopy. Go detects a Cond copied by value ("sync.Cond is copied"); a Java
 *       object is only ever shared by reference, so a Cond cannot be copied.</li>
 *   <li>Gort's interrupt rules for {@code await} are tested in {@link SyncInterruptTest}.</li>
 * </ul>
 */
@Timeout(60)
class CondConformanceTest {

    @Test
    void testCondSignal() {
        var m = new Mutex();
        var c = new Cond(m);
        int n = 2;
        Chan<Boolean> running = Chan.make(n), awake = Chan.make(n);
        for (int i = 0; i < n; i++) {
            Go.spawn(() -> {
                m.lock();
                running.send(true);
                c.await();
                awake.send(true);
                m.unlock();
            });
        }
        for (int i = 0; i < n; i++) {
            recv(running, "everyone to run");
        }
        while (n > 0) {
            if (awake.tryRecv() != null) {
                fail("goroutine not asleep");
            }
            m.lock();
            c.signal();
            m.unlock();
            recv(awake, "a goroutine to wake");   // Go: will deadlock if no goroutine wakes up
            if (awake.tryRecv() != null) {
                fail("too many goroutines awake");
            }
            n--;
        }
        c.signal();
        assertEquals(0, c.waiting());
    }

    @Test
    void testCondSignalGenerations() {
        var m = new Mutex();
        var c = new Cond(m);
        int n = 100;
        Chan<Boolean> running = Chan.make(n);
        Chan<Integer> awake = Chan.make(n);
        for (int i = 0; i < n; i++) {
            int me = i;
            Go.spawn(() -> {
                m.lock();
                running.send(true);
                c.await();
                awake.send(me);
                m.unlock();
            });
            if (i > 0) {
                int a = recv(awake, "goroutine " + (i - 1) + " to wake");
                if (a != i - 1) {
                    fail("wrong goroutine woke up: want " + (i - 1) + ", got " + a);
                }
            }
            recv(running, "goroutine " + i + " to run");
            m.lock();
            c.signal();
            m.unlock();
        }
    }

    @Test
    void testCondBroadcast() {
        var m = new Mutex();
        var c = new Cond(m);
        int n = 200;
        Chan<Integer> running = Chan.make(n), awake = Chan.make(n);
        boolean[] exit = {false};   // guarded by m
        for (int i = 0; i < n; i++) {
            int g = i;
            Go.spawn(() -> {
                m.lock();
                while (!exit[0]) {
                    running.send(g);
                    c.await();
                    awake.send(g);
                }
                m.unlock();
            });
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                recv(running, "all " + n + " to be running (round " + i + ")");
            }
            if (i == n - 1) {
                m.lock();
                exit[0] = true;
                m.unlock();
            }
            if (awake.tryRecv() != null) {
                fail("goroutine not asleep");
            }
            m.lock();
            c.broadcast();
            m.unlock();
            boolean[] seen = new boolean[n];
            for (int k = 0; k < n; k++) {
                int g = recv(awake, "all " + n + " to wake (round " + i + ")");
                if (seen[g]) {
                    fail("goroutine woke up twice");
                }
                seen[g] = true;
            }
        }
        // exit was set before the last broadcast: no goroutine may send on running again.
        if (running.tryRecv() != null) {
            fail("goroutine did not exit");
        }
        c.broadcast();
    }

    @Test
    void testRace() {
        int[] x = {0};   // guarded by c's locker
        var c = new Cond(new Mutex());
        var error = new AtomicReference<String>();
        Chan<Boolean> done = Chan.make();
        Go.spawn(() -> {
            c.locker().lock();
            x[0] = 1;
            c.await();
            if (x[0] != 2) {
                error.compareAndSet(null, "want 2, got " + x[0]);
            }
            x[0] = 3;
            c.signal();
            c.locker().unlock();
            done.send(true);
        });
        Go.spawn(() -> {
            c.locker().lock();
            for (;;) {
                if (x[0] == 1) {
                    x[0] = 2;
                    c.signal();
                    break;
                }
                c.locker().unlock();
                Go.yield();
                c.locker().lock();
            }
            c.locker().unlock();
            done.send(true);
        });
        Go.spawn(() -> {
            c.locker().lock();
            for (;;) {
                if (x[0] == 2) {
                    c.await();
                    if (x[0] != 3) {
                        error.compareAndSet(null, "want 3, got " + x[0]);
                    }
                    break;
                }
                if (x[0] == 3) {
                    break;
                }
                c.locker().unlock();
                Go.yield();
                c.locker().lock();
            }
            c.locker().unlock();
            done.send(true);
        });
        recv(done, "the first goroutine");
        recv(done, "the second goroutine");
        recv(done, "the third goroutine");
        assertNull(error.get());
    }

    @Test
    void testCondSignalStealing() {
        for (int iters = 0; iters < 1000; iters++) {
            var m = new Mutex();
            var cond = new Cond(m);

            // Start a waiter.
            Chan<Boolean> ch = Chan.make();
            Go.spawn(() -> {
                m.lock();
                ch.send(true);
                cond.await();
                m.unlock();
                ch.send(true);
            });
            recv(ch, "the first waiter to start");
            m.lock();
            m.unlock();
            // The waiter is in await: we synchronized with it, then took and released the mutex it
            // held when we did. Now race a broadcast against a second waiter: the second may or may
            // not be notified, but the first must be.
            boolean[] done = {false};   // guarded by m
            Go.spawn(cond::broadcast);
            Go.spawn(() -> {
                m.lock();
                while (!done[0]) {
                    cond.await();
                }
                m.unlock();
            });
            recv(ch, "the first waiter to get the broadcast (iteration " + iters + ")");

            // Release the second waiter in case it missed the broadcast.
            m.lock();
            done[0] = true;
            m.unlock();
            cond.broadcast();
        }
    }

    /**
     * Misuse: await without holding the Locker. Go's c.L.Unlock() then dies with "fatal error: sync:
     * unlock of unlocked mutex"; gort throws the Locker's {@link IllegalStateException}, and the Cond
     * must still work: the next signal goes to the next real waiter.
     */
    @Test
    void testCondMisuse() {
        var m = new Mutex();
        var c = new Cond(m);
        var e = assertThrows(IllegalStateException.class, c::await);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        assertFalse(m.isLocked(), "a failed await must not leave the Locker locked");

        Goroutine w = Go.spawn(() -> {
            m.lock();
            c.await();
            m.unlock();
        });
        SyncTesting.parked(w, WaitReason.COND_WAIT);
        try {
            c.signal();   // must wake w, not the ticket the failed await took
            SyncTesting.until("the signalled waiter to wake (" + c + ")", () -> !w.isAlive(),
                    () -> "one signal after a failed await did not wake the only waiter");
            assertEquals(0, c.waiting());
        } finally {
            c.broadcast();   // on failure, do not leave the waiter parked for the rest of the run
        }
    }

    /** Go's NewCond keeps its Locker as c.L; gort's is {@link Cond#locker()} and may not be null. */
    @Test
    void lockerIsTheOneGiven() {
        var rw = new RWMutex();
        var c = new Cond(rw.rLocker());
        assertSame(rw.rLocker(), c.locker());
        assertThrows(NullPointerException.class, () -> new Cond(null));
        // A Cond over the read lock: readers wait while holding it, and a writer's broadcast (under the
        // write lock, which excludes them) releases them all.
        boolean[] ready = {false};
        var wg = new WaitGroup();
        for (int i = 0; i < 3; i++) {
            wg.go(() -> {
                rw.rLock();
                while (!ready[0]) {
                    c.await();
                }
                rw.rUnlock();
            });
        }
        SyncTesting.until("three readers waiting", () -> c.waiting() == 3);
        rw.lock();
        ready[0] = true;
        rw.unlock();
        c.broadcast();
        wg.await();
        assertEquals(0, c.waiting());
    }
}
