package io.gort.examples.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.examples.ExampleRun;
import io.gort.sched.Goroutine;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's Example test for {@link ControlPatterns}: the output, no panics, and no goroutine left once it returns. */
@Timeout(60)
class ControlPatternsTest {
    @Test
    void output() throws Exception {
        Set<Long> before = Goroutine.all().stream().map(Goroutine::id).collect(Collectors.toSet());
        var r = ExampleRun.run(ControlPatterns::main);
        assertEquals(List.of(
                "queue: 3 4 5 (dropped 2)",
                "priority: request report cleanup",
                "actor: {a=3, b=2, c=1}",
                "replicated: the fast one",
                "heartbeat: pulse, then 1 4 9",
                "steward: ward unhealthy; restarting (1)",
                "steward: ward unhealthy; restarting (2)"), r.lines());
        assertEquals(List.of(), r.panics());
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Goroutine> left;
        while (!(left = Goroutine.all().stream().filter(g -> g.isAlive() && !before.contains(g.id())).toList()).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "goroutines left behind: " + left);
            Thread.yield();
        }
    }
}
