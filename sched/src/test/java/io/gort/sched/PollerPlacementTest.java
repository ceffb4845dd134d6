package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's socket pollers must not live on a gort scheduler (loom-spike Q1, caveat 1): even when
 * the JVM's first blocking socket call is made by a goroutine, the SubPoller virtual threads run
 * on the JDK's default scheduler (a ForkJoinPool), because gort initializes the poller from a
 * platform thread. Observed precisely: in a forked JVM the poller objects' owner threads and
 * their {@code VirtualThread.scheduler} are read by reflection (needs an extra
 * {@code --add-opens java.base/sun.nio.ch}, so it cannot run in the test JVM). Thread names
 * alone are no robust observable: {@code Thread.getAllStackTraces()} lists no virtual threads,
 * and a parked SubPoller has no carrier to look at.
 */
class PollerPlacementTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void jdkPollersStayOffGortCarriers() {
        ForkedJvm.Result r = ForkedJvm.run(List.of(
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"), Map.of(), PollerPlacementMain.class);
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("read=7", lines.get(0), r::toString);
        List<String> pollers = lines.subList(1, lines.size());
        assertFalse(pollers.isEmpty(), r::toString);
        for (String p : pollers) {
            assertFalse(p.contains("io.gort"), "a JDK poller runs on a gort scheduler: " + p + "\n" + r);
            assertTrue(p.contains("scheduler=java.util.concurrent.ForkJoinPool") || p.contains("scheduler=platform"),
                    p + "\n" + r);
        }
    }
}
