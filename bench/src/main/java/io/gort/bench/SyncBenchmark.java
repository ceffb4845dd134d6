package io.gort.bench;

import io.gort.sync.Locker;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every {@code Sync*Benchmark} shares: its subject, made from the subclass's {@code kind}
 * parameter for the trial and closed after it, and {@link #runParallel}, Go's {@code b.RunParallel}.
 *
 * <p>Subjects ({@code @Param kind}):
 * <ul>
 *   <li>{@code gort}: {@code io.gort.sync} on gort's work-stealing scheduler ({@code
 *       Subject.of("workstealing")}, {@link Subject#PROCS} carriers);</li>
 *   <li>{@code vt-juc}: {@code java.util.concurrent} ({@code ReentrantLock},
 *       {@code ReentrantReadWriteLock}, {@code Phaser}, {@code CountDownLatch}, a volatile-flag
 *       once) on plain virtual threads, the JDK's default scheduler;</li>
 *   <li>{@code kotlin}: kotlinx.coroutines ({@code sync.Mutex}; {@code lazy} for once) on {@code
 *       Dispatchers.Default}, in {@code KotlinSync.kt}; the subject is null here.</li>
 * </ul>
 *
 * <p>Go's {@code b.RunParallel(body)} starts GOMAXPROCS × parallelism goroutines that share b.N
 * iterations and reports the wall time over b.N. {@link #runParallel} does the same with a fixed
 * count: {@code goroutines} goroutines each run {@code ops / goroutines} iterations, and the JMH
 * benchmark divides by {@code ops} ({@code @OperationsPerInvocation}). Go's iterations come from a
 * shared counter in grains; these are split evenly up front, which is the same work without the
 * counter. Choose {@code ops} so that an operation lasts tens of milliseconds at least: starting the
 * goroutines (waking a parked carrier: milliseconds on a loaded machine) must stay a small part.
 */
public abstract class SyncBenchmark {
    /** Carriers of every subject, and Go's GOMAXPROCS: RunParallel's default goroutine count. */
    static final int PROCS = Subject.PROCS;

    protected Subject goroutines;   // null for kotlin

    /** The subclass's {@code @Param kind}. */
    abstract String kind();

    @Setup(Level.Trial)
    public void setUp() {
        goroutines = switch (kind()) {
            case "gort" -> Subject.of("workstealing");
            case "vt-juc" -> Subject.of("vt");
            case "kotlin" -> null;
            default -> throw new IllegalArgumentException("unknown sync subject " + kind());
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (goroutines != null) {
            goroutines.close();
        }
    }

    boolean gort() {
        return kind().equals("gort");
    }

    boolean kotlin() {
        return goroutines == null;
    }

    /** One goroutine's share of a parallel benchmark; returns what the benchmark checks. */
    @FunctionalInterface
    interface Body {
        long run(int goroutine, int ops);
    }

    /**
     * Go's {@code b.RunParallel}: starts {@code n} goroutines on the subject, each running
     * {@code body(i, ops / n)}, waits for all of them and returns the sum of what they returned.
     */
    final long runParallel(int n, int ops, Body body) {
        if (ops % n != 0) {
            throw new IllegalArgumentException(ops + " operations do not split evenly over " + n + " goroutines");
        }
        int each = ops / n;
        Done done = new Done();
        AtomicLong total = new AtomicLong();
        AtomicInteger running = new AtomicInteger(n);
        for (int g = 0; g < n; g++) {
            int id = g;
            goroutines.spawn(done.failFast(() -> {
                total.addAndGet(body.run(id, each));
                if (running.decrementAndGet() == 0) {
                    done.complete(total.get());
                }
            }));
        }
        return done.await(goroutines);
    }

    /** Throws unless {@code actual == expected}: a wrong subject fails instead of reporting a time. */
    static long check(String workload, String what, long actual, long expected) {
        if (actual != expected) {
            throw new AssertionError(workload + ": " + what + " is " + actual + ", expected " + expected);
        }
        return actual;
    }

    /** A j.u.c. lock behind gort's {@link Locker}, so one loop serves both (the call site stays monomorphic per fork). */
    static Locker locker(Lock lock) {
        return new Locker() {
            @Override
            public void lock() {
                lock.lock();
            }

            @Override
            public void unlock() {
                lock.unlock();
            }
        };
    }

    /**
     * Go's benchmarks' local work, {@code for i := 0; i < n; i++ { foo *= 2; foo /= 2 }}: leaves a
     * small {@code foo} as it was, costs n multiply-divide pairs that the JIT cannot fold away (it
     * does not know foo is small), and the caller checks the value, so the loop cannot be dropped.
     */
    static int work(int foo, int n) {
        for (int i = 0; i < n; i++) {
            foo *= 2;
            foo /= 2;
        }
        return foo;
    }
}
