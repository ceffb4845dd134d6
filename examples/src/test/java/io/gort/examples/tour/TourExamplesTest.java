package io.gort.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.examples.ExampleGoroutines;
import io.gort.examples.ExampleRun;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outputs of A Tour of Go's concurrency chapter (go.dev/tour/concurrency/1..10), ported to
 * {@code io.gort.examples.tour}, checked as Go checks an {@code Example}'s {@code // Output:}: line
 * by line where the program is deterministic; where the scheduler or the clock decides, the test
 * checks what must hold whatever they decide (the set of lines, counts, order constraints, lower
 * bounds on elapsed times). No goroutine of any program may panic,
 * and once {@code main} has returned its goroutines must end, but for those the Go original leaves
 * parked forever ({@link ExampleGoroutines}).
 */
@Timeout(30)
class TourExamplesTest {

    /**
     * Starts gort's scheduler before the first program, as Go's runtime is up before {@code main}:
     * its first start (carriers, monitor, class loading) can take a few hundred milliseconds on a
     * busy machine, which would eat into the first program's scaled-down sleeps.
     */
    @BeforeAll
    static void startScheduler() {
        io.gort.Go.spawn(() -> { }).join();
    }

    private static List<String> run(ExampleRun.Main main) throws Exception {
        return run(main, 0);
    }

    /**
     * Runs {@code main}, checks that no goroutine panicked and that, once it has returned, its
     * goroutines end but for {@code leftBehind} that the Go original leaves parked forever.
     */
    private static List<String> run(ExampleRun.Main main, int leftBehind) throws Exception {
        return ExampleRun.checked(main, leftBehind);
    }

    /** go.dev/tour/concurrency/1: five "hello"s from main; "world"s only as many as came before main's end. */
    @Test
    void goroutines() throws Exception {
        List<String> lines = run(Goroutines::main);
        assertEquals(5, Collections.frequency(lines, "hello"), lines::toString);
        long worlds = Collections.frequency(lines, "world");
        assertTrue(worlds <= 5, lines::toString);
        assertEquals(lines.size(), 5 + worlds, "only hello and world: " + lines);
    }

    /** go.dev/tour/concurrency/2: -5 17 12, the halves in either order. */
    @Test
    void channels() throws Exception {
        List<String> lines = run(Channels::main);
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(Set.of("-5 17 12", "17 -5 12").contains(lines.getFirst()), lines::toString);
    }

    /** go.dev/tour/concurrency/3. */
    @Test
    void bufferedChannels() throws Exception {
        assertEquals(List.of("1", "2"), run(BufferedChannels::main));
    }

    /** go.dev/tour/concurrency/4: the first ten Fibonacci numbers, then the range loop ends at close. */
    @Test
    void rangeAndClose() throws Exception {
        assertEquals(List.of("0", "1", "1", "2", "3", "5", "8", "13", "21", "34"), run(RangeAndClose::main));
    }

    /** go.dev/tour/concurrency/5: ten numbers through the select's send case, then the quit case. */
    @Test
    void select() throws Exception {
        assertEquals(List.of("0", "1", "1", "2", "3", "5", "8", "13", "21", "34", "quit"),
                run(SelectFibonacci::main));
    }

    /**
     * go.dev/tour/concurrency/6: the first select finds nothing ready, so the first line is the
     * default's dot; the last is the boom, not before its time; the k-th tick is not before k ticks'
     * time, and there are no more ticks than periods before the boom (elapsed times are rounded to
     * the millisecond, hence the 1 ms slack).
     */
    @Test
    void defaultSelection() throws Exception {
        List<String> lines = run(DefaultSelection::main);
        Pattern line = Pattern.compile("\\[ *(\\d+\\.\\d\\d)ms] (tick\\.|BOOM!|    \\.)");
        long tickMs = DefaultSelection.TICK.toMillis(), boomMs = DefaultSelection.BOOM.toMillis();
        int ticks = 0;
        double last = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = line.matcher(lines.get(i));
            assertTrue(m.matches(), "line " + i + ": " + lines.get(i));
            double ms = Double.parseDouble(m.group(1));
            assertTrue(ms >= last, "elapsed times go forward: " + lines);
            last = ms;
            switch (m.group(2)) {
                case "tick." -> {
                    ticks++;
                    assertTrue(ms >= ticks * tickMs - 1, "tick " + ticks + " too early: " + lines);
                }
                case "BOOM!" -> {
                    assertEquals(lines.size() - 1, i, "BOOM! ends the loop: " + lines);
                    assertTrue(ms >= boomMs - 1, "boom too early: " + lines);
                }
                default -> { }
            }
        }
        assertTrue(lines.getFirst().endsWith("]     ."), lines::toString);
        assertTrue(lines.getLast().endsWith("BOOM!"), lines::toString);
        double boomAt = last;
        assertTrue(ticks <= (boomAt + 1) / tickMs, "at most one tick per period before the boom: " + lines);
    }

    /** go.dev/tour/concurrency/7-8: Walk yields 1..10 in order; Same says true, then false. */
    @Test
    void equivalentBinaryTrees() throws Exception {
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "true", "false"),
                run(EquivalentBinaryTrees::main));
    }

    /** The tree package's New(k): every shape holds k..10k in order; seeds give different shapes. */
    @Test
    void treeNewHoldsKTo10kInAnyShape() {
        Set<String> shapes = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            Tree t = Tree.newTree(3, new Random(seed));
            shapes.add(t.toString());
            assertEquals("3 6 9 12 15 18 21 24 27 30", t.toString().replaceAll("[()]", "").trim(), t.toString());
        }
        assertTrue(shapes.size() > 1, "random shapes: " + shapes);
        assertEquals(false, EquivalentBinaryTrees.same(Tree.newTree(1, new Random(1)), null), "a tree vs the empty tree");
        assertEquals(true, EquivalentBinaryTrees.same(Tree.newTree(2, new Random(1)), Tree.newTree(2, new Random(2))));
    }

    /** go.dev/tour/concurrency/9: a thousand increments under the Mutex, none lost. */
    @Test
    void syncMutex() throws Exception {
        assertEquals(List.of("1000"), run(SafeCounter::main));
    }

    /** go.dev/tour/concurrency/10: each URL fetched once, whatever the order. */
    @Test
    void webCrawler() throws Exception {
        List<String> lines = run(WebCrawler::main);
        assertEquals(Set.of(
                "found: https://golang.org/ \"The Go Programming Language\"",
                "found: https://golang.org/pkg/ \"Packages\"",
                "not found: https://golang.org/cmd/",
                "found: https://golang.org/pkg/fmt/ \"Package fmt\"",
                "found: https://golang.org/pkg/os/ \"Package os\""), Set.copyOf(lines));
        assertEquals(5, lines.size(), "no URL twice: " + lines);
        assertEquals("found: https://golang.org/ \"The Go Programming Language\"", lines.getFirst());
    }
}
