package io.gort.examples.cig;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.sched.GState;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.Random;

/**
 * "Concurrency in Go", chapter 4, "Preventing Goroutine Leaks": each program after a line {@code ==
 * name}. The book's rule: if a goroutine is responsible for creating a goroutine, it is also
 * responsible for ensuring it can stop it.
 * <ul>
 *   <li>{@code leak}: {@code doWork(nil)}: the goroutine ranges over a nil channel and never
 *       returns; main prints "Done." and the goroutine stays, parked on "chan receive (nil chan)".
 *       Go cannot get it back; Java can interrupt it, which the port does so the program ends
 *       clean (gort's blocking calls throw {@link GoInterruptedException}).</li>
 *   <li>{@code done}: {@code doWork(done, nil)} with a {@code select} on {@code done}: "Canceling
 *       doWork goroutine...", "doWork exited.", "Done."</li>
 *   <li>{@code producer}: {@code newRandStream(done)} blocked on a send is stopped the same way:
 *       three random ints (seeded), then "newRandStream closure exited." (the book sleeps a second to
 *       let it print; the port waits for it).</li>
 * </ul>
 */
public final class Ch4PreventingLeaks {
    private Ch4PreventingLeaks() { }

    public static void main(String[] args) {
        System.out.println("== leak");
        Goroutine[] worker = new Goroutine[1];
        java.util.function.Function<Receiver<String>, Receiver<Object>> doWorkLeaky = strings -> {
            Chan<Object> completed = Chan.make();
            worker[0] = Go.spawn(() -> {
                try {
                    for (String s : strings) {
                        System.out.println(s);           // do something interesting
                    }
                } catch (GoInterruptedException e) {
                    // the port's way out; Go has none
                } finally {
                    System.out.println("doWork exited.");
                    completed.close();
                }
            });
            return completed;
        };
        Receiver<Object> completed = doWorkLeaky.apply(Chan.nil());
        System.out.println("Done.");
        waitParked(worker[0]);
        System.out.println("leaked: doWork's goroutine is " + worker[0].state() + " [" + worker[0].waitReason() + "]");
        worker[0].thread().interrupt();
        completed.recv();

        System.out.println("== done");
        Chan<Object> done = Chan.make();
        Receiver<Object> terminated = doWork(done, Chan.nil());
        Go.spawn(() -> {
            Go.sleep(Duration.ofMillis(10));                 // the book's second
            System.out.println("Canceling doWork goroutine...");
            done.close();
        });
        terminated.recv();
        System.out.println("Done.");

        System.out.println("== producer");
        Chan<Object> done2 = Chan.make();
        WaitGroup exited = new WaitGroup();
        exited.add(1);
        Receiver<Integer> randStream = newRandStream(done2, exited);
        System.out.println("3 random ints:");
        for (int i = 1; i <= 3; i++) {
            System.out.printf("%d: %d%n", i, randStream.recv());
        }
        done2.close();
        exited.await();                                     // the book's time.Sleep(1 * time.Second)
    }

    static Receiver<Object> doWork(Receiver<?> done, Receiver<String> strings) {
        Chan<Object> terminated = Chan.make();
        Go.spawn(() -> {
            try {
                for (;;) {
                    boolean stop = Select.select(
                            strings.onRecv(s -> {
                                System.out.println(s);      // do something interesting
                                return false;
                            }),
                            done.onRecv(x -> true));
                    if (stop) {
                        return;
                    }
                }
            } finally {
                System.out.println("doWork exited.");
                terminated.close();
            }
        });
        return terminated;
    }

    static Receiver<Integer> newRandStream(Receiver<?> done, WaitGroup exited) {
        Chan<Integer> randStream = Chan.make();
        Random rand = new Random(42);
        Go.spawn(() -> {
            try {
                for (;;) {
                    if (Select.select(randStream.onSend(rand.nextInt(1_000_000), () -> false), done.onRecv(x -> true))) {
                        return;
                    }
                }
            } finally {
                System.out.println("newRandStream closure exited.");
                randStream.close();
                exited.done();
            }
        });
        return randStream;
    }

    private static void waitParked(Goroutine g) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (g.state() != GState.WAITING && System.nanoTime() < until) {
            Go.sleep(Duration.ofMillis(1));
        }
    }
}
