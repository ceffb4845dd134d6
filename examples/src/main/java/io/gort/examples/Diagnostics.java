package io.gort.examples;

import io.gort.Deadlocks;
import io.gort.Go;
import io.gort.Synctest;
import io.gort.chan.Chan;
import io.gort.sched.DeadlockException;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's second tour: how gort finds concurrency bugs. Each part prints one or two lines that
 * {@code DiagnosticsTest} checks:
 * <ol>
 *   <li>a {@link Synctest} bubble sleeps an hour of virtual time in milliseconds;</li>
 *   <li>a race ({@code data++} against {@code if data == 0}) replayed from its seed: the same seed,
 *       the same interleaving, the same output;</li>
 *   <li>a {@link Mutex} cycle (the notes' printSum, locks taken in opposite orders) that Go would
 *       only hang on: {@link Deadlocks} proves it, and under the {@code throw} policy the youngest
 *       waiter's {@code lock()} throws, its {@code finally} unlocks, and the other goroutine
 *       finishes;</li>
 *   <li>{@link Go#dumpGrouped()}: three goroutines parked at one line are one group.</li>
 * </ol>
 * Run it with {@code mvn -q -pl examples -am compile exec:exec -Dshowcase=io.gort.examples.Diagnostics}.
 */
public final class Diagnostics {
    private Diagnostics() { }

    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        // 1. An hour in a bubble: the virtual clock jumps when every goroutine of the bubble waits.
        long start = System.nanoTime();
        Synctest.Result hour = Synctest.run(() -> Go.sleep(Duration.ofHours(1)));
        long realMillis = (System.nanoTime() - start) / 1_000_000;
        out.println("slept " + hour.elapsed() + " of virtual time in " + (realMillis < 5_000 ? "milliseconds" : realMillis + " ms"));

        // 2. The race, with its preemption points marked by Go.yield(); seed 3 lets data++ run
        //    between the check and the print. Replayed, it does the same every time.
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            outcomes.add(race(3));
        }
        out.println("seed 3, three times: " + outcomes);

        // 3. printSum's deadlock: each goroutine holds one Mutex and wants the other's.
        Deadlocks.Policy before = Deadlocks.setPolicy(Deadlocks.Policy.THROW);
        try {
            out.println(mutexCycle());
        } finally {
            Deadlocks.setPolicy(before);
        }

        // 4. Go's goroutine profile (pprof debug=1): identical stacks grouped with a count.
        Chan<Integer> never = Chan.make();
        for (int i = 0; i < 3; i++) {
            Go.spawn(() -> never.recv());
        }
        awaitParked(3, never);
        String group = Go.dumpGrouped().lines().filter(l -> l.startsWith("3 @ ")).findFirst().orElse("(no group of 3)");
        out.println("grouped dump: " + group);
        never.close();
    }

    /** The notes' race in a bubble scheduled by {@code seed}; returns what it printed. */
    static String race(long seed) {
        StringBuilder printed = new StringBuilder();
        Synctest.run(seed, () -> {
            int[] data = {0};
            Go.spawn(() -> data[0]++);
            Go.yield();                                  // a preemption point: data++ may run here
            if (data[0] == 0) {
                Go.yield();                              // and here, between the check and the print
                printed.append("the value is ").append(data[0]);
            }
        });
        return printed.isEmpty() ? "no output" : printed.toString();
    }

    /** Two goroutines lock a and b in opposite orders after a rendezvous; returns what happened. */
    static String mutexCycle() {
        Mutex a = new Mutex(), b = new Mutex();
        WaitGroup bothHoldOne = new WaitGroup();
        bothHoldOne.add(2);
        Chan<String> result = Chan.make(2);
        WaitGroup wg = new WaitGroup();
        for (Mutex[] order : new Mutex[][] {{a, b}, {b, a}}) {
            wg.go(() -> {
                order[0].lock();
                try {
                    bothHoldOne.done();
                    bothHoldOne.await();                 // a rendezvous: each now holds one Mutex
                    order[1].lock();
                    order[1].unlock();
                    result.send("finished");
                } catch (DeadlockException e) {
                    result.send("victim");
                } finally {
                    order[0].unlock();
                }
            });
        }
        wg.await();
        List<String> outcomes = new ArrayList<>(List.of(result.recv(), result.recv()));
        outcomes.sort(null);
        return "printSum's Mutex cycle under -Dgort.deadlock=throw: " + outcomes;
    }

    private static void awaitParked(int n, Object on) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (io.gort.sched.Goroutine.all().stream().filter(g -> g.waitingOn() == on).count() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("goroutines did not park");
            }
            Go.yield();
        }
    }
}
