package io.gort.bench;

import io.gort.sync.SingleFlight;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * Duplicate call suppression. x/sync's singleflight has no benchmark (at commit ec11c4a, v0.19.0);
 * these are the two obvious ones. {@code doAlone}: one thread calls {@code doCall} with nobody to
 * share with (the cost of registering and forgetting a call: Go's {@code Do} path with no
 * duplicates). {@code doShared}: {@value #GOROUTINES} goroutines call {@code doCall} on
 * {@value #KEYS} keys {@value #ROUNDS} times each, the function costing {@code consumeCPU(WORK)},
 * so most calls find one in flight and wait for it; score per call. Subjects ({@code impl}):
 * {@code gort-ws}, {@link SingleFlight} with goroutines on gort's work-stealing scheduler;
 * {@code gort-vt}, the same on plain virtual threads; {@code chm-vt}, the usual Java idiom, a
 * {@code ConcurrentHashMap} of {@code CompletableFuture}s with {@code putIfAbsent}/{@code
 * join}/{@code remove}, on plain virtual threads. {@code doAlone} runs on the JMH thread, so
 * there only the group differs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx2g"})
public class SingleFlightBenchmark {
    static final int GOROUTINES = 8, KEYS = 4, ROUNDS = 5_000, WORK = 200;

    @Param({"gort-ws", "gort-vt", "chm-vt"})
    public String impl;

    interface Group {
        Object doCall(String key, Callable<Object> fn) throws Exception;
    }

    /** The Java idiom: one CompletableFuture per key in flight. */
    static final class ChmGroup implements Group {
        private final ConcurrentHashMap<String, CompletableFuture<Object>> calls = new ConcurrentHashMap<>();

        @Override
        public Object doCall(String key, Callable<Object> fn) throws Exception {
            CompletableFuture<Object> mine = new CompletableFuture<>();
            CompletableFuture<Object> other = calls.putIfAbsent(key, mine);
            if (other != null) {
                return other.join();
            }
            try {
                Object v = fn.call();
                calls.remove(key, mine);
                mine.complete(v);
                return v;
            } catch (Throwable t) {
                calls.remove(key, mine);
                mine.completeExceptionally(t);
                throw t;
            }
        }
    }

    private Group group;
    private Subject subject;
    private final Callable<Object> cheap = () -> Boolean.TRUE;

    @Setup(Level.Trial)
    public void setUp() {
        if (impl.startsWith("gort")) {
            SingleFlight<String, Object> g = new SingleFlight<>();
            group = g::doCall;
        } else {
            group = new ChmGroup();
        }
        subject = Subject.of(impl.endsWith("-ws") ? "workstealing" : "vt");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        subject.close();
    }

    @Benchmark
    public Object doAlone() throws Exception {
        return group.doCall("key", cheap);
    }

    @Benchmark
    @OperationsPerInvocation(GOROUTINES * ROUNDS)
    public long doShared() {
        Done done = new Done();
        AtomicInteger left = new AtomicInteger(GOROUTINES);
        AtomicLong runs = new AtomicLong();
        Callable<Object> fn = () -> {
            runs.incrementAndGet();
            Blackhole.consumeCPU(WORK);
            return Boolean.TRUE;
        };
        String[] keys = new String[KEYS];
        for (int k = 0; k < KEYS; k++) {
            keys[k] = "key" + k;
        }
        for (int g = 0; g < GOROUTINES; g++) {
            int me = g;
            subject.spawn(done.failFast(() -> {
                try {
                    for (int i = 0; i < ROUNDS; i++) {
                        if (group.doCall(keys[(me + i) % KEYS], fn) != Boolean.TRUE) {
                            throw new AssertionError("wrong result");
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                if (left.decrementAndGet() == 0) {
                    done.complete(runs.get());
                }
            }));
        }
        long r = done.await(group);
        if (r <= 0 || r > (long) GOROUTINES * ROUNDS) {
            throw new AssertionError("function ran " + r + " times for " + GOROUTINES * ROUNDS + " calls");
        }
        return r;
    }
}
