package io.gort.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fork/join tree (skynet's shape without channels): every node spawns its {@value #FANOUT}
 * children as goroutines and waits for them; a leaf returns 1; the root checks that the sum is
 * {@value #LEAVES}. {@value #DEPTH} levels below the root: 1,111,111 goroutines in all. Score: time
 * per tree.
 *
 * <p>A node waits with a per-node counter and {@code LockSupport.park}; the child that brings the
 * counter to zero unparks it. Go: {@code bench/go}, {@code forkjoin}, with a
 * {@code sync.WaitGroup} per node (Go has no park/unpark).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class ForkJoinTreeBenchmark {
    static final int FANOUT = 10, DEPTH = 6, LEAVES = 1_000_000;

    @Param({"workstealing", "global", "forkjoin", "jdk", "vt"})
    public String kind;

    private Subject subject;

    @Setup(Level.Trial)
    public void setUp() {
        subject = Subject.of(kind);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        subject.close();
    }

    @Benchmark
    public long tree() {
        Done done = new Done();
        subject.spawn(() -> done.complete(node(DEPTH)));
        long leaves = done.await(subject);
        if (leaves != LEAVES) {
            throw new AssertionError("fork/join tree: counted " + leaves + " leaves, expected " + LEAVES);
        }
        return leaves;
    }

    /** Runs in a goroutine: the number of leaves below a node {@code depth} levels above them. */
    private long node(int depth) {
        if (depth == 0) {
            return 1;
        }
        Join join = new Join();
        for (int i = 0; i < FANOUT; i++) {
            int slot = i;
            subject.spawn(() -> join.finish(slot, node(depth - 1)));
        }
        return join.await();
    }

    /**
     * A node's wait for its children. Each child writes its own slot, then decrements
     * {@code pending}; the decrement that reaches zero unparks the parent, whose volatile read of
     * zero sees every slot (each slot write precedes its child's decrement).
     */
    private static final class Join {
        private final Thread parent = Thread.currentThread();
        private final long[] results = new long[FANOUT];
        private final AtomicInteger pending = new AtomicInteger(FANOUT);

        void finish(int slot, long value) {
            results[slot] = value;
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(parent);
            }
        }

        long await() {
            while (pending.get() != 0) {
                LockSupport.park(this);
            }
            long sum = 0;
            for (long r : results) {
                sum += r;
            }
            return sum;
        }
    }
}
