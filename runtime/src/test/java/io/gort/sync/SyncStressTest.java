package io.gort.sync;

import static io.gort.sync.SyncTesting.recv;
import static io.gort.sync.SyncTesting.stress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.sched.Scheduler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Long loops over the sync primitives ({@code mvn verify -Pstress [-Dgort.stress=N]}): every loop count
 * is multiplied by {@link SyncTesting#stress()}. Each test checks an invariant that a lost wake-up,
 * a broken exclusion or a double run would violate, on private schedulers with 1, 2 and 4 carriers.
 */
@Tag("stress")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class SyncStressTest {

    private static final class Shared {
        long counter;       // guarded by the mutex under test
        boolean inside;     // guarded by the mutex under test
        int overlaps;       // guarded by the mutex under test
    }

    /** Mutex: exactly-once increments by many goroutines, mixing lock and tryLock. */
    @ParameterizedTest(name = "workStealing({0})")
    @ValueSource(ints = {1, 2, 4})
    void mutexExactlyOnce(int carriers) {
        int goroutines = 64, perGoroutine = 50_000 * stress();
        var mu = new Mutex();
        var s = new Shared();
        var wg = new WaitGroup();
        long t0 = System.nanoTime();
        try (Scheduler sched = Scheduler.workStealing(carriers)) {
            wg.add(goroutines);
            for (int g = 0; g < goroutines; g++) {
                int me = g;
                sched.spawn(() -> {
                    try {
                        for (int i = 0; i < perGoroutine; ) {
                            if ((i + me) % 7 == 0) {
                                if (!mu.tryLock()) {
                                    Thread.yield();
                                    continue;   // retry this increment
                                }
                            } else {
                                mu.lock();
                            }
                            if (s.inside) {
                                s.overlaps++;
                            }
                            s.inside = true;
                            s.counter++;
                            if ((i & 255) == 0) {
                                Thread.yield();   // hold the lock across a reschedule: the others queue and park
                            }
                            s.inside = false;
                            mu.unlock();
                            i++;
                        }
                    } finally {
                        wg.done();
                    }
                });
            }
            wg.await();
        }
        mu.lock();
        try {
            assertEquals(0, s.overlaps);
            assertEquals((long) goroutines * perGoroutine, s.counter);
        } finally {
            mu.unlock();
        }
        assertEquals(0, mu.waiters());
        report("mutexExactlyOnce(" + carriers + ")", t0);
    }

    /** RWMutex: Go's HammerRWMutex invariant (readers share, a writer is alone) over long runs. */
    @ParameterizedTest(name = "workStealing({0})")
    @ValueSource(ints = {1, 2, 4})
    void rwMutexReadersAndWriters(int carriers) {
        long t0 = System.nanoTime();
        for (int readers : new int[] {1, 5, 20}) {
            RWMutexConformanceTest.hammerRWMutex(carriers, readers, 20_000 * stress());
        }
        report("rwMutexReadersAndWriters(" + carriers + ")", t0);
    }

    /** WaitGroup reused round after round, with several waiters each round (Go's rule: the next round starts after every await returned). */
    @ParameterizedTest(name = "workStealing({0})")
    @ValueSource(ints = {1, 2})
    void waitGroupReuse(int carriers) {
        int rounds = 20_000 * stress(), workers = 4, waiters = 3;
        var wg = new WaitGroup();
        var work = new AtomicLong();
        var early = new AtomicReference<String>();
        long t0 = System.nanoTime();
        try (Scheduler sched = Scheduler.workStealing(carriers)) {
            Chan<Boolean> waited = Chan.make(waiters);
            for (int r = 0; r < rounds; r++) {
                long want = (long) (r + 1) * workers;
                wg.add(workers);
                for (int w = 0; w < workers; w++) {
                    sched.spawn(() -> {
                        work.incrementAndGet();
                        wg.done();
                    });
                }
                for (int w = 0; w < waiters; w++) {
                    sched.spawn(() -> {
                        wg.await();
                        if (work.get() != want) {
                            early.compareAndSet(null, "await returned with work " + work.get() + " of " + want);
                        }
                        waited.send(true);
                    });
                }
                wg.await();
                for (int w = 0; w < waiters; w++) {
                    recv(waited, "waiter " + w + " of round " + r);
                }
            }
        }
        assertNull(early.get());
        assertEquals((long) rounds * workers, work.get());
        assertEquals("WaitGroup[count=0, waiters=0]", wg.toString());
        report("waitGroupReuse(" + carriers + ")", t0);
    }

    /** Cond: a bounded buffer with signal only; every item is consumed exactly once. */
    @ParameterizedTest(name = "workStealing({0})")
    @ValueSource(ints = {1, 2, 4})
    void condProducerConsumer(int carriers) {
        int producers = 4, consumers = 4, perProducer = 200_000 * stress(), capacity = 8;
        int total = producers * perProducer;
        var mu = new Mutex();
        var notEmpty = new Cond(mu);
        var notFull = new Cond(mu);
        int[] buf = new int[capacity];
        int[] head = {0}, size = {0};   // guarded by mu
        var seen = new AtomicIntegerArray(total);
        var consumed = new AtomicInteger();
        var wg = new WaitGroup();
        long t0 = System.nanoTime();
        try (Scheduler sched = Scheduler.workStealing(carriers)) {
            wg.add(producers + consumers);
            for (int p = 0; p < producers; p++) {
                int me = p;
                sched.spawn(() -> {
                    try {
                        for (int i = 0; i < perProducer; i++) {
                            mu.lock();
                            while (size[0] == capacity) {
                                notFull.await();
                            }
                            buf[(head[0] + size[0]) % capacity] = me * perProducer + i;
                            size[0]++;
                            notEmpty.signal();
                            mu.unlock();
                        }
                    } finally {
                        wg.done();
                    }
                });
            }
            for (int c = 0; c < consumers; c++) {
                sched.spawn(() -> {
                    try {
                        for (;;) {
                            mu.lock();
                            while (size[0] == 0 && consumed.get() < total) {
                                notEmpty.await();
                            }
                            if (size[0] == 0) {
                                mu.unlock();
                                return;   // everything consumed
                            }
                            int item = buf[head[0]];
                            head[0] = (head[0] + 1) % capacity;
                            size[0]--;
                            notFull.signal();
                            if (consumed.incrementAndGet() == total) {
                                notEmpty.broadcast();   // let the other consumers see the end
                            }
                            mu.unlock();
                            seen.incrementAndGet(item);
                        }
                    } finally {
                        wg.done();
                    }
                });
            }
            wg.await();
        }
        assertEquals(total, consumed.get());
        for (int i = 0; i < total; i++) {
            if (seen.get(i) != 1) {
                assertEquals(1, seen.get(i), "item " + i);
            }
        }
        assertEquals(0, notEmpty.waiting());
        assertEquals(0, notFull.waiting());
        report("condProducerConsumer(" + carriers + ")", t0);
    }

    /** Once under a race: many goroutines call doOnce on a fresh Once each round; f runs once and all see its write. */
    @ParameterizedTest(name = "workStealing({0})")
    @ValueSource(ints = {1, 2})
    void onceUnderARace(int carriers) {
        int rounds = 50_000 * stress(), callers = 8;
        var bad = new AtomicReference<String>();
        long t0 = System.nanoTime();
        try (Scheduler sched = Scheduler.workStealing(carriers)) {
            for (int r = 0; r < rounds; r++) {
                var once = new Once();
                var runs = new AtomicInteger();
                int[] value = {0};
                var wg = new WaitGroup();
                wg.add(callers);
                int round = r;
                for (int c = 0; c < callers; c++) {
                    sched.spawn(() -> {
                        once.doOnce(() -> {
                            runs.incrementAndGet();
                            value[0] = round + 1;
                        });
                        if (value[0] != round + 1) {
                            bad.compareAndSet(null, "round " + round + ": doOnce returned before f's write");
                        }
                        wg.done();
                    });
                }
                wg.await();
                if (runs.get() != 1) {
                    bad.compareAndSet(null, "round " + round + ": f ran " + runs.get() + " times");
                }
            }
        }
        assertNull(bad.get());
        report("onceUnderARace(" + carriers + ")", t0);
    }

    /** The interrupt-versus-wake-up races of SyncInterruptTest, many more rounds. */
    @Test
    void interruptRacesLoseNothing() {
        long t0 = System.nanoTime();
        int[] wg = SyncInterruptTest.waitGroupDoneRacingInterrupt(10_000 * stress());
        int[] cond = SyncInterruptTest.condSignalRacingInterrupt(10_000 * stress());
        System.out.printf("SyncStressTest: WaitGroup interrupt race: %d threw, %d woke; Cond: %d threw, %d woke%n",
                wg[0], wg[1], cond[0], cond[1]);
        assertTrue(wg[0] + wg[1] > 0 && cond[0] + cond[1] > 0);
        report("interruptRacesLoseNothing", t0);
    }

    /** The starvation story many times: the once-locker always gets the lock within the bound. */
    @Test
    void starvationStoryRepeated() {
        long t0 = System.nanoTime();
        var test = new MutexContentionTest();
        for (int i = 0; i < 20 * stress(); i++) {
            test.greedyLockerCannotStarveAWaiter();
        }
        report("starvationStoryRepeated", t0);
    }

    private static void report(String what, long t0) {
        System.out.printf("SyncStressTest.%s: %d ms (stress x%d)%n", what,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), stress());
    }
}
