package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Scheduler#metrics()} and {@link GoroutineStats}: every counter is shown to move when the
 * event it counts happens (tasks, steals, global-queue polls, spins, parks, queue depths, goroutine
 * states), and the snapshot of each scheduler kind is well-formed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchedulerMetricsTest {

    /** Given 2 carriers, when one goroutine spawns 10,000 others, then the carriers count them all. */
    @Test
    void burstMovesTaskCounters() {
        try (Scheduler s = Scheduler.workStealing(2)) {
            SchedulerMetrics before = s.metrics();
            int n = 10_000;
            CountDownLatch done = new CountDownLatch(n);
            CountDownLatch spawned = new CountDownLatch(1);
            s.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    s.spawn(done::countDown);
                }
                spawned.countDown();
            });
            Await.latch("spawned", spawned);
            Await.latch("10,000 goroutines", done);
            // A goroutine's body ends just before its task returns: wait for the counters to catch up.
            Await.until("tasks counted", Await.LONG, () -> s.metrics().tasks() - before.tasks() >= n + 1,
                    () -> s.metrics().toString());
            SchedulerMetrics after = s.metrics();
            assertEquals(2, after.carriers().stream().filter(c -> !c.helper()).count(), after.toString());
            // Each is at least one task: its start (a goroutine that parks inside spawn is run again).
            assertTrue(after.tasks() - before.tasks() >= n + 1, after.toString());
            // The producer never let go of its carrier: the others reached other carriers by steals
            // (of ring batches or of runnext) or through the global queue (ring overflow).
            assertTrue(after.steals() + after.globalTasks() > 0, after.toString());
            for (CarrierMetrics c : after.carriers()) {
                assertTrue(c.runQueueDepth() >= 0, c.toString());
                assertTrue(c.runnextTasks() <= c.tasks(), c.toString());
                assertTrue(c.spinsFound() <= c.spins(), c.toString());
            }
        }
    }

    /**
     * Given 2 carriers, when a goroutine queues 200 others behind itself and then keeps its carrier
     * busy until they have run, then the other carrier must have stolen them: steals and stolen
     * move, and the tasks run on the other carrier came from steals or the global queue.
     */
    @Test
    void aBusyProducerIsStolenFrom() {
        try (Scheduler s = Scheduler.workStealing(2)) {
            int n = 200;                                    // below the ring's 256: nothing overflows to the global queue
            AtomicInteger ran = new AtomicInteger();
            AtomicReference<String> failure = new AtomicReference<>();
            CountDownLatch finished = new CountDownLatch(1);
            s.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    s.spawn(ran::incrementAndGet);
                }
                long deadline = System.nanoTime() + Await.LONG.toNanos();
                while (ran.get() < n) {                     // hold this carrier: only a thief can run them
                    if (System.nanoTime() - deadline > 0) {
                        failure.set("only " + ran.get() + " of " + n + " ran: " + s.metrics());
                        break;
                    }
                    Thread.onSpinWait();
                }
                finished.countDown();
            });
            Await.latch("producer", finished);
            assertEquals(null, failure.get());
            SchedulerMetrics m = s.metrics();
            assertTrue(m.steals() > 0, "steals: " + m);
            long stolen = m.carriers().stream().mapToLong(CarrierMetrics::stolen).sum() + m.rest().stolen();
            long fromElsewhere = stolen + m.carriers().stream().mapToLong(CarrierMetrics::globalTasks).sum()
                    + m.rest().globalTasks();
            // Every one of the n ran on a carrier other than the producer's (it never let go of its
            // own), so each reached it by a steal or through the global queue.
            assertTrue(fromElsewhere >= n, "stolen + global " + fromElsewhere + " < " + n + ": " + m);
            assertTrue(stolen >= m.steals(), m.toString());
        }
    }

    /** Given a scheduler with nothing to do, its carriers spin, then park, and show as idle. */
    @Test
    void anIdleSchedulerParks() {
        try (Scheduler s = Scheduler.workStealing(2)) {
            CountDownLatch ran = new CountDownLatch(1);
            s.spawn(ran::countDown);
            Await.latch("one goroutine", ran);
            Await.until("both carriers parked", Await.LONG, () -> {
                SchedulerMetrics m = s.metrics();
                return m.idleCarriers() == 2 && m.carriers().stream().allMatch(c -> c.parks() > 0
                        && c.status() == CarrierMetrics.Status.IDLE);
            }, () -> s.metrics().toString());
            SchedulerMetrics m = s.metrics();
            assertEquals(0, m.spinningCarriers(), m.toString());
            assertEquals(2, m.threads(), m.toString());
            assertTrue(m.spins() > 0, "a carrier spins before it parks: " + m);
            assertEquals(0, m.runQueueDepth(), m.toString());
        }
    }

    /**
     * Given one carrier running a goroutine that spawns 5 others and does not park, its run-queue
     * depth is 5: one in runnext, four in the ring (Go's runqsize counts both). The monitor may
     * lend a helper that takes them if the machine stalls us for milliseconds; then the round is
     * repeated (a snapshot only counts when no helper was lent around it).
     */
    @Test
    void runQueueDepthCountsRingAndRunnext() {
        try (Scheduler s = Scheduler.workStealing(1)) {
            for (int attempt = 0; attempt < 10; attempt++) {
                AtomicReference<SchedulerMetrics> seen = new AtomicReference<>();
                AtomicReference<Long> lentBefore = new AtomicReference<>();
                CountDownLatch done = new CountDownLatch(6);
                s.spawn(() -> {
                    lentBefore.set(s.metrics().helpersLent());
                    for (int i = 0; i < 5; i++) {
                        s.spawn(done::countDown);
                    }
                    seen.set(s.metrics());
                    done.countDown();
                });
                Await.latch("round", done);
                SchedulerMetrics m = seen.get();
                if (m.helpersLent() != lentBefore.get() || m.helpers() != 0) {
                    continue;                               // a helper was lent meanwhile: try again
                }
                CarrierMetrics c = m.carriers().get(0);
                assertEquals(CarrierMetrics.Status.RUNNING, c.status(), m.toString());
                assertEquals(5, c.runQueueDepth(), m.toString());
                assertEquals(5, m.runQueueDepth(), m.toString());
                assertEquals(0, m.globalQueueDepth(), m.toString());
                return;
            }
            fail("a helper was lent in each of 10 rounds: " + s.metrics());
        }
    }

    @Test
    void globalQueueSchedulerNeverSteals() {
        try (Scheduler s = Scheduler.globalQueue(2)) {
            int n = 1_000;
            CountDownLatch done = new CountDownLatch(n);
            s.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    s.spawn(done::countDown);
                }
            });
            Await.latch("goroutines", done);
            Await.until("tasks counted", Await.LONG, () -> s.metrics().tasks() >= n + 1, () -> s.metrics().toString());
            SchedulerMetrics m = s.metrics();
            assertEquals("global", m.kind());
            assertEquals(0, m.steals(), m.toString());
            assertEquals(0, m.runnextTasks(), m.toString());
            // Every task (n starts, the producer's, and any re-run of a goroutine that parked) came
            // from the global queue.
            assertEquals(m.tasks(), m.globalTasks(), "every task came from the global queue: " + m);
        }
    }

    @Test
    void forkJoinAndJdkSayWhatTheyCan() {
        try (Scheduler s = Scheduler.forkJoin(2)) {
            int n = 1_000;
            CountDownLatch done = new CountDownLatch(n);
            s.spawn(() -> {
                for (int i = 0; i < n; i++) {
                    s.spawn(done::countDown);
                }
            });
            Await.latch("goroutines", done);
            SchedulerMetrics m = s.metrics();
            assertEquals("forkjoin", m.kind());
            assertEquals(2, m.parallelism());
            assertTrue(m.carriers().isEmpty(), m.toString());
            assertTrue(m.threads() >= 1, m.toString());
            assertTrue(m.steals() >= 0 && m.globalQueueDepth() >= 0, m.toString());
        }
        SchedulerMetrics jdk = Scheduler.jdkDefault().metrics();
        assertEquals("jdk", jdk.kind());
        assertTrue(jdk.parallelism() >= 1, jdk.toString());
        assertTrue(jdk.globalQueueDepth() >= 0, jdk.toString());
    }

    @Test
    void defaultSchedulerDelegates() {
        SchedulerMetrics m = Scheduler.byDefault().metrics();
        assertEquals(Scheduler.byDefault().kind(), m.kind());
        assertEquals(Scheduler.byDefault().parallelism(), m.parallelism());
    }

    /** Given one carrier, a chain of spawn-then-join hand-offs runs through runnext. */
    @Test
    void handOffsGoThroughRunnext() {
        try (Scheduler s = Scheduler.workStealing(1)) {
            CountDownLatch done = new CountDownLatch(1);
            s.spawn(() -> {
                chain(s, 100);
                done.countDown();
            });
            Await.latch("chain", done);
            SchedulerMetrics m = s.metrics();
            assertTrue(m.runnextTasks() >= 50, "runnext picks: " + m);
            assertTrue(m.runnextTasks() <= m.tasks(), m.toString());
        }
    }

    private static void chain(Scheduler s, int depth) {
        if (depth > 0) {
            s.spawn(() -> chain(s, depth - 1)).join();
        }
    }

    /** Helpers that exit keep their counts in rest(): totals never go down. */
    @Test
    void helperCountsSurviveTheHelper() {
        try (Scheduler s = Scheduler.workStealing(1)) {
            // A goroutine that hogs its only carrier with work queued behind it: the monitor lends a helper.
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch finished = new CountDownLatch(1);
            s.spawn(() -> {
                for (int i = 0; i < 10; i++) {
                    s.spawn(ran::incrementAndGet);
                }
                long deadline = System.nanoTime() + Await.LONG.toNanos();
                while (ran.get() < 10 && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
                finished.countDown();
            });
            Await.latch("hog", finished);
            assertEquals(10, ran.get(), s.metrics().toString());
            Await.until("the helper left", Await.LONG, () -> s.metrics().helpers() == 0, () -> s.metrics().toString());
            SchedulerMetrics m = s.metrics();
            assertTrue(m.helpersLent() >= 1, m.toString());
            assertTrue(m.rest().tasks() >= 10, "the hog's carrier ran none of the 10; helpers ran them: " + m);
            assertTrue(m.tasks() >= 11, m.toString());
            assertFalse(m.carriers().stream().anyMatch(CarrierMetrics::helper), m.toString());
        }
    }

    /** Goroutines by state and wait reason. */
    @Test
    void goroutinesByStateAndReason() {
        try (Scheduler s = Scheduler.workStealing(2)) {
            GoroutineStats base = GoroutineStats.snapshot();
            CountDownLatch release = new CountDownLatch(1);
            Goroutine blocked = s.spawn(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Goroutine joiner = s.spawn(blocked::join);
            Await.until("joiner waiting", Await.LONG, () -> joiner.state() == GState.WAITING, joiner::toString);
            GoroutineStats st = GoroutineStats.snapshot();
            assertTrue(st.waiting(WaitReason.JOIN) >= base.waiting(WaitReason.JOIN) + 1, st.toString());
            assertTrue(st.count(GState.WAITING) >= 1, st.toString());
            assertTrue(st.count(GState.RUNNING) >= 1, "a goroutine in a JDK wait counts as running: " + st);
            assertEquals(st.total(), st.byState().values().stream().mapToInt(Integer::intValue).sum(), st.toString());
            assertEquals(st.count(GState.WAITING), st.waitingByReason().values().stream().mapToInt(Integer::intValue).sum(),
                    st.toString());
            release.countDown();
            joiner.join();
            assertEquals(0, GoroutineStats.snapshot().count(GState.DEAD));
        }
    }
}
