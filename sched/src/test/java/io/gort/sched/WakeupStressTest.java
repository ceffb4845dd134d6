package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link WakeupTest} at scale: 10^6 x gort.stress park/unpark hand-offs, and many more idle rounds. */
@Tag("stress")
class WakeupStressTest {
    static final int MULTIPLIER = Math.max(1, Integer.getInteger("gort.stress", 1));

    @ParameterizedTest(name = "{0}({1}), {2} goroutines")
    @CsvSource({"workstealing, 2, 1000", "workstealing, 4, 64", "workstealing, 1, 64", "workstealing, 8, 256", "global, 2, 1000"})
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void millionWakeUpsNoneLost(String kind, int carriers, int parties) {
        long handoffs = 1_000_000L * MULTIPLIER;
        try (Scheduler s = Scheduler.of(kind, carriers)) {
            PermitRing ring = new PermitRing(parties, 4, 2 * carriers, handoffs);
            long done = ring.run(s, Duration.ofSeconds(500));
            assertTrue(done >= handoffs, "hand-offs " + done);
        }
    }

    @ParameterizedTest(name = "{0}({1}) with hogs")
    @CsvSource({"workstealing, 1", "workstealing, 2", "workstealing, 4", "global, 2"})
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void millionWakeUpsWhileHelpersComeAndGo(String kind, int carriers) {
        WakeupTest.hogRing(kind, carriers, 1_000_000L * MULTIPLIER);
    }

    @ParameterizedTest(name = "{0}({1})")
    @CsvSource({"workstealing, 1", "workstealing, 2", "workstealing, 8", "global, 2"})
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void manyTimerWakeUps(String kind, int carriers) {
        WakeupTest.timedSleepers(kind, carriers, 10_000, 20 * MULTIPLIER);
    }

    @ParameterizedTest(name = "{0}({1})")
    @CsvSource({"workstealing, 1", "workstealing, 2", "workstealing, 8", "global, 2"})
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void manyRoundsOfWorkArrivingAtAnIdleScheduler(String kind, int carriers) {
        WakeupTest.idleRounds(kind, carriers, 5_000 * MULTIPLIER);
    }
}
