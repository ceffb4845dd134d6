package io.gort.bench;

import io.gort.pattern.Limit;
import io.gort.pattern.RateLimiter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A token-bucket rate limiter's non-blocking check (golang.org/x/time/rate v0.3.0's {@code
 * Limiter.Allow}), one call per operation on one thread:
 * <ul>
 *   <li>{@link #allowInf}: a limiter with an infinite rate (every event allowed: Go's fast path);</li>
 *   <li>{@link #allow}: 10^9 events per second, burst 1: a token is back before the next call, so
 *       every call is allowed, through the token arithmetic;</li>
 *   <li>{@link #deny}: one event an hour, burst 1, its token taken in the set-up: every call is
 *       denied.</li>
 * </ul>
 * Checked: each call's answer. Subjects: {@code gort}: {@link RateLimiter} (x/time/rate's design);
 * {@code guava}: Guava's {@code RateLimiter.tryAcquire()} (33.5.0: the usual Java limiter; a
 * smooth-bursty bucket of one second's permits, {@code create(Double.POSITIVE_INFINITY)} for the
 * infinite rate; its token arithmetic is in microseconds). Kotlin has no rate limiter in
 * kotlinx.coroutines. Go: {@code bench/go ctx-rate-inf, ctx-rate-allow, ctx-rate-deny}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms1g", "-Xmx2g"})
public class CtxRateBenchmark {
    @Param({"gort", "guava"})
    public String kind;

    private boolean gort;
    private RateLimiter inf, fast, slow;
    private com.google.common.util.concurrent.RateLimiter guavaInf, guavaFast, guavaSlow;

    @Setup(Level.Trial)
    public void setUp() {
        gort = switch (kind) {
            case "gort" -> true;
            case "guava" -> false;
            default -> throw new IllegalArgumentException("unknown rate limiter subject " + kind);
        };
        boolean first;
        if (gort) {
            inf = new RateLimiter(Limit.INF, 1);
            fast = new RateLimiter(Limit.perSecond(1e9), 1);
            slow = new RateLimiter(Limit.every(Duration.ofHours(1)), 1);
            first = slow.allow();
        } else {
            guavaInf = com.google.common.util.concurrent.RateLimiter.create(Double.POSITIVE_INFINITY);
            guavaFast = com.google.common.util.concurrent.RateLimiter.create(1e9);
            guavaSlow = com.google.common.util.concurrent.RateLimiter.create(1.0 / 3600);
            first = guavaSlow.tryAcquire();
        }
        if (!first) {
            throw new AssertionError("deny: the first event of a fresh limiter was denied");
        }
    }

    @Benchmark
    public boolean allowInf() {
        return expect("allowInf", gort ? inf.allow() : guavaInf.tryAcquire(), true);
    }

    @Benchmark
    public boolean allow() {
        return expect("allow", gort ? fast.allow() : guavaFast.tryAcquire(), true);
    }

    @Benchmark
    public boolean deny() {
        return expect("deny", gort ? slow.allow() : guavaSlow.tryAcquire(), false);
    }

    private static boolean expect(String workload, boolean allowed, boolean expected) {
        if (allowed != expected) {
            throw new AssertionError(workload + ": an event was " + (allowed ? "allowed" : "denied"));
        }
        return allowed;
    }
}
