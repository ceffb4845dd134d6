package io.gort.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No object is handed to two getters at once: goroutines (and platform threads, which share slots
 * by hash) put distinct objects, get them, mark each in use with a CAS, hold it across a yield so
 * other goroutines on the carrier run meanwhile, clear the mark and put it back. Small capacities
 * push every object through the private slot, the stacks, the overflow and stealing; a thread that
 * ages the pool as a GC would (demote, drop) races with it all.
 */
class PoolExactlyOnceTest {
    static final int ITERATIONS = 20_000;

    static final class Item {
        final AtomicBoolean inUse = new AtomicBoolean();
    }

    @Test
    @Timeout(60)
    void goroutinesOnTwoCarriers() throws Exception {
        try (Scheduler s = Scheduler.workStealing(2)) {
            run(s, 8, 0, ITERATIONS, false);
        }
    }

    @Test
    @Timeout(60)
    void goroutinesAndPlatformThreadsSharingSlotsWhileThePoolAges() throws Exception {
        try (Scheduler s = Scheduler.workStealing(2)) {
            run(s, 4, 2, ITERATIONS, true);
        }
    }

    /** Runs the exactly-once workload; returns the number of successful gets. */
    static long run(Scheduler s, int goroutines, int platformThreads, int iterations, boolean aging) throws Exception {
        var pool = new Pool<Item>(null, 2, 8);
        var doubleHandOut = new AtomicLong();
        var hits = new AtomicLong();
        var stop = new AtomicBoolean();
        Runnable body = () -> {
            for (int i = 0; i < 4; i++) {
                pool.put(new Item());          // distinct objects
            }
            for (int j = 0; j < iterations; j++) {
                Item x = pool.get();
                if (x == null) {
                    pool.put(new Item());      // some were dropped (full, or aged out): bring in a fresh one
                    continue;
                }
                if (!x.inUse.compareAndSet(false, true)) {
                    doubleHandOut.incrementAndGet();
                    continue;
                }
                hits.incrementAndGet();
                if ((j & 7) == 0) {
                    yieldNow();                // hold it while others run on this carrier
                }
                x.inUse.set(false);            // before put: put happens-before the next get
                pool.put(x);
            }
        };
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < goroutines; i++) {
            gs.add(s.spawn(body));
        }
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < platformThreads; i++) {
            ts.add(Thread.ofPlatform().start(body));
        }
        Thread ager = null;
        if (aging) {
            ager = Thread.ofPlatform().start(() -> {
                for (int k = 0; !stop.get(); k++) {
                    if ((k & 1) == 0) {
                        pool.demotePrimary();
                    } else {
                        pool.dropVictim();
                    }
                    Thread.onSpinWait();
                }
            });
        }
        for (Goroutine g : gs) {
            g.join();
        }
        for (Thread t : ts) {
            t.join();
        }
        stop.set(true);
        if (ager != null) {
            ager.join();
        }
        assertEquals(0, doubleHandOut.get(), "an object was handed to two getters at once");
        assertTrue(hits.get() > 0, "no get ever returned an object");
        pool.checkInvariants();
        return hits.get();
    }

    private static void yieldNow() {
        if (Thread.currentThread().isVirtual()) {
            Go.yield();
        } else {
            Thread.yield();
        }
    }
}
