package io.gort.examples.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Synctest;
import io.gort.examples.ProgramTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 6: the notes' race ({@code data++} vs {@code if data == 0}) found under a seed for each of
 * its three outcomes, and each seed replayed to the same outcome.
 */
@Timeout(60)
class RaceReplayTest extends ProgramTest {
    @Test
    void everyOutcomeHasASeedAndEachSeedReplays() {
        Map<String, Long> first = RaceReplay.firstSeeds(RaceReplay.SEEDS);
        assertEquals(Set.of(RaceReplay.NOTHING, RaceReplay.VALUE_0, RaceReplay.VALUE_1), first.keySet());
        first.forEach((outcome, seed) -> {
            for (int i = 0; i < 100; i++) {
                assertEquals(outcome, RaceReplay.run(seed), "seed " + seed + ", replay " + i);
            }
        });
    }

    @Test
    void theSameSeedGivesTheSameTrace() {
        long seed = RaceReplay.firstSeeds(RaceReplay.SEEDS).get(RaceReplay.VALUE_1);
        List<Integer> trace = Synctest.run(seed, RaceReplay::program).trace();
        // root (1) spawns 2 and yields; 2 must not run before 2's check (else no output); the
        // root yields again, then 2 increments, then the root prints 1.
        assertEquals(List.of(1, 1, 2, 1), trace);
        for (int i = 0; i < 100; i++) {
            assertEquals(trace, Synctest.run(seed, RaceReplay::program).trace());
        }
    }

    @Test
    void main() throws Exception {
        List<String> lines = lines(RaceReplay::main);
        assertEquals(9, lines.size(), String.join("\n", lines));
        assertEquals("the notes' race in a Synctest bubble, preemption points marked with Go.yield()", lines.get(0));
        assertEquals("first seed for each outcome among seeds 0..99:", lines.get(1));
        assertTrue(lines.get(2).matches("  no output: seed \\d+"), lines.get(2));
        assertTrue(lines.get(3).matches("  the value is 0: seed \\d+"), lines.get(3));
        assertTrue(lines.get(4).matches("  the value is 1: seed \\d+"), lines.get(4));
        assertEquals("replaying each seed 100 times:", lines.get(5));
        assertTrue(lines.get(6).matches("  seed \\d+: no output, 100 of 100"), lines.get(6));
        assertTrue(lines.get(7).matches("  seed \\d+: the value is 0, 100 of 100"), lines.get(7));
        assertTrue(lines.get(8).matches("  seed \\d+: the value is 1, 100 of 100"), lines.get(8));
    }
}
