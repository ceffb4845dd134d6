package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * A helper carrier leaves when the stall that brought it is over, even while the scheduler stays
 * busy (found in review: before the recall, a helper left only when it found no work, so under
 * steady load GOMAXPROCS=1 became 2 carriers for good).
 * <pre>
 *  1  64 goroutines keep yielding (each yield goes to the global queue): steady load throughout,
 *     so no carrier ever leaves for want of work.
 *  2  a hog spins on the only carrier with work waiting: the monitor lends a helper.
 *  3  a releaser runs on the helper and stops the hog.
 *  4  with no carrier stuck, the monitor recalls the helper: it hands its work back and leaves.
 * </pre>
 */
class HelperRecallTest {
    private static final int YIELDERS = 64;

    @ParameterizedTest
    @ValueSource(strings = {"workstealing", "global"})
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aHelperLeavesAfterTheStallEvenUnderSteadyLoad(String kind) {
        try (Scheduler s = Scheduler.of(kind, 1)) {
            AtomicBoolean released = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch hogging = new CountDownLatch(1);
            CountDownLatch yieldersDone = new CountDownLatch(YIELDERS);
            for (int i = 0; i < YIELDERS; i++) {             // steady load from the start
                s.spawn("yielder-" + i, () -> {
                    while (!stop.get()) {
                        Thread.yield();
                    }
                    yieldersDone.countDown();
                });
            }
            s.spawn("hog", () -> {
                hogging.countDown();
                while (!released.get()) {
                    Thread.onSpinWait();
                }
            });
            Await.latch("hog on the carrier", hogging);
            s.spawn("releaser", () -> released.set(true));
            Await.until("the releaser to run on a helper", Await.LONG, released::get, s::toString);
            assertTrue(s.stats().helpersLent() >= 1, s.toString());
            try {
                Await.until("the helper to be recalled under load", Duration.ofSeconds(15),
                        () -> s.stats().helpers() == 0, s::toString);
                // No second look: on a loaded machine the OS may deschedule the one carrier for a
                // monitor interval, and the monitor then rightly lends a helper again.
            } finally {
                stop.set(true);
            }
            Await.latch("the yielders", yieldersDone, Duration.ofSeconds(15), s::toString);
        }
    }
}
