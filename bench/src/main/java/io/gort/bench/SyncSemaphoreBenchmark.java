package io.gort.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A contended weighted semaphore: {@value #GOROUTINES} goroutines each take and give back one unit
 * {@value #ROUNDS} times from a semaphore of {@code cap} units, doing a little work
 * ({@code Blackhole.consumeCPU(WORK)}) while holding it. Score: time per acquire+release pair.
 * With {@code cap} 1 the semaphore is a mutex, and a plain counter incremented under it must come
 * out exact. Subjects ({@code kind}): {@code gort-ws}, gort's Semaphore on gort's work-stealing
 * scheduler; {@code gort-vt}, gort's Semaphore on plain virtual threads; {@code juc-vt}, a fair
 * {@code java.util.concurrent.Semaphore} on plain virtual threads (what a Java programmer uses
 * today); {@code juc-ws}, the fair j.u.c one on gort's scheduler (the semaphores compared on one
 * scheduler). Go's x/sync has no contended benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx2g"})
public class SyncSemaphoreBenchmark {
    static final int GOROUTINES = 8, ROUNDS = 10_000, WORK = 20;

    @Param({"1", "4"})
    public int cap;

    @Param({"gort-ws", "gort-vt", "juc-vt", "juc-ws"})
    public String kind;

    private Subject subject;
    private SemaphoreBenchmark.Weighted sem;
    private long counter;   // guarded by sem when cap == 1

    @Setup(Level.Trial)
    public void setUp() {
        subject = Subject.of(kind.endsWith("-ws") ? "workstealing" : "vt");
        sem = SemaphoreBenchmark.make(kind.startsWith("gort") ? "gort" : "juc-fair", cap);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        subject.close();
    }

    @Benchmark
    @OperationsPerInvocation(GOROUTINES * ROUNDS)
    public long acquireRelease() {
        Done done = new Done();
        AtomicInteger left = new AtomicInteger(GOROUTINES);
        counter = 0;
        for (int g = 0; g < GOROUTINES; g++) {
            subject.spawn(done.failFast(() -> {
                try {
                    for (int i = 0; i < ROUNDS; i++) {
                        sem.acquire(1);
                        counter++;   // racy unless cap == 1: checked only then
                        Blackhole.consumeCPU(WORK);
                        sem.release(1);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                if (left.decrementAndGet() == 0) {
                    done.complete(GOROUTINES);
                }
            }));
        }
        done.await(sem);
        if (cap == 1 && counter != (long) GOROUTINES * ROUNDS) {
            throw new AssertionError("mutual exclusion broken: counter " + counter + ", expected " + GOROUTINES * ROUNDS);
        }
        return counter;
    }
}
