package io.gort.pattern;

import io.gort.Time;
import java.time.Duration;
import java.time.Instant;

/**
 * Tokens a {@link RateLimiter} has promised for a future time: Go's {@code rate.Reservation}. The
 * holder waits {@link #delay()}, then acts; or {@link #cancel()}s, giving back what it can.
 *
 * <pre>{@code
 * Reservation r = lim.reserve();
 * if (!r.ok()) { return; }          // n > burst: never possible
 * Time.sleep(r.delay());
 * act();
 * }</pre>
 *
 * <p>Immutable but for its effect on the limiter; {@link #cancelAt} takes the limiter's lock. Safe
 * for use from any goroutine.
 */
public final class Reservation {
    private final boolean ok;
    private final RateLimiter lim;
    private final int tokens;
    private final Instant timeToAct;
    private final Limit limit;   // the limit when reserved; it may change later

    Reservation(boolean ok, RateLimiter lim, int tokens, Instant timeToAct, Limit limit) {
        this.ok = ok;
        this.lim = lim;
        this.tokens = tokens;
        this.timeToAct = timeToAct;
        this.limit = limit;
    }

    /**
     * Whether the limiter can give the tokens within the longest wait allowed (Go's {@code OK()}).
     * When false, {@link #delay()} is {@link RateLimiter#INF_DURATION} and {@link #cancel()} does nothing.
     */
    public boolean ok() {
        return ok;
    }

    /** {@code delayFrom(Time.now())} (Go's {@code Delay()}). */
    public Duration delay() {
        return delayFrom(Time.now());
    }

    /**
     * How long the holder must wait from {@code t} before acting (Go's {@code DelayFrom}): zero means
     * act now; {@link RateLimiter#INF_DURATION} means never (not {@link #ok()}).
     */
    public Duration delayFrom(Instant t) {
        return Duration.ofNanos(delayNanosFrom(t));
    }

    long delayNanosFrom(Instant t) {
        if (!ok) {
            return RateLimiter.INF_DURATION_NANOS;
        }
        long d = RateLimiter.subNanos(timeToAct, t);
        return Math.max(d, 0);
    }

    /** The time the holder may act (Go's unexported {@code timeToAct}); null when not {@link #ok()}. */
    public Instant timeToAct() {
        return ok ? timeToAct : null;
    }

    /** {@code cancelAt(Time.now())} (Go's {@code Cancel()}). */
    public void cancel() {
        cancelAt(Time.now());
    }

    /**
     * Says the holder will not act, and gives back to the limiter as many of the reserved tokens as
     * later reservations allow (Go's {@code CancelAt}). Does nothing for a reservation that is not ok,
     * for zero tokens, under {@link Limit#INF}, or at or after its time to act has passed.
     */
    public void cancelAt(Instant t) {
        if (!ok) {
            return;
        }
        lim.cancel(this, t);
    }

    int tokens() {
        return tokens;
    }

    Instant rawTimeToAct() {
        return timeToAct;
    }

    Limit limit() {
        return limit;
    }

    @Override
    public String toString() {
        return ok ? "Reservation[tokens=" + tokens + ", timeToAct=" + timeToAct + "]" : "Reservation[not ok]";
    }
}
