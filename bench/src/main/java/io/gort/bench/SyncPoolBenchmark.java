package io.gort.bench;

import io.gort.sync.Pool;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpmcArrayQueue;
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

/**
 * Go's {@code BenchmarkPool} and {@code BenchmarkPoolOverflow} ({@code src/sync/pool_test.go}) on
 * gort's work-stealing scheduler ({@link Subject#PROCS} carriers), for {@code goroutines} goroutines
 * that split the work, as {@code b.RunParallel} splits it over GOMAXPROCS goroutines.
 * <ul>
 *   <li>{@link #pool}: each goroutine puts an object and gets one, in a tight loop; score: time per
 *       put+get pair over all goroutines (wall time / total pairs, as Go's ns/op).</li>
 *   <li>{@link #poolOverflow}: each goroutine puts 100 objects, then gets 100; score: time per
 *       batch of 100 puts + 100 gets (Go's ns/op for this benchmark is per batch too).</li>
 * </ul>
 * Subjects ({@code kind}): {@code pool} - {@link Pool}; {@code clq} - a {@link ConcurrentLinkedQueue}
 * free list (offer/poll: one node allocated per put); {@code mpmc} - a JCTools
 * {@link MpmcArrayQueue} free list of capacity 1024 (no allocation). Go: {@code bench/go},
 * {@code pool} and {@code pool-overflow}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class SyncPoolBenchmark {
    /** Put+get pairs per invocation of {@link #pool}, split over the goroutines. */
    static final int PAIRS = 1_000_000;
    /** Objects each goroutine puts, then gets, per batch of {@link #poolOverflow} (Go's 100). */
    static final int BATCH = 100;
    /** Batches per invocation of {@link #poolOverflow}, split over the goroutines. */
    static final int BATCHES = 10_000;
    private static final Object ITEM = new Object();   // Go puts the constant 1

    @Param({"pool", "clq", "mpmc"})
    public String kind;

    @Param({"2", "8"})
    public int goroutines;

    private Subject subject;
    private FreeList list;

    /** The one interface the workloads use. */
    interface FreeList {
        void put(Object x);

        Object get();
    }

    @Setup(Level.Trial)
    public void setUp() {
        subject = Subject.of("workstealing");
        list = switch (kind) {
            case "pool" -> {
                var p = new Pool<Object>();
                yield new FreeList() {
                    public void put(Object x) {
                        p.put(x);
                    }

                    public Object get() {
                        return p.get();
                    }
                };
            }
            case "clq" -> {
                var q = new ConcurrentLinkedQueue<Object>();
                yield new FreeList() {
                    public void put(Object x) {
                        q.offer(x);
                    }

                    public Object get() {
                        return q.poll();
                    }
                };
            }
            case "mpmc" -> {
                var q = new MpmcArrayQueue<Object>(1024);
                yield new FreeList() {
                    public void put(Object x) {
                        q.offer(x);
                    }

                    public Object get() {
                        return q.poll();
                    }
                };
            }
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        subject.close();
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public long pool() {
        FreeList l = list;
        return parallel(PAIRS / goroutines, n -> {
            long hits = 0;
            for (int i = 0; i < n; i++) {
                l.put(ITEM);
                if (l.get() != null) {
                    hits++;
                }
            }
            return hits;
        });
    }

    @Benchmark
    @OperationsPerInvocation(BATCHES)
    public long poolOverflow() {
        FreeList l = list;
        return parallel(BATCHES / goroutines, n -> {
            long hits = 0;
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < BATCH; b++) {
                    l.put(ITEM);
                }
                for (int b = 0; b < BATCH; b++) {
                    if (l.get() != null) {
                        hits++;
                    }
                }
            }
            return hits;
        });
    }

    interface Body {
        long run(int n);
    }

    /** Runs {@code body(n)} in each of the goroutines; returns the total hits, checked non-zero. */
    private long parallel(int n, Body body) {
        Done done = new Done();
        AtomicInteger left = new AtomicInteger(goroutines);
        AtomicLong hits = new AtomicLong();
        Runnable task = done.failFast(() -> {
            hits.addAndGet(body.run(n));
            if (left.decrementAndGet() == 0) {
                done.complete(hits.get());
            }
        });
        for (int g = 0; g < goroutines; g++) {
            subject.spawn(task);
        }
        long h = done.await(subject);
        if (h == 0) {
            throw new AssertionError(kind + ": no get returned an object");
        }
        return h;
    }
}
