package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lost wake-ups, in every CI run: a small {@link PermitRing} (10^5 park/unpark hand-offs across
 * carriers and platform threads), and the idle path: the scheduler is left with every carrier
 * parked (observed, not slept for), then work arrives from a platform thread, round after round.
 * {@link WakeupStressTest} runs the same at scale.
 */
class WakeupTest {
    static final int HANDOFFS = 100_000;
    static final int IDLE_ROUNDS = 500;

    @ParameterizedTest(name = "{0}({1})")
    @CsvSource({"workstealing, 2", "workstealing, 4", "global, 2"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noWakeUpIsLost(String kind, int carriers) {
        int baseline = Goroutine.count();
        try (Scheduler s = Scheduler.of(kind, carriers)) {
            PermitRing ring = new PermitRing(64, 2, 2 * carriers, HANDOFFS);
            long done = ring.run(s, Duration.ofSeconds(45));
            assertTrue(done >= HANDOFFS, "hand-offs " + done);
        }
        Await.goroutineCount(baseline);
    }

    /**
     * The same ring while CPU hogs (goroutines that spin 2 ms between yields) keep making carriers
     * look stuck: the monitor lends helpers, which steal runnext and rings, give work back and
     * retire, all while wake-ups keep arriving. Nothing may be lost on the way.
     */
    @ParameterizedTest(name = "{0}({1}) with hogs")
    @CsvSource({"workstealing, 1", "workstealing, 2", "global, 1"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noWakeUpIsLostWhileHelpersComeAndGo(String kind, int carriers) {
        hogRing(kind, carriers, HANDOFFS / 4);
    }

    static void hogRing(String kind, int carriers, long handoffs) {
        int baseline = Goroutine.count();
        try (Scheduler s = Scheduler.of(kind, carriers)) {
            PermitRing ring = new PermitRing(32, 1, 2 * carriers, handoffs);
            java.util.concurrent.atomic.AtomicBoolean stopHogs = new java.util.concurrent.atomic.AtomicBoolean();
            CountDownLatch hogsDone = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                s.spawn("hog-" + i, () -> {
                    while (!stopHogs.get()) {
                        long until = System.nanoTime() + 2_000_000;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        Thread.yield();
                    }
                    hogsDone.countDown();
                });
            }
            try {
                long done = ring.run(s, Duration.ofSeconds(45));
                assertTrue(done >= handoffs, "hand-offs " + done);
            } finally {
                stopHogs.set(true);
            }
            Await.latch("the hogs to stop", hogsDone, Duration.ofSeconds(10), s::toString);
            assertTrue(s.stats().helpersLent() > 0, "the hogs made the monitor lend helpers: " + s.stats());
        }
        Await.goroutineCount(baseline);
    }

    /**
     * Timed parks: every wake-up comes from the JDK's timer threads (VirtualThread-unparker), a
     * foreign thread, often while the carriers are parking or parked.
     */
    @ParameterizedTest(name = "{0}({1})")
    @CsvSource({"workstealing, 1", "workstealing, 2", "global, 2"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void timerWakeUpsAreNotLost(String kind, int carriers) {
        timedSleepers(kind, carriers, 1000, 10);
    }

    static void timedSleepers(String kind, int carriers, int goroutines, int sleeps) {
        try (Scheduler s = Scheduler.of(kind, carriers)) {
            CountDownLatch done = new CountDownLatch(goroutines);
            java.util.concurrent.atomic.LongAdder woke = new java.util.concurrent.atomic.LongAdder();
            for (int i = 0; i < goroutines; i++) {
                s.spawn(() -> {
                    java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
                    for (int k = 0; k < sleeps; k++) {
                        LockSupport.parkNanos(rnd.nextLong(1, 2_000_000));
                        woke.increment();
                    }
                    done.countDown();
                });
            }
            Await.latch("sleepers", done, Duration.ofSeconds(45), () -> "woke " + woke + "; " + s);
            assertEquals((long) goroutines * sleeps, woke.sum());
        }
    }

    @ParameterizedTest(name = "{0}({1})")
    @CsvSource({"workstealing, 1", "workstealing, 2", "workstealing, 4", "global, 2"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void workArrivingAtAnIdleSchedulerRuns(String kind, int carriers) {
        idleRounds(kind, carriers, IDLE_ROUNDS);
    }

    /**
     * Each round: wait until every carrier is parked (IdleCarriers says so), then either spawn a
     * burst of goroutines from this platform thread or unpark goroutines parked earlier (the
     * wake-up then comes from a foreign thread into the global queue of a sleeping scheduler).
     * Every one of them must run.
     */
    static void idleRounds(String kind, int carriers, int rounds) {
        try (Scheduler s = Scheduler.of(kind, carriers)) {
            WorkStealingScheduler ws = (WorkStealingScheduler) s;
            for (int round = 0; round < rounds; round++) {
                Await.until("all carriers of " + s + " to park", Await.LONG,
                        () -> ws.idle.idle() == carriers, s::toString);
                int burst = 1 + round % 5;
                CountDownLatch ran = new CountDownLatch(burst);
                if (round % 2 == 0) {
                    for (int i = 0; i < burst; i++) {
                        s.spawn(ran::countDown);
                    }
                } else {
                    // Goroutines that park; once all carriers are idle again, unpark them from here.
                    CountDownLatch parked = new CountDownLatch(burst);
                    AtomicInteger go = new AtomicInteger();
                    Thread[] ts = new Thread[burst];
                    for (int i = 0; i < burst; i++) {
                        int k = i;
                        s.spawn(() -> {
                            ts[k] = Thread.currentThread();
                            parked.countDown();
                            while (go.get() == 0) {
                                LockSupport.park();
                            }
                            ran.countDown();
                        });
                    }
                    Await.latch("goroutines to start", parked);
                    for (Thread t : ts) {
                        Await.parked("a goroutine", t);
                    }
                    Await.until("all carriers of " + s + " to park again", Await.LONG,
                            () -> ws.idle.idle() == carriers, s::toString);
                    go.set(1);
                    for (Thread t : ts) {
                        LockSupport.unpark(t);
                    }
                }
                int r = round;
                Await.latch("round " + round + " on an idle scheduler", ran, Duration.ofSeconds(10),
                        () -> "round " + r + "; " + s);
            }
            assertEquals(0, ws.helpers(), "no helper carrier is left behind: " + s);
        }
    }
}
