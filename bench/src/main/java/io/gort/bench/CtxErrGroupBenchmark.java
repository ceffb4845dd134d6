package io.gort.bench;

import io.gort.errgroup.Group;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * errgroup with a limit (golang.org/x/sync/errgroup v0.1.0, {@code SetLimit}): one goroutine
 * starts {@value #TASKS} tasks through a group limited to {@value #LIMIT} running at once, each task
 * adds 1 to a shared counter, then it waits for the group. Score: time per task. Checked: the
 * counter ends at {@value #TASKS}.
 *
 * <p>Subjects ({@code @Param kind}):
 * <ul>
 *   <li>{@code gort}: {@link Group} with {@code setLimit(8)}, {@code go}, {@code await}, in a
 *       goroutine of gort's default scheduler (the group's goroutines start there too);</li>
 *   <li>{@code vt-juc}: the JDK's way on virtual threads: a {@code newVirtualThreadPerTaskExecutor}
 *       (its close waits for the tasks), a {@link Semaphore} of {@value #LIMIT} permits taken before
 *       each {@code execute} and given back by the task, the first failure kept in an {@code
 *       AtomicReference} (errgroup's error); the launching code runs in a virtual thread;</li>
 *   <li>{@code kotlin}: {@code coroutineScope} with a kotlinx {@code Semaphore(8)} taken by the
 *       launching coroutine before each {@code launch} ({@code KotlinCtx.errgroup}).</li>
 * </ul>
 * All three block the launcher while {@value #LIMIT} tasks run, as errgroup's {@code Go} does (it
 * sends on a channel of capacity 8 before {@code go}). Go: {@code bench/go ctx-errgroup}.
 *
 * <p>Five warm-up iterations: a smoke run at load 11 (2026-11-28) still fell from 15 µs to 1.5 µs
 * per task over four warm-up seconds for gort, and from 130 µs to 1.2 µs for Kotlin.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms1g", "-Xmx2g"})
public class CtxErrGroupBenchmark extends CtxBenchmark {
    static final int TASKS = 10_000, LIMIT = 8;

    @Param({"gort", "vt-juc", "kotlin"})
    public String kind;

    @Setup(Level.Trial)
    public void setUp() {
        switch (kind) {
            case "gort" -> checkGortScheduler();
            case "vt-juc", "kotlin" -> { }
            default -> throw new IllegalArgumentException("unknown errgroup subject " + kind);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long limit() {
        long count = switch (kind) {
            case "gort" -> inGoroutine(CtxErrGroupBenchmark::gort);
            case "vt-juc" -> inVirtualThread(CtxErrGroupBenchmark::jdk);
            default -> KotlinCtx.errgroup(TASKS, LIMIT);
        };
        return check("errgroup", "the counter", count, TASKS);
    }

    private static long gort() {
        AtomicLong count = new AtomicLong();
        Group g = new Group();
        g.setLimit(LIMIT);
        for (int i = 0; i < TASKS; i++) {
            g.go(count::incrementAndGet);
        }
        try {
            g.await();
        } catch (Exception e) {
            throw new AssertionError("errgroup: a task failed", e);
        }
        return count.get();
    }

    private static long jdk() {
        AtomicLong count = new AtomicLong();
        AtomicReference<Throwable> first = new AtomicReference<>();
        Semaphore sem = new Semaphore(LIMIT);
        try (ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < TASKS; i++) {
                sem.acquireUninterruptibly();
                tasks.execute(() -> {
                    try {
                        count.incrementAndGet();
                    } catch (Throwable t) {
                        first.compareAndSet(null, t);
                    } finally {
                        sem.release();
                    }
                });
            }
        }
        if (first.get() != null) {
            throw new AssertionError("errgroup: a task failed", first.get());
        }
        return count.get();
    }
}
