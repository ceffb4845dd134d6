package io.gort.bench;

import io.gort.sync.WaitGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
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
 * Go's own WaitGroup benchmarks (src/sync/waitgroup_test.go, Go 1.19.8): {@value #OPS} iterations
 * per operation of JMH ({@value #WAIT_OPS} for {@code await}, a few nanoseconds each) over GOMAXPROCS goroutines ({@link SyncBenchmark#runParallel}). Score: time
 * per iteration.
 * <ul>
 *   <li>{@code uncontended} ({@code BenchmarkWaitGroupUncontended}): each goroutine, on its own
 *       WaitGroup: add(1), done(), await() (which finds the counter at zero);</li>
 *   <li>{@code addDone} ({@code BenchmarkWaitGroupAddDone}): one shared WaitGroup; add(1), done();</li>
 *   <li>{@code await} ({@code BenchmarkWaitGroupWait}): one shared WaitGroup whose counter is zero;
 *       await() (a read that returns at once).</li>
 * </ul>
 * Subjects: gort's {@link WaitGroup}; on virtual threads, j.u.c's nearest equivalents: a {@link
 * Phaser} that keeps one party of its own registered for the waiter (add(1) = {@code register()},
 * done() = {@code arriveAndDeregister()}, await() = {@code arriveAndAwaitAdvance()} by that party,
 * which returns when every other party has arrived) for {@code uncontended} and {@code addDone},
 * and a {@link CountDownLatch} already at zero for {@code await} (a Phaser has no "wait without
 * arriving" that returns at once on an idle phaser). Kotlin has no WaitGroup (a {@code Job} join
 * counts children, not a counter; see bench/README.md), so it has no column here. Go: {@code
 * bench/go sync-waitgroup-uncontended}, {@code sync-waitgroup-adddone}, {@code sync-waitgroup-wait}.
 * Checked: every goroutine ran its share, and the shared counter ends at zero.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class SyncWaitGroupBenchmark extends SyncBenchmark {
    static final int OPS = 10_000_000, WAIT_OPS = 100_000_000;

    @Param({"gort", "vt-juc"})
    public String kind;

    /** Where each goroutine publishes its own WaitGroup or Phaser in {@code uncontended}, so that escape analysis cannot remove it. */
    private final Object[] own = new Object[PROCS];

    @Override
    String kind() {
        return kind;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long uncontended() {
        long done = runParallel(PROCS, OPS, gort() ? (g, n) -> {
            WaitGroup wg = new WaitGroup();
            own[g] = wg;
            for (int i = 0; i < n; i++) {
                wg.add(1);
                wg.done();
                wg.await();
            }
            return n + wg.count();
        } : (g, n) -> {
            Phaser p = new Phaser(1);
            own[g] = p;
            for (int i = 0; i < n; i++) {
                p.register();
                p.arriveAndDeregister();
                p.arriveAndAwaitAdvance();
            }
            return n + p.getRegisteredParties() - 1;
        });
        return check("waitgroup-uncontended", "iterations (plus what the counters held at the end)", done, OPS);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long addDone() {
        long done;
        if (gort()) {
            WaitGroup wg = new WaitGroup();
            done = runParallel(PROCS, OPS, (g, n) -> {
                for (int i = 0; i < n; i++) {
                    wg.add(1);
                    wg.done();
                }
                return n;
            });
            check("waitgroup-adddone", "the counter at the end", wg.count(), 0);
        } else {
            Phaser p = new Phaser(1);
            done = runParallel(PROCS, OPS, (g, n) -> {
                for (int i = 0; i < n; i++) {
                    p.register();
                    p.arriveAndDeregister();
                }
                return n;
            });
            check("waitgroup-adddone", "the parties at the end", p.getRegisteredParties(), 1);
        }
        return check("waitgroup-adddone", "iterations", done, OPS);
    }

    @Benchmark
    @OperationsPerInvocation(WAIT_OPS)
    public long await() {
        long done;
        if (gort()) {
            WaitGroup wg = new WaitGroup();
            done = runParallel(PROCS, WAIT_OPS, (g, n) -> {
                for (int i = 0; i < n; i++) {
                    wg.await();
                }
                return n;
            });
        } else {
            CountDownLatch latch = new CountDownLatch(0);
            done = runParallel(PROCS, WAIT_OPS, (g, n) -> {
                try {
                    for (int i = 0; i < n; i++) {
                        latch.await();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return n;
            });
        }
        return check("waitgroup-wait", "iterations", done, WAIT_OPS);
    }
}
