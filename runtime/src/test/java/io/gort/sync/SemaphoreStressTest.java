package io.gort.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.sched.Goroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many goroutines take random weights from one semaphore, by every route (untimed acquire, acquire
 * with a short timeout that often expires, tryAcquire), hold them for a moment and give them back.
 * The units in use (counted outside the semaphore) never exceed the size; everyone finishes; the
 * semaphore ends empty with its invariants intact. The timeouts taken are counted: a run with none
 * would not have exercised the cancelled-waiter paths.
 */
class SemaphoreStressTest {
    private static final int GOROUTINES = 64;
    private static final long SIZE = 10;

    @Test
    @Tag("stress")
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void manyGoroutinesRandomWeights() {
        run(20_000 * Math.max(1, Integer.getInteger("gort.stress", 1)));
    }

    /** The same, small enough for the default run. */
    @Test
    @Timeout(60)
    void manyGoroutinesRandomWeightsSmall() {
        run(500);
    }

    private static void run(int opsPerGoroutine) {
        Semaphore sem = new Semaphore(SIZE);
        AtomicLong inUse = new AtomicLong(), maxSeen = new AtomicLong(), timeouts = new AtomicLong(), tries = new AtomicLong();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Goroutine> gs = new ArrayList<>();
        for (int g = 0; g < GOROUTINES; g++) {
            gs.add(Go.spawn(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    for (int i = 0; i < opsPerGoroutine; i++) {
                        long w = rnd.nextInt(10) == 0 ? SIZE : 1 + rnd.nextLong(SIZE / 2);   // now and then a writer
                        boolean got;
                        int route = rnd.nextInt(4);
                        switch (route) {
                            case 0 -> got = sem.acquire(w, Duration.ofNanos(20_000 + rnd.nextLong(50_000)));
                            case 1 -> got = sem.tryAcquire(w);
                            default -> {
                                sem.acquire(w);
                                got = true;
                            }
                        }
                        if (!got) {
                            (route == 0 ? timeouts : tries).incrementAndGet();
                            continue;
                        }
                        long now = inUse.addAndGet(w);
                        maxSeen.accumulateAndGet(now, Math::max);
                        if (now > SIZE) {
                            throw new AssertionError("in use " + now + " > size " + SIZE + ": " + sem);
                        }
                        if (rnd.nextInt(8) == 0) {
                            Go.yield();   // hold a little while others queue
                        }
                        inUse.addAndGet(-w);
                        sem.release(w);
                    }
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                }
            }));
        }
        gs.forEach(Goroutine::join);
        assertNull(failed.get(), () -> String.valueOf(failed.get()));
        assertEquals(0, sem.held());
        assertEquals(0, sem.queuedWaiters());
        assertTrue(maxSeen.get() <= SIZE);
        sem.checkInvariants();
        System.out.printf("SemaphoreStressTest: %d goroutines x %d ops, max in use %d, timeouts %d, failed tryAcquires %d%n",
                GOROUTINES, opsPerGoroutine, maxSeen.get(), timeouts.get(), tries.get());
        assertTrue(timeouts.get() > 0, "no timed acquire timed out: the cancel paths were not exercised");
    }
}
