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
 * The project's mutex anchor (/work/shared/ANCHORS.md): {@value #GOROUTINES} goroutines each
 * increment one shared counter {@value #INCREMENTS} times, each increment under one mutex
 * ({@code mu.lock(); count++; mu.unlock()}). Score: time per increment. Checked: the counter ends at
 * exactly {@value #GOROUTINES} × {@value #INCREMENTS}, so a mutex that lets two goroutines in at once
 * fails (the plain {@code count++} loses updates).
 *
 * <p>Subjects: gort's {@link Mutex}, {@link ReentrantLock} on virtual threads, Kotlin's {@code
 * sync.Mutex} ({@code withLock}); Go: {@code bench/go sync-counter}. One operation of JMH takes
 * 0.3-3 s, so the iterations are one or a few operations each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class SyncCounterBenchmark extends SyncBenchmark {
    static final int GOROUTINES = 8, INCREMENTS = 1_000_000, OPS = GOROUTINES * INCREMENTS;

    @Param({"gort", "vt-juc", "kotlin"})
    public String kind;

    @Override
    String kind() {
        return kind;
    }

    /** The counter; only ever touched under the mutex. */
    private static final class Counter {
        long count;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long counter() {
        long count;
        if (kotlin()) {
            count = KotlinSync.counter(GOROUTINES, INCREMENTS);
        } else {
            Locker mu = gort() ? new Mutex() : locker(new ReentrantLock());
            Counter c = new Counter();
            runParallel(GOROUTINES, OPS, (g, n) -> {
                for (int i = 0; i < n; i++) {
                    mu.lock();
                    c.count++;
                    mu.unlock();
                }
                return n;
            });
            mu.lock();          // the last unlocks happen before this lock: count is final
            count = c.count;
            mu.unlock();
        }
        return check("sync-counter", "the counter", count, OPS);
    }
}
