package io.gort.examples.notes;

import io.gort.Go;
import io.gort.sched.Goroutine;
import java.time.Duration;

/**
 * <b>Race Condition</b> — the notes' section "### Race Condition": «کلا این پدیده زمانی اتفاق میفته که
 * دو یا چند عملیات باید توی ترتیب درست اجرا شن که برنامه درست کار کنه ولی این شرایط و ترتیب همیشه
 * گارانتی نمیشن» ("it happens when two or more operations must run in the right order for the
 * program to be correct, but that order is not guaranteed"). The notes' program:
 * <pre>{@code
 * var data int
 * go func() {
 *     data++ // 1
 * }()
 * if data == 0 { // 2
 *     fmt.Printf("the value is %v \n", data) // 3
 * }
 * }</pre>
 * has three outcomes: 2, 3, then 1 (prints 0); 1, then 2 (prints nothing); 2, 1, then 3 (prints 1).
 * The notes' second version sleeps a second before the check: that makes "nothing" likelier but
 * leaves the race in place.
 *
 * <p>This program runs the first version {@link #RUNS} times, each on a fresh goroutine, and
 * prints how often each outcome happened; then the sleeping version {@link #SLEEPY_RUNS} times
 * (the second scaled to a millisecond). The counts differ from run to run and from machine to
 * machine — that is the point. {@code data} is a plain field, a data race on purpose, as in Go.
 * (A JIT may merge the two reads of {@code data} into one, which makes "printed 1" rarer still.)
 */
public final class RaceCondition {
    private RaceCondition() { }

    static final int RUNS = 10_000;
    static final int SLEEPY_RUNS = 100;

    /** The three ways the notes' program can go. */
    enum Outcome {
        NOTHING("nothing printed (1 ran before 2)"),
        PRINTED_0("printed \"the value is 0\" (2, 3, then 1)"),
        PRINTED_1("printed \"the value is 1\" (2, 1, then 3)");

        final String text;

        Outcome(String text) {
            this.text = text;
        }
    }

    /** The shared variable; a plain field on purpose. */
    private static final class Data {
        int data;
    }

    /** One run of the notes' program; {@code sleep} is the second version's pause before the check. */
    static Outcome once(Duration sleep) {
        Data d = new Data();
        Goroutine g = Go.spawn(() -> d.data++);    // 1
        Go.sleep(sleep);
        Outcome o = Outcome.NOTHING;
        if (d.data == 0) {                          // 2
            o = d.data == 0 ? Outcome.PRINTED_0 : Outcome.PRINTED_1;   // 3: what Printf would print
        }
        g.join();   // not in the notes: keeps 10,000 runs from piling up
        return o;
    }

    static int[] distribution(int runs, Duration sleep) {
        int[] counts = new int[Outcome.values().length];
        for (int i = 0; i < runs; i++) {
            counts[once(sleep).ordinal()]++;
        }
        return counts;
    }

    static void print(int[] counts) {
        for (Outcome o : Outcome.values()) {
            System.out.printf("  %-44s %d%n", o.text + ":", counts[o.ordinal()]);
        }
    }

    public static void main(String[] args) {
        System.out.println("the notes' race, " + RUNS + " runs, each on a fresh goroutine:");
        print(distribution(RUNS, Duration.ZERO));
        System.out.println("with time.Sleep before the check (1ms for the notes' 1s), " + SLEEPY_RUNS + " runs:");
        print(distribution(SLEEPY_RUNS, Duration.ofMillis(1)));
        System.out.println("the counts vary from run to run: the sleep makes a race less likely, it does not remove it");
    }
}
