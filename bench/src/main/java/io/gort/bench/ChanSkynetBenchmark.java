package io.gort.bench;

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
 * Skynet (github.com/atemerev/skynet): each node spawns {@value #FANOUT} children and receives their
 * sums over one unbuffered channel; a leaf sends its own number. {@value #LEAVES} leaves
 * ({@value #FANOUT} children per node, 6 levels), 1,111,111 goroutines; the root checks the sum
 * {@value #SUM}. Score: time per tree, one tree per iteration (single-shot: a tree takes seconds).
 * Unlike {@link ForkJoinTreeBenchmark} (the same tree joined with park/unpark), every result travels
 * over a channel. {@code vt}: {@code SynchronousQueue}s;
 * Go: {@code bench/go chan-skynet}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class ChanSkynetBenchmark extends ChanBenchmark {
    static final int FANOUT = 10;
    static final long LEAVES = 1_000_000, SUM = LEAVES * (LEAVES - 1) / 2;

    @Param({"workstealing", "jdk", "vt", "jox", "jox-ws", "kotlin"})
    public String kind;

    @Override
    String kind() {
        return kind;
    }

    @Benchmark
    public long skynet() {
        long sum = subject == null ? KotlinChannels.skynet(LEAVES, FANOUT) : goroutines();
        if (sum != SUM) {
            throw new AssertionError("skynet: the root received " + sum + ", expected " + SUM);
        }
        return sum;
    }

    private long goroutines() {
        Done done = new Done();
        subject.spawn(done.failFast(() -> {
            Pipe<Long> c = subject.make(0);
            subject.spawn(done.failFast(() -> node(done, c, 0, LEAVES)));
            done.complete(c.recv());
        }));
        return done.await(subject);
    }

    /** Sends the sum of the leaves numbered {@code num} to {@code num + size - 1} on {@code c}. */
    private void node(Done done, Pipe<Long> c, long num, long size) {
        if (size == 1) {
            c.send(num);
            return;
        }
        Pipe<Long> rc = subject.make(0);
        long child = size / FANOUT;
        for (int i = 0; i < FANOUT; i++) {
            long sub = num + i * child;
            subject.spawn(done.failFast(() -> node(done, rc, sub, child)));
        }
        long sum = 0;
        for (int i = 0; i < FANOUT; i++) {
            sum += rc.recv();
        }
        c.send(sum);
    }
}
