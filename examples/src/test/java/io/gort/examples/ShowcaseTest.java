package io.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.sched.Goroutine;
import io.gort.sched.PanicHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The showcase's output, checked as Go checks an Example's "// Output:". */
class ShowcaseTest {
    @Test
    @Timeout(60)
    void printsWhatTheReadmeSays() throws Exception {
        AtomicReference<Throwable> panic = new AtomicReference<>();
        PanicHandler previous = Goroutine.setPanicHandler((g, t) -> panic.set(t));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            Showcase.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        } finally {
            Goroutine.setPanicHandler(previous);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].matches("gort on 25.* scheduler workstealing, GOMAXPROCS \\d+"), lines[0]);
        assertEquals("spawned 100000 goroutines, sum = 4999950000", lines[1]);
        assertEquals("goroutine \"napper\" slept 5ms and woke", lines[2]);
        assertEquals("sum of squares 1..10 = 385", lines[3]);
        assertEquals("timed out after 10ms", lines[4]);
        assertEquals("the first worker to get here says hello, once", lines[5]);
        assertEquals("8 goroutines x 10000 increments under a Mutex = 80000", lines[6]);
        assertEquals("gave up waiting: context deadline exceeded", lines[7]);
        assertEquals("errgroup: task 2 failed, and the group's context says: context canceled", lines[8]);
        assertEquals("pipeline repeatFn -> map(square) -> filter(even) -> take(5): [4, 16, 36, 64, 100]", lines[9]);
        assertEquals("hello from a goroutine on a scheduler of 4 carriers", lines[10]);
        assertEquals("a goroutine panicked; the program goes on", lines[11]);
        assertTrue(lines[12].matches("goroutines still running: \\d+"), lines[12]);
        assertEquals(13, lines.length);
        assertEquals("boom", panic.get().getMessage());
    }
}
