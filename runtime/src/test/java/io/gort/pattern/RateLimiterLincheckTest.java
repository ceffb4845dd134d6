package io.gort.pattern;

import java.time.Instant;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link RateLimiter}: the operations with an explicit time ({@code allowN(t, n)},
 * {@code reserveN(t, n)}, {@code tokensAt(t)}, {@code setLimitAt}, {@code setBurstAt}) and the
 * counters ({@code allowedCount}, {@code deniedCount}), in Lincheck's model-checking and stress
 * modes. The sequential specification is the class itself run one operation at a time (Lincheck's
 * default): the token-bucket arithmetic is x/time/rate's, proven by RateLimiterConformanceTest
 * against Go's tables, so what this test adds is that every method is one atomic step (one
 * critical section under gort's {@link io.gort.sync.Mutex}) and that the results of concurrent
 * calls, compared exactly (doubles included), are those of some sequential order consistent with
 * real time. Each call's time is a parameter, 0..5 ticks of 100 ms after a fixed base, so calls
 * from different threads go forwards and backwards in time as Go allows ("the bucket then neither
 * gains nor loses"); the limit starts at 10 tokens/s (one per tick) with a burst of 2, and
 * setLimitAt picks among 0, 5/s, 10/s and INF.
 *
 * <p>Not here: {@code wait}/{@code waitN} (they park on a gort timer: RateLimiterTest and
 * RateLimiterStressTest cover them) and {@code Reservation.cancelAt} (it needs a reservation from
 * an earlier operation of the same scenario; cancel's arithmetic is in the conformance test).
 */
@Param(name = "tick", gen = IntGen.class, conf = "0:5")
public class RateLimiterLincheckTest {
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    static final Limit[] LIMITS = {Limit.ZERO, Limit.perSecond(5), Limit.perSecond(10), Limit.INF};

    private final RateLimiter lim = new RateLimiter(Limit.perSecond(10), 2);

    /** Lincheck creates one instance per scenario (and one per sequential replay). */
    public RateLimiterLincheckTest() { }

    static Instant at(int tick) {
        return BASE.plusMillis(100L * tick);
    }

    @Operation
    public boolean allowN(@Param(name = "tick") int tick, @Param(gen = IntGen.class, conf = "0:3") int n) {
        return lim.allowN(at(tick), n);
    }

    /** The reservation as a value: ok, tokens' time to act in nanoseconds after BASE. */
    @Operation
    public String reserveN(@Param(name = "tick") int tick, @Param(gen = IntGen.class, conf = "0:3") int n) {
        Reservation r = lim.reserveN(at(tick), n);
        return r.ok() ? "ok at +" + RateLimiter.subNanos(r.timeToAct(), BASE) + "ns" : "not ok";
    }

    @Operation
    public double tokensAt(@Param(name = "tick") int tick) {
        return lim.tokensAt(at(tick));
    }

    @Operation
    public void setLimitAt(@Param(name = "tick") int tick, @Param(gen = IntGen.class, conf = "0:3") int which) {
        lim.setLimitAt(at(tick), LIMITS[which]);
    }

    @Operation
    public void setBurstAt(@Param(name = "tick") int tick, @Param(gen = IntGen.class, conf = "0:3") int b) {
        lim.setBurstAt(at(tick), b);
    }

    @Operation
    public long allowedCount() {
        return lim.allowedCount();
    }

    @Operation
    public long deniedCount() {
        return lim.deniedCount();
    }

    /** R1 and R2 after every scenario: the bucket never holds more than the burst, and the burst is not negative. */
    @Validate
    public void checkInvariants() {
        int b = lim.burst();
        if (b < 0) {
            throw new AssertionError("R2: burst " + b);
        }
        for (int tick = 0; tick <= 5; tick++) {
            double tk = lim.tokensAt(at(tick));
            if (tk > b) {
                throw new AssertionError("R1: " + tk + " tokens at tick " + tick + " > burst " + b + ": " + lim);
            }
        }
    }

    private ModelCheckingOptions modelChecking(int iterations, int invocations) {
        return new ModelCheckingOptions().iterations(iterations).invocationsPerIteration(invocations)
                .threads(3).actorsPerThread(2).actorsBefore(2).actorsAfter(2);
    }

    private StressOptions stress(int iterations, int invocations) {
        return new StressOptions().iterations(iterations).invocationsPerIteration(invocations)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(2);
    }

    @Test
    void modelChecking() {
        modelChecking(6, 100).check(getClass());
    }

    @Test
    void stress() {
        stress(6, 1_000).check(getClass());
    }

    @Test
    @Tag("stress")
    void large() {
        int m = Math.max(1, Integer.getInteger("gort.stress", 1));
        modelChecking(10 * m, 500).check(getClass());
        stress(20 * m, 5_000).check(getClass());
    }
}
