package io.gort.bench;

import io.gort.sync.Locker;
import io.gort.sync.Mutex;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
 * Go's own Mutex benchmarks (src/sync/mutex_test.go, Go 1.19.8): {@value #OPS} lock/unlock pairs
 * per operation of JMH, split over the goroutines of Go's {@code b.RunParallel}
 * ({@link SyncBenchmark#runParallel}). Score: time per lock/unlock pair.
 * <ul>
 *   <li>{@code uncontended} ({@code BenchmarkMutexUncontended}): each of GOMAXPROCS goroutines
 *       locks and unlocks its own mutex: the fast path, with no sharing;</li>
 *   <li>{@code mutex} ({@code BenchmarkMutex}): GOMAXPROCS goroutines lock and unlock one mutex,
 *       nothing in the critical section or between: pure contention;</li>
 *   <li>{@code slack} ({@code BenchmarkMutexSlack}): the same with 10 × GOMAXPROCS goroutines
 *       ({@code b.SetParallelism(10)}): more goroutines than carriers, so waiters park.</li>
 * </ul>
 * Subjects: gort's {@link Mutex}, {@link ReentrantLock} (non-fair, the default) on virtual
 * threads, Kotlin's {@code kotlinx.coroutines.sync.Mutex} ({@code KotlinSync.kt}); Go: {@code
 * bench/go sync-mutex-uncontended}, {@code sync-mutex}, {@code sync-mutex-slack}. Checked: every
 * goroutine ran its share (mutual exclusion itself is checked by {@link SyncCounterBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class SyncMutexBenchmark extends SyncBenchmark {
    static final int OPS = 10_000_000, SLACK = 10;

    @Param({"gort", "vt-juc", "kotlin"})
    public String kind;

    /** Where each goroutine publishes its own mutex, so that escape analysis cannot remove it. */
    private final Locker[] own = new Locker[PROCS];

    @Override
    String kind() {
        return kind;
    }

    private Locker newMutex() {
        return gort() ? new Mutex() : locker(new ReentrantLock());
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long uncontended() {
        long done = kotlin() ? KotlinSync.mutexUncontended(PROCS, OPS / PROCS) : runParallel(PROCS, OPS, (g, n) -> {
            Locker mu = newMutex();
            own[g] = mu;
            for (int i = 0; i < n; i++) {
                mu.lock();
                mu.unlock();
            }
            return n;
        });
        return check("mutex-uncontended", "lock/unlock pairs", done, OPS);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long mutex() {
        return contended("mutex", PROCS);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long slack() {
        return contended("mutex-slack", SLACK * PROCS);
    }

    private long contended(String workload, int n) {
        long done;
        if (kotlin()) {
            done = KotlinSync.mutex(n, OPS / n);
        } else {
            Locker mu = newMutex();
            done = runParallel(n, OPS, (g, each) -> {
                for (int i = 0; i < each; i++) {
                    mu.lock();
                    mu.unlock();
                }
                return each;
            });
        }
        return check(workload, "lock/unlock pairs", done, OPS);
    }
}
