package io.gort.bench;

import io.gort.sync.Semaphore;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * x/sync's {@code BenchmarkAcquireSeq} ({@code semaphore/semaphore_bench_test.go}): on one thread,
 * {@code N} acquires of {@code size} units from a semaphore of {@code cap} units, then {@code N}
 * releases; the score is the time of that whole sequence (Go's ns/op), never contended. {@code
 * case} is Go's sub-benchmark name {@code cap-size-N}. Subjects ({@code impl}): {@code gort}, gort's
 * {@link Semaphore}; {@code juc-fair}, {@code java.util.concurrent.Semaphore(cap, true)} (FIFO,
 * like Go's; acquiring several permits at once is its weighted form); {@code juc}, the same unfair.
 * Go's own numbers for the same cases: {@code go test -bench AcquireSeq} in x/sync (bench/go has no
 * module downloads, so it is not there).
 *
 * <p>The contended case is {@link SyncSemaphoreBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class SemaphoreBenchmark {
    /** Go's cases, {cap, size, N}: every one of BenchmarkAcquireSeq's ten. */
    @Param({"1-1-1", "2-1-1", "16-1-1", "128-1-1", "2-2-1", "16-2-8", "128-2-64", "2-1-2", "16-8-2", "128-64-2"})
    public String goCase;

    @Param({"gort", "juc-fair", "juc"})
    public String impl;

    private Weighted sem;
    private long size;
    private int n;

    /** The subset of Go's {@code weighted} interface the benchmark uses. */
    interface Weighted {
        void acquire(long n) throws InterruptedException;

        boolean tryAcquire(long n);

        void release(long n);
    }

    static Weighted make(String impl, long cap) {
        return switch (impl) {
            case "gort" -> new Weighted() {
                final Semaphore s = new Semaphore(cap);

                public void acquire(long n) {
                    s.acquire(n);
                }

                public boolean tryAcquire(long n) {
                    return s.tryAcquire(n);
                }

                public void release(long n) {
                    s.release(n);
                }
            };
            case "juc-fair", "juc" -> new Weighted() {
                final java.util.concurrent.Semaphore s = new java.util.concurrent.Semaphore((int) cap, impl.equals("juc-fair"));

                public void acquire(long n) throws InterruptedException {
                    s.acquire((int) n);
                }

                public boolean tryAcquire(long n) {
                    return s.tryAcquire((int) n);
                }

                public void release(long n) {
                    s.release((int) n);
                }
            };
            default -> throw new IllegalArgumentException("impl " + impl);
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] p = goCase.split("-");
        sem = make(impl, Long.parseLong(p[0]));
        size = Long.parseLong(p[1]);
        n = Integer.parseInt(p[2]);
    }

    /** Go's acquireN. */
    @Benchmark
    public void acquire() throws InterruptedException {
        for (int j = 0; j < n; j++) {
            sem.acquire(size);
        }
        for (int j = 0; j < n; j++) {
            sem.release(size);
        }
    }

    /** Go's tryAcquireN. */
    @Benchmark
    public void tryAcquire() {
        for (int j = 0; j < n; j++) {
            if (!sem.tryAcquire(size)) {
                throw new AssertionError("tryAcquire(" + size + ") = false, want true");
            }
        }
        for (int j = 0; j < n; j++) {
            sem.release(size);
        }
    }
}
