package io.gort.pattern;

import java.time.Duration;

/**
 * The maximum frequency of some events, in events per second: Go's {@code rate.Limit} (a {@code
 * float64}). A zero limit allows no events beyond the limiter's initial burst; {@link #INF} allows
 * all events, whatever the burst.
 *
 * <pre>{@code
 * Limit.perSecond(10)                    // rate.Limit(10)
 * Limit.every(Duration.ofMillis(100))    // rate.Every(100 * time.Millisecond)
 * Limit.INF                              // rate.Inf
 * }</pre>
 *
 * <p>Unlike Go's, a Limit is checked when made: a NaN or negative rate throws {@link
 * IllegalArgumentException} (Go takes any float and behaves oddly: a negative limit never refills, a
 * NaN compares false everywhere). {@code +Infinity} is {@link #INF}.
 *
 * @param perSecond events per second: finite and {@code >= 0}, or {@link Double#MAX_VALUE} for {@link #INF}
 */
public record Limit(double perSecond) implements Comparable<Limit> {
    /** Go's {@code rate.Inf}: allows every event, even with a zero burst. Its rate is {@link Double#MAX_VALUE}, as Go's. */
    public static final Limit INF = new Limit(Double.MAX_VALUE);

    /** No events beyond the initial burst (Go's {@code rate.Limit(0)}). */
    public static final Limit ZERO = new Limit(0);

    /**
     * Checks the rate and maps {@code +Infinity} to {@link #INF}'s rate.
     *
     * @throws IllegalArgumentException for a NaN or negative rate
     */
    public Limit {
        if (Double.isNaN(perSecond) || perSecond < 0) {
            throw new IllegalArgumentException("rate: limit must be a number >= 0 events per second, got " + perSecond);
        }
        if (perSecond == Double.POSITIVE_INFINITY) {
            perSecond = Double.MAX_VALUE;
        }
    }

    /** {@code n} events per second (Go's {@code rate.Limit(n)}). */
    public static Limit perSecond(double n) {
        return n == Double.MAX_VALUE || n == Double.POSITIVE_INFINITY ? INF : new Limit(n);
    }

    /**
     * One event every {@code interval} (Go's {@code rate.Every}); {@link #INF} for a zero or negative
     * interval, as Go's.
     */
    public static Limit every(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            return INF;
        }
        return new Limit(1 / seconds(interval));
    }

    /**
     * {@code events} every {@code interval}: "Concurrency in Go"'s {@code Per(eventCount, duration)},
     * {@code every(interval / events)}.
     *
     * @throws IllegalArgumentException if {@code events <= 0}
     */
    public static Limit per(int events, Duration interval) {
        if (events <= 0) {
            throw new IllegalArgumentException("rate: events must be > 0, got " + events);
        }
        return every(interval.dividedBy(events));
    }

    /** True for {@link #INF}. */
    public boolean isInf() {
        return perSecond == Double.MAX_VALUE;
    }

    /**
     * Nanoseconds it takes to accumulate {@code tokens} at this rate (Go's {@code durationFromTokens});
     * {@link RateLimiter#INF_DURATION_NANOS} for a zero rate or one that overflows.
     */
    long nanosFromTokens(double tokens) {
        if (perSecond <= 0) {
            return RateLimiter.INF_DURATION_NANOS;
        }
        double nanos = tokens / perSecond * 1e9;
        if (nanos > Long.MAX_VALUE) {   // Go issue 71154: a tiny rate overflowed here
            return RateLimiter.INF_DURATION_NANOS;
        }
        return (long) nanos;
    }

    /** Tokens accumulated in {@code nanos} at this rate (Go's {@code tokensFromDuration}). */
    double tokensFromNanos(long nanos) {
        if (perSecond <= 0) {
            return 0;
        }
        // As Go's Duration.Seconds: whole seconds and the rest apart, so no precision is lost
        // (Go issue 34861: truncating to whole nanoseconds per token let a limiter run dry).
        long sec = nanos / 1_000_000_000L, rest = nanos % 1_000_000_000L;
        return (sec + rest / 1e9) * perSecond;
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    @Override
    public int compareTo(Limit o) {
        return Double.compare(perSecond, o.perSecond);
    }

    @Override
    public String toString() {
        return isInf() ? "Limit.INF" : "Limit[" + perSecond + "/s]";
    }
}
