package io.gort.examples.cig;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.sync.WaitGroup;
import java.util.List;

/**
 * "Concurrency in Go" (Katherine Cox-Buday, O'Reilly 2017), chapter 3, "Go's Concurrency Building
 * Blocks", section "Goroutines", and "The sync Package: WaitGroup": the chapter's programs in order,
 * each after a line {@code == name}.
 * <ul>
 *   <li>{@code sayHello}: {@code go sayHello()} joined by a WaitGroup.</li>
 *   <li>{@code closure}: a goroutine changes the variable it closes over; main sees "welcome".
 *       Java lambdas capture only effectively final variables, so the variable is an array cell.</li>
 *   <li>{@code loop closure}: goroutines started in a loop over "hello", "greetings", "good day".
 *       Before Go 1.22 each closure saw the loop variable's last value ("good day" three times) unless
 *       it was passed as a parameter; a Java lambda captures each iteration's value, as Go 1.22 does:
 *       the three salutations, in any order.</li>
 *   <li>{@code memory}: the book's {@code memConsumed} measurement: 10,000 goroutines parked on a
 *       channel receive; the heap's growth divided by their number (the book: about 2.7 KB per
 *       goroutine in Go; a parked virtual thread's stack lives on the heap too). The book parks
 *       them on a nil channel forever; here they wait on a channel that is then closed.</li>
 *   <li>{@code context switch}: the book's BenchmarkContextSwitch: two goroutines pass a token over
 *       an unbuffered channel; nanoseconds per send/receive pair (the book: 225 ns on its machine).</li>
 *   <li>{@code WaitGroup}: two goroutines, then "All goroutines complete."; and five greeters.</li>
 * </ul>
 */
public final class Ch3Goroutines {
    private Ch3Goroutines() { }

    static final int MEMORY_GOROUTINES = 10_000, SWITCHES = 20_000;

    public static void main(String[] args) {
        System.out.println("== sayHello");
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Go.spawn(() -> {
            try {
                System.out.println("hello");
            } finally {
                wg.done();
            }
        });
        wg.await();

        System.out.println("== closure");
        String[] salutation = {"hello"};
        wg.add(1);
        Go.spawn(() -> {
            try {
                salutation[0] = "welcome";
            } finally {
                wg.done();
            }
        });
        wg.await();
        System.out.println(salutation[0]);

        System.out.println("== loop closure");
        for (String s : List.of("hello", "greetings", "good day")) {
            wg.add(1);
            Go.spawn(() -> {
                try {
                    System.out.println(s);
                } finally {
                    wg.done();
                }
            });
        }
        wg.await();

        System.out.println("== memory");
        System.out.printf("%.3fkb%n", kbPerGoroutine());

        System.out.println("== context switch");
        System.out.printf("%d switches, %d ns/op%n", SWITCHES, nanosPerSwitch());

        System.out.println("== WaitGroup");
        wg.add(1);
        Go.spawn(() -> {
            try {
                System.out.println("1st goroutine sleeping...");
                Go.sleep(java.time.Duration.ofMillis(1));
            } finally {
                wg.done();
            }
        });
        wg.add(1);
        Go.spawn(() -> {
            try {
                System.out.println("2nd goroutine sleeping...");
                Go.sleep(java.time.Duration.ofMillis(2));
            } finally {
                wg.done();
            }
        });
        wg.await();
        System.out.println("All goroutines complete.");
        int numGreeters = 5;
        wg.add(numGreeters);
        for (int i = 0; i < numGreeters; i++) {
            int id = i + 1;
            Go.spawn(() -> {
                try {
                    System.out.printf("Hello from %d!%n", id);
                } finally {
                    wg.done();
                }
            });
        }
        wg.await();
    }

    /** The book's memConsumed: heap in use after a GC. */
    private static long memConsumed() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    static double kbPerGoroutine() {
        Chan<Object> c = Chan.make();   // the book's nil channel, closed at the end instead
        WaitGroup wg = new WaitGroup();
        WaitGroup finished = new WaitGroup();
        Runnable noop = () -> {
            wg.done();
            c.recv();
            finished.done();
        };
        wg.add(MEMORY_GOROUTINES);
        finished.add(MEMORY_GOROUTINES);
        long before = memConsumed();
        for (int i = MEMORY_GOROUTINES; i > 0; i--) {
            Go.spawn(noop);
        }
        wg.await();
        long after = memConsumed();
        c.close();
        finished.await();
        return (double) (after - before) / MEMORY_GOROUTINES / 1000;
    }

    static long nanosPerSwitch() {
        WaitGroup wg = new WaitGroup();
        Chan<Object> begin = Chan.make();
        Chan<Object> c = Chan.make();
        Object token = new Object();
        wg.add(2);
        Go.spawn(() -> {          // sender
            try {
                begin.recv();
                for (int i = 0; i < SWITCHES; i++) {
                    c.send(token);
                }
            } finally {
                wg.done();
            }
        });
        Go.spawn(() -> {          // receiver
            try {
                begin.recv();
                for (int i = 0; i < SWITCHES; i++) {
                    c.recv();
                }
            } finally {
                wg.done();
            }
        });
        long start = System.nanoTime();
        begin.close();
        wg.await();
        return (System.nanoTime() - start) / SWITCHES;
    }
}
