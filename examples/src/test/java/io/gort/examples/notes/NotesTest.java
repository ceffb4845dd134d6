package io.gort.examples.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.examples.ExampleLeaks;
import io.gort.examples.ExampleRun;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed notes' programs (/work/shared/seed-notes.md, the notes gort grew from), run as Go runs
 * its {@code Example} tests: the output is compared line by line where the program is
 * deterministic; where it depends on timing, only what must hold is checked (sums, sets, bounds).
 * Every test also checks that the program left no goroutine running.
 */
@Timeout(60)
class NotesTest {
    private Set<Long> before;

    @BeforeEach
    void snapshot() {
        before = ExampleLeaks.snapshot();
    }

    @AfterEach
    void noLeaks() {
        ExampleLeaks.assertNoneLeft(before);
    }

    private static int count(String line) {
        Matcher m = Pattern.compile("(\\d+)$").matcher(line);
        assertTrue(m.find(), line);
        return Integer.parseInt(m.group(1));
    }

    /** Notes, "Race Condition": the three outcomes' counts add up to the runs; each line names one. */
    @Test
    void raceCondition() throws Exception {
        List<String> lines = ExampleRun.run(RaceCondition::main).lines();
        assertEquals(9, lines.size(), String.join("\n", lines));
        assertEquals("the notes' race, 10000 runs, each on a fresh goroutine:", lines.get(0));
        assertTrue(lines.get(1).startsWith("  nothing printed"), lines.get(1));
        assertTrue(lines.get(2).startsWith("  printed \"the value is 0\""), lines.get(2));
        assertTrue(lines.get(3).startsWith("  printed \"the value is 1\""), lines.get(3));
        assertEquals(RaceCondition.RUNS, count(lines.get(1)) + count(lines.get(2)) + count(lines.get(3)));
        assertEquals("with time.Sleep before the check (1ms for the notes' 1s), 100 runs:", lines.get(4));
        assertEquals(RaceCondition.SLEEPY_RUNS, count(lines.get(5)) + count(lines.get(6)) + count(lines.get(7)));
        assertTrue(lines.get(8).startsWith("the counts vary from run to run"));
    }

    /** Notes, "DeadLock" (the book's printSum): found with a bounded wait, reasons shown, then broken. */
    @Test
    void deadlock() throws Exception {
        var r = ExampleRun.run(Deadlock::main);
        assertEquals(List.of(
                "deadlock: both goroutines are blocked",
                "  printSum(a, b) [sync.Mutex.Lock] holds a, wants b",
                "  printSum(b, a) [sync.Mutex.Lock] holds b, wants a",
                "breaking it: printSum(a, b) is the victim; its lock on a is released",
                "printSum(b, a): sum=3",
                "printSum(a, b) was the victim; it retries",
                "printSum(a, b): sum=3",
                "both goroutines finished"), r.lines());
        assertEquals(List.of(), r.panics());
    }

    /** Notes, "Livelock" (the book's hallway): each tries at most 5 times, in order, then gives up. */
    @Test
    void livelock() throws Exception {
        String out = ExampleRun.run(Livelock::main).out();
        for (String name : List.of("Alice", "Barbara")) {
            Matcher m = Pattern.compile(name + " is trying to scoot:((?: left| right)*)(\\. Success!)?\\n"
                    + "(" + name + " gives up: she tosses her hands up in exasperation!\\n)?").matcher(out);
            assertTrue(m.find(), out);
            String[] steps = m.group(1).trim().split(" ");
            assertTrue(steps.length <= 2 * Livelock.TRIES, out);
            for (int i = 0; i < steps.length; i++) {
                assertEquals(i % 2 == 0 ? "left" : "right", steps[i], out);
            }
            boolean success = m.group(2) != null, gaveUp = m.group(3) != null;
            assertTrue(success != gaveUp, out);
            if (gaveUp) {
                assertEquals(2 * Livelock.TRIES, steps.length, out);
            }
        }
    }

    /** Notes, "Starvation" (the book's greedy and polite workers): the greedy one does more. */
    @Test
    void starvation() throws Exception {
        List<String> lines = ExampleRun.run(Starvation::main).lines();
        assertEquals(3, lines.size());
        int greedy = Integer.parseInt(lines.get(0).replaceAll("\\D", ""));
        int polite = Integer.parseInt(lines.get(1).replaceAll("\\D", ""));
        assertTrue(lines.get(0).startsWith("Greedy worker was able to execute "));
        assertTrue(lines.get(1).startsWith("Polite worker was able to execute "));
        assertTrue(greedy > 0 && polite > 0, lines.toString());
        assertTrue(greedy >= polite, lines.toString());
    }
}
