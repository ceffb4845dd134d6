package io.gort.examples.cig;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import java.time.Duration;
import java.time.Instant;

/**
 * "Concurrency in Go", chapter 3, "The select Statement" and "The GOMAXPROCS Lever": each program
 * after a line {@code == name}; the book's seconds are tens of milliseconds here.
 * <ul>
 *   <li>{@code blocking}: select on a channel closed 50 ms later: "Unblocked ... later."</li>
 *   <li>{@code random}: two closed channels, 1000 selects: each case about half the time (Go
 *       picks uniformly among ready cases).</li>
 *   <li>{@code timeout}: a nil channel never fires; {@code time.After} does: "Timed out."</li>
 *   <li>{@code default}: nothing ready, so the default runs at once.</li>
 *   <li>{@code for-select}: work in the default case until {@code done} closes 50 ms later (a
 *       10 ms cycle): "Achieved N cycles of work before signalled to stop."</li>
 *   <li>{@code GOMAXPROCS}: {@code runtime.GOMAXPROCS(runtime.NumCPU())}: gort's is fixed per
 *       scheduler ({@code -Dgort.maxprocs}); the program prints it and the CPU count. Not run: {@code
 *       select {}} blocks forever (Select.select() with no cases does the same).</li>
 * </ul>
 */
public final class Ch3Select {
    private Ch3Select() { }

    public static void main(String[] args) {
        System.out.println("== blocking");
        Instant start = Time.now();
        Chan<Object> c = Chan.make();
        Go.spawn(() -> {
            Go.sleep(Duration.ofMillis(50));
            c.close();
        });
        System.out.println("Blocking on read...");
        Select.select(c.onRecv(x -> {
            System.out.printf("Unblocked %dms later.%n", Duration.between(start, Time.now()).toMillis());
            return null;
        }));

        System.out.println("== random");
        Chan<Object> c1 = Chan.make(), c2 = Chan.make();
        c1.close();
        c2.close();
        int[] counts = new int[2];
        for (int i = 1000; i > 0; i--) {
            Select.select(c1.onRecv(x -> counts[0]++), c2.onRecv(x -> counts[1]++));
        }
        System.out.printf("c1Count: %d%nc2Count: %d%n", counts[0], counts[1]);

        System.out.println("== timeout");
        Receiver<Integer> nil = Chan.nil();
        Select.select(nil.onRecv(x -> null), Time.after(Duration.ofMillis(10)).onRecv(t -> {
            System.out.println("Timed out.");
            return null;
        }));

        System.out.println("== default");
        Instant s2 = Time.now();
        Receiver<Integer> n1 = Chan.nil(), n2 = Chan.nil();
        Select.select(n1.onRecv(x -> null), n2.onRecv(x -> null), Select.onDefault(() -> {
            System.out.printf("In default after %dµs%n", Duration.between(s2, Time.now()).toNanos() / 1000);
            return null;
        }));

        System.out.println("== for-select");
        Chan<Object> done = Chan.make();
        Go.spawn(() -> {
            Go.sleep(Duration.ofMillis(50));
            done.close();
        });
        int workCounter = 0;
        for (;;) {
            boolean stop = Select.select(done.onRecv(x -> true), Select.onDefault(() -> false));
            if (stop) {
                break;                                       // break loop
            }
            workCounter++;                                   // simulate work
            Go.sleep(Duration.ofMillis(10));
        }
        System.out.printf("Achieved %d cycles of work before signalled to stop.%n", workCounter);

        System.out.println("== GOMAXPROCS");
        System.out.printf("GOMAXPROCS = %d, NumCPU = %d%n", Go.maxProcs(), Runtime.getRuntime().availableProcessors());
    }
}
