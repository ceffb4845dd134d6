package io.gort.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.sched.Scheduler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The long forms: Go's TestPoolStress at full size (10 goroutines x 1e6) and the exactly-once workload, scaled by {@code -Dgort.stress=N}. */
@Tag("stress")
class PoolStressTest {
    private static int multiplier() {
        return Math.max(1, Integer.getInteger("gort.stress", 1));
    }

    @Test
    @Timeout(600)
    void testPoolStressFullSize() {
        PoolTest.stress(new Pool<>(), 10, 1_000_000 * multiplier());
    }

    @Test
    @Timeout(600)
    void exactlyOnceOnEightCarriersWithPlatformThreadsWhileAging() throws Exception {
        try (Scheduler s = Scheduler.workStealing(8)) {
            long hits = PoolExactlyOnceTest.run(s, 32, 4, 200_000 * multiplier(), true);
            assertTrue(hits > 0);
        }
    }

    @Test
    @Timeout(600)
    void exactlyOnceOnOneCarrier() throws Exception {
        try (Scheduler s = Scheduler.workStealing(1)) {
            PoolExactlyOnceTest.run(s, 8, 0, 200_000 * multiplier(), false);
        }
    }
}
