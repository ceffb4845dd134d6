package io.gort.bench;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Go's concurrent prime sieve (the Go tour's and {@code test/chan/sieve1.go}'s): a generator sends
 * 2, 3, 4, ... down an unbuffered channel; each prime found starts a filter goroutine that passes
 * on the numbers its prime does not divide. One operation finds the first {@value #PRIMES} primes
 * (a chain of {@value #PRIMES} goroutines, about 17,000 numbers through it) and checks that the
 * last is {@value #LAST_PRIME}. Score: time per operation, one operation per iteration (single-shot:
 * an operation takes seconds).
 *
 * <p>Go's program never stops its goroutines; a benchmark must, or every operation would leave
 * {@value #PRIMES} goroutines parked. So after the last prime the generator is told to stop, closes
 * its channel, each filter closes its output when its input is closed, and the main goroutine
 * drains the last channel until it is closed: every subject (and {@code bench/go chan-sieve}) does
 * the same, inside the measured time. {@code vt}: {@code SynchronousQueue}s, close is a marker.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class ChanSieveBenchmark extends ChanBenchmark {
    static final int PRIMES = 2000, LAST_PRIME = 17389;

    @Param({"workstealing", "jdk", "vt", "jox", "jox-ws", "kotlin"})
    public String kind;

    @Override
    String kind() {
        return kind;
    }

    @Benchmark
    public int sieve() {
        int last = subject == null ? KotlinChannels.sieve(PRIMES) : goroutines();
        if (last != LAST_PRIME) {
            throw new AssertionError("sieve: prime number " + PRIMES + " came out as " + last + ", expected " + LAST_PRIME);
        }
        return last;
    }

    private int goroutines() {
        Done done = new Done();
        subject.spawn(done.failFast(() -> {
            AtomicBoolean stop = new AtomicBoolean();
            Pipe<Integer> generated = subject.make(0);
            subject.spawn(done.failFast(() -> {
                for (int i = 2; !stop.get(); i++) {
                    generated.send(i);
                }
                generated.close();
            }));
            Pipe<Integer> ch = generated;
            int prime = 0;
            for (int n = 0; n < PRIMES; n++) {
                prime = ch.recv();
                if (n == PRIMES - 1) {
                    break;
                }
                Pipe<Integer> in = ch, out = subject.make(0);
                int p = prime;
                subject.spawn(done.failFast(() -> filter(in, out, p)));
                ch = out;
            }
            stop.set(true);
            while (ch.recv() != null) {
                // drain until the close has come down the chain of filters
            }
            done.complete(prime);
        }));
        return (int) done.await(subject);
    }

    private static void filter(Pipe<Integer> in, Pipe<Integer> out, int prime) {
        for (Integer v; (v = in.recv()) != null; ) {
            if (v % prime != 0) {
                out.send(v);
            }
        }
        out.close();
    }
}
