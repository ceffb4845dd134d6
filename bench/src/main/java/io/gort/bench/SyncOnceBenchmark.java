package io.gort.bench;

import io.gort.sync.Once;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Go's {@code BenchmarkOnce} (src/sync/once_test.go, Go 1.19.8): GOMAXPROCS goroutines call
 * {@code once.Do(f)} on one shared Once, {@value #OPS} calls per operation of JMH in all ({@link
 * SyncBenchmark#runParallel}); a new Once per operation, so its first call runs f and the rest take
 * the fast path. Score: time per call. Checked: f ran exactly once.
 *
 * <p>Subjects: gort's {@link Once}; on virtual threads, j.u.c has no Once: the JDK idiom, a
 * volatile flag checked before and after taking a {@link ReentrantLock} ({@link JucOnce}, which is
 * also Go's algorithm); Kotlin: the standard library's {@code lazy} (synchronized mode), Kotlin's
 * once, on {@code Dispatchers.Default} ({@code KotlinSync.kt}). Go: {@code bench/go sync-once}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class SyncOnceBenchmark extends SyncBenchmark {
    static final int OPS = 100_000_000;

    @Param({"gort", "vt-juc", "kotlin"})
    public String kind;

    @Override
    String kind() {
        return kind;
    }

    /** A once in plain Java: double-checked volatile flag, a lock for the first callers. */
    static final class JucOnce {
        private volatile boolean done;
        private final ReentrantLock lock = new ReentrantLock();

        void doOnce(Runnable f) {
            if (!done) {
                lock.lock();
                try {
                    if (!done) {
                        try {
                            f.run();
                        } finally {
                            done = true;
                        }
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long once() {
        AtomicInteger runs = new AtomicInteger();
        Runnable f = runs::incrementAndGet;
        long calls;
        if (kotlin()) {
            calls = KotlinSync.once(PROCS, OPS / PROCS, f);
        } else if (gort()) {
            Once once = new Once();
            calls = runParallel(PROCS, OPS, (g, n) -> {
                for (int i = 0; i < n; i++) {
                    once.doOnce(f);
                }
                return n;
            });
        } else {
            JucOnce once = new JucOnce();
            calls = runParallel(PROCS, OPS, (g, n) -> {
                for (int i = 0; i < n; i++) {
                    once.doOnce(f);
                }
                return n;
            });
        }
        check("once", "calls", calls, OPS);
        return check("once", "runs of f", runs.get(), 1);
    }
}
