package io.gort.bench;

import io.gort.sync.Locker;
import io.gort.sync.RWMutex;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Go's own RWMutex benchmarks (src/sync/rwmutex_test.go, Go 1.19.8): {@value #OPS} iterations per
 * operation of JMH ({@value #LONG_OPS} for the three whose iterations take 50 ns or more:
 * uncontended and the two with local work) over GOMAXPROCS goroutines
 * ({@link SyncBenchmark#runParallel}). Score: time per iteration.
 * <ul>
 *   <li>{@code uncontended} ({@code BenchmarkRWMutexUncontended}): each goroutine, on its own
 *       RWMutex: rLock, rLock, rUnlock, rUnlock, lock, unlock;</li>
 *   <li>{@code write100}, {@code write10} ({@code BenchmarkRWMutexWrite100/10}): one shared RWMutex;
 *       every 100th (10th) iteration of each goroutine takes the write lock and releases it, the
 *       others take the read lock and release it;</li>
 *   <li>{@code workWrite100}, {@code workWrite10} ({@code BenchmarkRWMutexWorkWrite100/10}): the
 *       same, with 100 multiply-divide pairs of local work inside each read lock.</li>
 * </ul>
 * Subjects: gort's {@link RWMutex}, {@link ReentrantReadWriteLock} (non-fair) on virtual threads;
 * Kotlin has no public RW mutex (kotlinx.coroutines 1.11 keeps its {@code ReadWriteMutex}
 * internal), so it has no column here. Go: {@code bench/go sync-rwmutex-uncontended}, {@code
 * sync-rwmutex-write100}, ... Checked: each goroutine's {@code foo} (Go's loop variable, counted up
 * once per iteration and left as it was by the local work) equals its share of iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class SyncRWMutexBenchmark extends SyncBenchmark {
    static final int OPS = 10_000_000, LONG_OPS = 1_000_000, LOCAL_WORK = 100;

    @Param({"gort", "vt-juc"})
    public String kind;

    /** Where each goroutine publishes its own lock in {@code uncontended}, so that escape analysis cannot remove it. */
    private final Locker[] own = new Locker[PROCS];

    @Override
    String kind() {
        return kind;
    }

    /** A new RWMutex as {read locker, write locker}. */
    private Locker[] newRWMutex() {
        if (gort()) {
            RWMutex rw = new RWMutex();
            return new Locker[] {rw.rLocker(), rw};
        }
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        return new Locker[] {locker(rw.readLock()), locker(rw.writeLock())};
    }

    @Benchmark
    @OperationsPerInvocation(LONG_OPS)
    public long uncontended() {
        long done = runParallel(PROCS, LONG_OPS, (g, n) -> {
            Locker[] rw = newRWMutex();
            Locker r = rw[0], w = rw[1];
            own[g] = w;
            for (int i = 0; i < n; i++) {
                r.lock();
                r.lock();
                r.unlock();
                r.unlock();
                w.lock();
                w.unlock();
            }
            return n;
        });
        return check("rwmutex-uncontended", "iterations", done, LONG_OPS);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long write100() {
        return readWrite("rwmutex-write100", OPS, 0, 100);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long write10() {
        return readWrite("rwmutex-write10", OPS, 0, 10);
    }

    @Benchmark
    @OperationsPerInvocation(LONG_OPS)
    public long workWrite100() {
        return readWrite("rwmutex-workwrite100", LONG_OPS, LOCAL_WORK, 100);
    }

    @Benchmark
    @OperationsPerInvocation(LONG_OPS)
    public long workWrite10() {
        return readWrite("rwmutex-workwrite10", LONG_OPS, LOCAL_WORK, 10);
    }

    /** Go's benchmarkRWMutex(localWork, writeRatio). */
    private long readWrite(String workload, int ops, int localWork, int writeRatio) {
        Locker[] rw = newRWMutex();
        Locker r = rw[0], w = rw[1];
        long foos = runParallel(PROCS, ops, (g, n) -> {
            int foo = 0;
            for (int i = 0; i < n; i++) {
                foo++;
                if (foo % writeRatio == 0) {
                    w.lock();
                    w.unlock();
                } else {
                    r.lock();
                    foo = work(foo, localWork);
                    r.unlock();
                }
            }
            return foo;
        });
        return check(workload, "the goroutines' foo summed", foos, ops);
    }
}
