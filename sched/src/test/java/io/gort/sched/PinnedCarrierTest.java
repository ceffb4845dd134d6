package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A carrier held by one goroutine (a CPU hog, or a class initializer that blocks: both pin the
 * carrier on every scheduler) must not stop the rest of the program: with one carrier, goroutine
 * B, spawned after A holds the carrier, is the one that lets A go. Only the monitor's helper
 * carrier can run B.
 */
class PinnedCarrierTest {

    // One class per scheduler kind: a class is initialized once per JVM.
    static final CountDownLatch WS_INIT_GATE = new CountDownLatch(1);
    static final CountDownLatch GLOBAL_INIT_GATE = new CountDownLatch(1);
    static final CountDownLatch WS_INIT_ENTERED = new CountDownLatch(1);
    static final CountDownLatch GLOBAL_INIT_ENTERED = new CountDownLatch(1);

    static final class WsBlockingInit {
        static final boolean DONE;
        static {
            WS_INIT_ENTERED.countDown();
            DONE = awaitUninterruptibly(WS_INIT_GATE);
        }
    }

    static final class GlobalBlockingInit {
        static final boolean DONE;
        static {
            GLOBAL_INIT_ENTERED.countDown();
            DONE = awaitUninterruptibly(GLOBAL_INIT_GATE);
        }
    }

    static boolean awaitUninterruptibly(CountDownLatch l) {
        try {
            return l.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}(1), B spawned from {1}")
    @CsvSource({"workstealing, platform", "workstealing, hog", "global, platform", "global, hog"})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void cpuHogDoesNotStopOtherGoroutines(String kind, String from) {
        try (Scheduler s = Scheduler.of(kind, 1)) {
            java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
            CountDownLatch hogging = new CountDownLatch(1);
            CountDownLatch hogDone = new CountDownLatch(1);
            AtomicReference<String> bCarrier = new AtomicReference<>();
            Runnable b = () -> {
                bCarrier.set(Loom.currentCarrier().getName());
                flag.set(true);
            };
            s.spawn("hog", () -> {
                if (from.equals("hog")) {
                    s.spawn("b", b);                 // lands in this carrier's runnext (workstealing)
                }
                hogging.countDown();
                while (!flag.get()) {
                    Thread.onSpinWait();             // never parks, never yields
                }
                hogDone.countDown();
            });
            Await.latch("the hog to start", hogging);
            if (from.equals("platform")) {
                s.spawn("b", b);
            }
            Await.latch("B to stop the hog", hogDone, Duration.ofSeconds(10), s::toString);
            assertTrue(s.stats().helpersLent() >= 1, "a helper carrier was lent: " + s.stats());
            assertTrue(bCarrier.get().endsWith("-helper"), "B ran on the helper: " + bCarrier);
            assertTrue(s.stats().longestStallNanos() >= Monitor.INTERVAL_NANOS, "the stall was recorded: " + s.stats());
            // Once nothing is stuck and there is no work, the helper leaves.
            Await.until("the helper to leave", Await.LONG, () -> s.stats().helpers() == 0, s::toString);
        }
    }

    @ParameterizedTest(name = "{0}(1)")
    @CsvSource({"workstealing", "global"})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void blockingClassInitializerDoesNotStopOtherGoroutines(String kind) {
        boolean ws = kind.equals("workstealing");
        CountDownLatch gate = ws ? WS_INIT_GATE : GLOBAL_INIT_GATE;
        CountDownLatch entered = ws ? WS_INIT_ENTERED : GLOBAL_INIT_ENTERED;
        try (Scheduler s = Scheduler.of(kind, 1)) {
            AtomicReference<Boolean> initResult = new AtomicReference<>();
            CountDownLatch aDone = new CountDownLatch(1);
            s.spawn("in-clinit", () -> {
                initResult.set(ws ? WsBlockingInit.DONE : GlobalBlockingInit.DONE);
                aDone.countDown();
            });
            Await.latch("A to enter the class initializer", entered);
            s.spawn("b", gate::countDown);
            Await.latch("A to finish the class initializer", aDone, Duration.ofSeconds(10), s::toString);
            assertTrue(initResult.get(), "the initializer was released by B, not by its own timeout");
            assertTrue(s.stats().helpersLent() >= 1, "a helper carrier was lent: " + s.stats());
        }
    }

    /**
     * The monitor sleeps once every carrier has been idle for ten intervals (its thread is then
     * parked without a timeout: WAITING). A hog arriving at such a quiet scheduler must still get
     * the monitor's attention.
     */
    @ParameterizedTest(name = "{0}(1)")
    @CsvSource({"workstealing", "global"})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void hogAfterTheMonitorWentToSleep(String kind) {
        try (Scheduler s = Scheduler.of(kind, 1)) {
            String name = s.toString().substring(0, s.toString().indexOf('['));
            Thread monitor = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(name + "-monitor")).findFirst().orElseThrow();
            Await.until("the monitor to sleep", Await.LONG, () -> monitor.getState() == Thread.State.WAITING,
                    () -> "monitor " + monitor.getState());
            java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
            CountDownLatch hogging = new CountDownLatch(1);
            CountDownLatch hogDone = new CountDownLatch(1);
            s.spawn("hog", () -> {
                hogging.countDown();
                while (!flag.get()) {
                    Thread.onSpinWait();
                }
                hogDone.countDown();
            });
            Await.latch("the hog to start", hogging);
            s.spawn("b", () -> flag.set(true));
            Await.latch("B to stop the hog", hogDone, Duration.ofSeconds(10), s::toString);
            assertTrue(s.stats().helpersLent() >= 1, "a helper carrier was lent: " + s.stats());
        }
    }

    /** Hogs that pile up: each helper gets hogged in turn, and the monitor lends one more each time. */
    @ParameterizedTest(name = "{0}(1)")
    @CsvSource({"workstealing", "global"})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void hogsPilingUpGetAHelperEach(String kind) {
        int hogs = 4;
        try (Scheduler s = Scheduler.of(kind, 1)) {
            java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
            CountDownLatch done = new CountDownLatch(hogs);
            for (int i = 0; i < hogs; i++) {
                CountDownLatch hogging = new CountDownLatch(1);
                s.spawn("hog-" + i, () -> {
                    hogging.countDown();
                    while (!flag.get()) {
                        Thread.onSpinWait();
                    }
                    done.countDown();
                });
                Await.latch("hog " + i + " to start", hogging, Duration.ofSeconds(10), s::toString);
            }
            s.spawn("releaser", () -> flag.set(true));
            Await.latch("the hogs to be released", done, Duration.ofSeconds(10), s::toString);
            assertTrue(s.stats().helpersLent() >= hogs, "a helper per hog: " + s.stats());
        }
    }
}
