package io.gort.examples.notes;

import io.gort.Go;
import io.gort.Synctest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * <b>Race Condition, reproduced on demand</b> — the notes' race ({@link RaceCondition}) run in a
 * {@link Synctest} bubble, where the interleaving is chosen by a seed: find a seed for each of
 * the three outcomes, then replay each seed and get the same outcome every time.
 * <pre>{@code
 * var data int
 * go func() {
 *     data++ // 1
 * }()
 * if data == 0 { // 2
 *     fmt.Printf("the value is %v \n", data) // 3
 * }
 * }</pre>
 * In a bubble gort switches goroutines only where one blocks or yields, never in the middle of
 * straight-line code. So the places where a real scheduler (or another core) could come between
 * the statements are marked with {@link Go#yield()}: after the {@code go} statement and between
 * 2 and 3. Each yield is a point where the seeded scheduler picks who runs next; the three
 * outcomes are the three ways those picks can go. (Without the yields, every seed gives the same
 * outcome: the root runs to its end before the new goroutine starts.)
 */
public final class RaceReplay {
    private RaceReplay() { }

    static final int SEEDS = 100;
    static final int REPLAYS = 100;

    /** The three outcomes, in the words of the program's output. */
    static final String NOTHING = "no output";
    static final String VALUE_0 = "the value is 0";
    static final String VALUE_1 = "the value is 1";

    private static final class Data {
        int data;   // a plain field: the race is the point
    }

    /** The notes' program with its preemption points marked; returns what it printed. */
    static String program() {
        Data d = new Data();
        StringBuilder out = new StringBuilder();
        Go.spawn(() -> d.data++);                  // 1
        Go.yield();                                // preemption point: 1 may run before 2
        if (d.data == 0) {                         // 2
            Go.yield();                            // preemption point: 1 may run between 2 and 3
            out.append("the value is ").append(d.data);   // 3
        }
        return out.isEmpty() ? NOTHING : out.toString();
    }

    /** The outcome of the program in a bubble scheduled by {@code seed}. */
    static String run(long seed) {
        String[] outcome = new String[1];
        Synctest.run(seed, () -> outcome[0] = program());
        return outcome[0];
    }

    /** For each outcome, the first of the seeds 0 .. n-1 that gives it, in the order found. */
    static Map<String, Long> firstSeeds(int n) {
        Map<String, Long> first = new LinkedHashMap<>();
        for (long seed = 0; seed < n; seed++) {
            first.putIfAbsent(run(seed), seed);
        }
        return first;
    }

    public static void main(String[] args) {
        System.out.println("the notes' race in a Synctest bubble, preemption points marked with Go.yield()");
        Map<String, Long> first = firstSeeds(SEEDS);
        System.out.println("first seed for each outcome among seeds 0.." + (SEEDS - 1) + ":");
        for (String outcome : new String[] {NOTHING, VALUE_0, VALUE_1}) {
            Long seed = first.get(outcome);
            System.out.println("  " + outcome + ": " + (seed == null ? "not found" : "seed " + seed));
        }
        System.out.println("replaying each seed " + REPLAYS + " times:");
        for (String outcome : new String[] {NOTHING, VALUE_0, VALUE_1}) {
            Long seed = first.get(outcome);
            if (seed == null) {
                continue;
            }
            int same = 0;
            for (int i = 0; i < REPLAYS; i++) {
                if (run(seed).equals(outcome)) {
                    same++;
                }
            }
            System.out.println("  seed " + seed + ": " + outcome + ", " + same + " of " + REPLAYS);
        }
    }
}
