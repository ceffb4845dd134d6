package io.gort.sched;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CloseWhileRunningTest}'s hog scenario, many times. It found a second way to strand G2 (7 of
 * 300 runs with three busy loops loading the two cores): G1, woken after close, ran on a lent helper
 * while the only regular carrier had already left; G2 went to the global queue, and the monitor lent
 * nobody for it, since "one helper per stuck carrier" was already met by the stuck helper itself.
 * The monitor now lends whenever every live carrier is stuck (300 of 300).
 */
@Tag("stress")
class CloseWhileRunningStressTest {
    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void aHogWokenAfterCloseNeverStrandsTheGoroutineItWakes() throws Exception {
        var test = new CloseWhileRunningTest();
        for (int i = 0; i < 300 * Stress.multiplier(); i++) {
            test.aHogThatWakesAGoroutineAfterCloseIsNotStrandedBehindIt();
        }
    }
}
