package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CarrierIdTest {

    @Test
    void aPlatformThreadGetsAStableNonNegativeId() {
        int first = CarrierId.current();
        assertTrue(first >= 0);
        assertEquals(first, CarrierId.current());
    }

    @Test
    void eachLiveCarrierOfASchedulerHasItsOwnIdMatchingWhatItsGoroutinesRead() throws Exception {
        // given two carriers kept busy at once, so each runs one goroutine
        try (Scheduler s = Scheduler.workStealing(2)) {
            var seen = new ConcurrentHashMap<Thread, Integer>();
            var bothRunning = new CountDownLatch(2);
            var release = new CountDownLatch(1);
            var mismatches = new java.util.concurrent.atomic.AtomicInteger();
            var gs = new Goroutine[2];
            for (int i = 0; i < 2; i++) {
                gs[i] = s.spawn(() -> {
                    Thread carrier = Loom.currentCarrier();
                    int id = CarrierId.current();
                    seen.put(carrier, id);
                    bothRunning.countDown();
                    try {
                        release.await();   // parks the goroutine; its carrier is free, so both goroutines start
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    // then: the id a goroutine reads is its carrier's (it may have moved: compare with the carrier now)
                    if (((Carrier) Loom.currentCarrier()).id != CarrierId.current()) {
                        mismatches.incrementAndGet();
                    }
                });
            }
            assertTrue(bothRunning.await(10, TimeUnit.SECONDS));
            release.countDown();
            for (Goroutine g : gs) {
                g.join();
            }
            assertEquals(0, mismatches.get());
            // then: the ids are the carriers' own, distinct for distinct carriers, and below bound()
            for (var e : seen.entrySet()) {
                assertEquals(((Carrier) e.getKey()).id, e.getValue());
                assertTrue(e.getValue() < CarrierId.bound());
            }
            if (seen.size() == 2) {
                var ids = seen.values().toArray(new Integer[0]);
                assertNotEquals(ids[0], ids[1]);
            }
        }
    }

    @Test
    void aGoroutineOnTheJdkSchedulerGetsItsForkJoinCarriersPoolIndex() {
        var seen = new java.util.concurrent.atomic.AtomicReference<int[]>();
        Scheduler.jdkDefault().spawn(() -> {
            Thread carrier = Loom.currentCarrier();
            int id = CarrierId.current();
            int index = carrier instanceof java.util.concurrent.ForkJoinWorkerThread fj ? fj.getPoolIndex() : -1;
            seen.set(new int[] {id, index});
        }).join();
        assertTrue(seen.get()[0] >= 0);
        assertEquals(seen.get()[1], seen.get()[0], "the id of a ForkJoin carrier is its pool index");
    }

    @Test
    void idsAreDenseAndReused() {
        // given ids taken and one given back
        int a = CarrierId.acquire();
        int b = CarrierId.acquire();
        try {
            assertNotEquals(a, b);
            CarrierId.release(a);
            // when another is taken, then it is the lowest free one, which is at most a
            int c = CarrierId.acquire();
            assertTrue(c <= a, "expected a reused id <= " + a + ", got " + c);
            CarrierId.release(c);
        } finally {
            CarrierId.release(b);
        }
    }
}
