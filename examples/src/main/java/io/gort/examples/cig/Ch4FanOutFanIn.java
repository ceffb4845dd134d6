package io.gort.examples.cig;

import static io.gort.examples.cig.Ch4Pipelines.repeatFn;
import static io.gort.examples.cig.Ch4Pipelines.take;
import static io.gort.examples.cig.Ch4Pipelines.toInt;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * "Concurrency in Go", chapter 4, "Fan-Out, Fan-In": the book's deliberately slow {@code
 * primeFinder} (trial division by every smaller number) over a stream of random ints, first as one
 * stage, then fanned out to {@code runtime.NumCPU()} copies whose outputs {@code fanIn} merges.
 * Each program after a line {@code == name}: "Primes:", ten primes, "Search took: ...". The random
 * numbers are below 200,000 here (the book's 50,000,000 would take seconds) and seeded, so the
 * one-stage search prints the same primes every run; the fanned-out one prints primes in any order.
 */
public final class Ch4FanOutFanIn {
    private Ch4FanOutFanIn() { }

    static final int BOUND = 200_000;

    static Receiver<Integer> primeFinder(Receiver<?> done, Receiver<Integer> intStream) {
        Chan<Integer> primeStream = Chan.make();
        Go.spawn(() -> {
            try {
                for (int integer : intStream) {
                    integer -= 1;
                    boolean prime = true;
                    for (int divisor = integer - 1; divisor > 1; divisor--) {
                        if (integer % divisor == 0) {
                            prime = false;
                            break;
                        }
                    }
                    if (prime) {
                        int p = integer;
                        if (Select.select(done.onRecv(x -> true), primeStream.onSend(p, () -> false))) {
                            return;
                        }
                    }
                }
            } finally {
                primeStream.close();
            }
        });
        return primeStream;
    }

    @SafeVarargs
    static <T> Receiver<T> fanIn(Receiver<?> done, Receiver<T>... channels) {
        WaitGroup wg = new WaitGroup();
        Chan<T> multiplexedStream = Chan.make();
        for (Receiver<T> c : channels) {                       // multiplex(c)
            wg.add(1);
            Go.spawn(() -> {
                try {
                    for (T i : c) {
                        if (Select.select(done.onRecv(x -> true), multiplexedStream.onSend(i, () -> false))) {
                            return;
                        }
                    }
                } finally {
                    wg.done();
                }
            });
        }
        Go.spawn(() -> {                                       // wait for all the reads to complete
            wg.await();
            multiplexedStream.close();
        });
        return multiplexedStream;
    }

    public static void main(String[] args) {
        System.out.println("== one stage");
        Chan<Object> done = Chan.make();
        try {
            Random rand = new Random(7);
            Instant start = Time.now();
            Receiver<Integer> randIntStream = toInt(done, repeatFn(done, () -> (Object) rand.nextInt(BOUND)));
            System.out.println("Primes:");
            for (int prime : take(done, primeFinder(done, randIntStream), 10)) {
                System.out.printf("\t%d%n", prime);
            }
            System.out.printf("Search took: %dms%n", Duration.between(start, Time.now()).toMillis());
        } finally {
            done.close();
        }

        System.out.println("== fan out");
        Chan<Object> done2 = Chan.make();
        try {
            Random rand = new Random(7);
            Instant start = Time.now();
            Receiver<Integer> randIntStream = toInt(done2, repeatFn(done2, () -> (Object) rand.nextInt(BOUND)));
            int numFinders = Runtime.getRuntime().availableProcessors();
            System.out.printf("Spinning up %d prime finders.%n", numFinders);
            List<Receiver<Integer>> finders = new ArrayList<>();
            for (int i = 0; i < numFinders; i++) {
                finders.add(primeFinder(done2, randIntStream));
            }
            System.out.println("Primes:");
            @SuppressWarnings("unchecked")
            Receiver<Integer>[] fs = finders.toArray(new Receiver[0]);
            for (int prime : take(done2, fanIn(done2, fs), 10)) {
                System.out.printf("\t%d%n", prime);
            }
            System.out.printf("Search took: %dms%n", Duration.between(start, Time.now()).toMillis());
        } finally {
            done2.close();
        }
    }
}
