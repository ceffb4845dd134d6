package io.gort.sync;

import static io.gort.sync.SyncTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.sched.GoInterruptedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A first check of each primitive; Go's own tests are ported in the *ConformanceTest classes. */
@Timeout(60)
class SyncSmokeTest {

    @Test
    void mutexCountsUnderContention() {
        var mu = new Mutex();
        int[] counter = {0};
        var wg = new WaitGroup();
        for (int g = 0; g < 8; g++) {
            wg.go(() -> {
                for (int i = 0; i < 20_000; i++) {
                    mu.lock();
                    counter[0]++;
                    mu.unlock();
                }
            });
        }
        wg.await();
        assertEquals(160_000, counter[0]);
        assertFalse(mu.isLocked());
        assertEquals(0, mu.waiters());
    }

    @Test
    void mutexMisuseLeavesItUsable() {
        var mu = new Mutex();
        var e = assertThrows(IllegalStateException.class, mu::unlock);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        assertTrue(mu.tryLock());
        assertFalse(mu.tryLock());
        mu.unlock();
        mu.lock();
        mu.unlock();
    }

    @Test
    void rwMutexReadersAndWriters() {
        var rw = new RWMutex();
        var readers = new AtomicInteger();
        var violations = new AtomicInteger();
        int[] shared = {0};
        var wg = new WaitGroup();
        for (int g = 0; g < 6; g++) {
            boolean writer = g % 3 == 0;
            wg.go(() -> {
                for (int i = 0; i < 5_000; i++) {
                    if (writer) {
                        rw.lock();
                        if (readers.get() != 0) {
                            violations.incrementAndGet();
                        }
                        shared[0]++;
                        rw.unlock();
                    } else {
                        rw.rLock();
                        readers.incrementAndGet();
                        readers.decrementAndGet();
                        rw.rUnlock();
                    }
                }
            });
        }
        wg.await();
        assertEquals(0, violations.get());
        assertEquals(10_000, shared[0]);
        assertEquals("sync: RUnlock of unlocked RWMutex",
                assertThrows(IllegalStateException.class, rw::rUnlock).getMessage());
        assertEquals("sync: Unlock of unlocked RWMutex",
                assertThrows(IllegalStateException.class, rw::unlock).getMessage());
        assertTrue(rw.tryLock());
        assertFalse(rw.tryRLock());
        rw.unlock();
        assertTrue(rw.tryRLock());
        assertFalse(rw.tryLock());
        rw.rUnlock();
    }

    @Test
    void waitGroupMisuse() {
        var wg = new WaitGroup();
        assertEquals("sync: negative WaitGroup counter",
                assertThrows(IllegalStateException.class, wg::done).getMessage());
        assertEquals(0, wg.count());
        wg.add(1);
        wg.done();
        wg.await();
    }

    @Test
    void condPingPong() {
        var mu = new Mutex();
        var cond = new Cond(mu);
        int[] turn = {0};
        int rounds = 2_000;
        var wg = new WaitGroup();
        for (int p = 0; p < 2; p++) {
            int me = p;
            wg.go(() -> {
                for (int i = 0; i < rounds; i++) {
                    mu.lock();
                    while (turn[0] % 2 != me) {
                        cond.await();
                    }
                    turn[0]++;
                    cond.broadcast();
                    mu.unlock();
                }
            });
        }
        wg.await();
        assertEquals(2 * rounds, turn[0]);
    }

    /** Found by review: the ticket of an await whose unlock threw used to swallow the next signal. */
    @Test
    void awaitWithoutTheLockDoesNotEatTheNextSignal() {
        var mu = new Mutex();
        var cond = new Cond(mu);
        assertEquals("sync: unlock of unlocked mutex",
                assertThrows(IllegalStateException.class, cond::await).getMessage());
        boolean[] ready = {false};
        var g = Go.spawn(() -> {
            mu.lock();
            while (!ready[0]) {
                cond.await();
            }
            mu.unlock();
        });
        until("the waiter parked", () -> cond.waiting() == 1);
        mu.lock();
        ready[0] = true;
        cond.signal();
        mu.unlock();
        g.join();   // a swallowed signal hangs here (@Timeout)
        assertEquals(0, cond.queued());
    }

    /** Interrupted waiters leave no nodes behind even when nobody signals. */
    @Test
    void interruptedAwaitsDoNotPileUp() {
        var mu = new Mutex();
        var cond = new Cond(mu);
        for (int i = 0; i < 1_000; i++) {
            var g = Go.spawn(() -> {
                mu.lock();
                try {
                    cond.await();
                } catch (GoInterruptedException expected) {
                    assertTrue(Thread.currentThread().isInterrupted());
                } finally {
                    mu.unlock();
                }
            });
            until("the waiter parked", () -> cond.waiting() == 1);
            g.thread().interrupt();
            g.join();
        }
        assertEquals(0, cond.queued());
    }

    @Test
    void onceRunsOnceEvenWhenItThrows() {
        var once = new Once();
        var calls = new AtomicInteger();
        var boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> once.doOnce(() -> {
            calls.incrementAndGet();
            throw boom;
        })));
        once.doOnce(calls::incrementAndGet);
        assertEquals(1, calls.get());
        assertTrue(once.done());

        Supplier<Integer> v = Once.onceValue(() -> {
            calls.incrementAndGet();
            throw boom;
        });
        assertSame(boom, assertThrows(IllegalStateException.class, v::get));
        assertSame(boom, assertThrows(IllegalStateException.class, v::get));
        assertEquals(2, calls.get());
        var g = Go.spawn(() -> { });
        g.join();
    }
}
