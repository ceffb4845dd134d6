package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SchedTrace}, gort's {@code GODEBUG=schedtrace}: the line's format (Go's fields first, as
 * {@code runtime/proc.go} schedtrace prints them in Go 1.21-1.25), and a live tracer printing into a
 * captured stream.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SchedTraceTest {
    static final Pattern LINE = Pattern.compile("SCHED \\d+ms: gomaxprocs=2 idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+"
            + " helpers=\\d+ goroutines=\\d+ runqueue=\\d+ \\[\\d+ \\d+\\] tasks=\\d+ steals=\\d+ parks=\\d+ lent=\\d+");

    static CarrierMetrics carrier(int index, boolean helper, int depth, long tasks, long steals, long parks) {
        return new CarrierMetrics(index, helper, CarrierMetrics.Status.RUNNING, depth, tasks, 0, 0, steals, steals, 0, 0, parks);
    }

    @Test
    void lineHasGosFieldsThenGorts() {
        SchedulerMetrics before = new SchedulerMetrics("workstealing", 2, 3, 0, 0, 0, 1, 1, 0, 0,
                List.of(carrier(0, false, 0, 100, 1, 1), carrier(1, false, 0, 50, 2, 2)), CarrierMetrics.NONE);
        SchedulerMetrics now = new SchedulerMetrics("workstealing", 2, 3, 7, 1, 1, 1, 2, 0, 0,
                List.of(carrier(0, false, 3, 150, 1, 4), carrier(1, false, 0, 60, 5, 2), carrier(-1, true, 9, 10, 0, 0)),
                CarrierMetrics.NONE);
        assertEquals("SCHED 1004ms: gomaxprocs=2 idleprocs=1 threads=3 spinningthreads=1 helpers=1 goroutines=12"
                        + " runqueue=7 [3 0] tasks=70 steals=3 parks=3 lent=1",
                SchedTrace.line(1004, now, 12, before));
        assertEquals("SCHED 0ms: gomaxprocs=2 idleprocs=0 threads=3 spinningthreads=0 helpers=1 goroutines=0"
                        + " runqueue=0 [0 0] tasks=150 steals=3 parks=3 lent=1",
                SchedTrace.line(0, before, 0, null), "no previous line: counts since the start");
    }

    @Test
    void aForkJoinSchedulerHasAnEmptyBracket() {
        try (Scheduler s = Scheduler.forkJoin(2)) {
            String line = SchedTrace.line(5, s.metrics(), 1, null);
            assertTrue(line.startsWith("SCHED 5ms: gomaxprocs=2 "), line);
            assertTrue(line.contains(" []"), line);
        }
    }

    @Test
    void aLiveTracerPrintsALinePerPeriod() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Scheduler s = Scheduler.workStealing(2)) {
            SchedTrace t = SchedTrace.start(s, Duration.ofMillis(20), out);
            try {
                Await.until("two trace lines", Await.LONG, () -> lines(bytes).size() >= 2, () -> bytes.toString(StandardCharsets.UTF_8));
            } finally {
                t.close();
            }
            Await.until("the tracer to stop", () -> !t.isRunning());
            List<String> lines = lines(bytes);
            assertTrue(lines.get(0).startsWith("SCHED 0ms: "), "the first line comes at once, as Go's: " + lines.get(0));
            for (String l : lines) {
                assertTrue(LINE.matcher(l).matches(), "not a trace line: " + l);
            }
        }
    }

    @Test
    void thePropertyStartsATracerOnlyWhenPositive() {
        String old = System.getProperty("gort.schedtrace");
        try (Scheduler s = Scheduler.workStealing(1)) {
            System.clearProperty("gort.schedtrace");
            assertNull(SchedTrace.startFromProperty(s));
            System.setProperty("gort.schedtrace", "0");
            assertNull(SchedTrace.startFromProperty(s));
            System.setProperty("gort.schedtrace", "60000");
            SchedTrace t = SchedTrace.startFromProperty(s);
            assertNotNull(t);
            t.close();
            Await.until("the tracer to stop", () -> !t.isRunning());
        } finally {
            if (old == null) {
                System.clearProperty("gort.schedtrace");
            } else {
                System.setProperty("gort.schedtrace", old);
            }
        }
    }

    private static List<String> lines(ByteArrayOutputStream bytes) {
        String s = bytes.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : s.lines().toList();
    }
}
