package io.gort.pattern;

import io.gort.Time;
import io.gort.context.Context;
import io.gort.context.ContextException;
import io.gort.sched.GoInterruptedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several rate limits enforced together: the {@code multiLimiter} of "Concurrency in Go" (chapter 5,
 * "Rate Limiting"), which combines, say, a per-second limit with a per-minute one (fine and coarse
 * granularity). An event is allowed when every limiter allows it.
 *
 * <pre>{@code
 * MultiLimiter apiLimit = new MultiLimiter(
 *         new RateLimiter(Limit.per(2, Duration.ofSeconds(1)), 2),     // 2 per second,
 *         new RateLimiter(Limit.per(10, Duration.ofMinutes(1)), 10)); // 10 per minute
 * apiLimit.wait(ctx);
 * }</pre>
 *
 * <p>Deviation from the book, deliberate: the book's {@code Wait} calls each limiter's {@code Wait}
 * in turn, so a wait cancelled half-way (or refused by the last limiter) keeps the tokens it took
 * from the first ones. Here {@link #waitN} reserves from every limiter at the same instant, waits
 * once for the longest delay, and cancels every reservation if the context is done first (or one
 * limiter refuses), as {@link RateLimiter#waitN} does for one. {@link #allowN} likewise takes from
 * all or from none. It is not atomic across limiters: a concurrent caller may see some limiters
 * already charged and be refused, a transient the book's version has too.
 *
 * <p>Safe for use by many goroutines at once; each limiter keeps its own lock, none is held across
 * a wait. The limiters may also be used on their own.
 */
public final class MultiLimiter {
    private final List<RateLimiter> limiters;   // most restrictive first at construction (the book sorts them)
    private final AtomicLong allowed = new AtomicLong(), denied = new AtomicLong();

    /**
     * Combines {@code limiters} (at least one).
     *
     * @throws IllegalArgumentException if none is given
     * @throws NullPointerException if one is null
     */
    public MultiLimiter(RateLimiter... limiters) {
        if (limiters.length == 0) {
            throw new IllegalArgumentException("rate: MultiLimiter needs at least one limiter");
        }
        List<RateLimiter> l = new ArrayList<>();
        for (RateLimiter r : limiters) {
            l.add(Objects.requireNonNull(r, "limiter"));
        }
        l.sort(Comparator.comparing(RateLimiter::limit));
        this.limiters = List.copyOf(l);
    }

    /** The limiters, most restrictive (by their limit when combined) first. */
    public List<RateLimiter> limiters() {
        return limiters;
    }

    /** The most restrictive of the limits now (the book's {@code Limit()}). */
    public Limit limit() {
        Limit min = Limit.INF;
        for (RateLimiter r : limiters) {
            Limit l = r.limit();
            if (l.compareTo(min) < 0) {
                min = l;
            }
        }
        return min;
    }

    /** The smallest burst: the most tokens one call may ever take (unless every limit is {@link Limit#INF}). */
    public int burst() {
        int min = Integer.MAX_VALUE;
        for (RateLimiter r : limiters) {
            min = Math.min(min, r.burst());
        }
        return min;
    }

    /** {@code allowN(Time.now(), 1)}. */
    public boolean allow() {
        return allowN(Time.now(), 1);
    }

    /**
     * Whether every limiter allows {@code n} events at {@code t}; if so, takes them from all, else from
     * none.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public boolean allowN(Instant t, int n) {
        Reservation[] rs = reserveAll(t, n, 0);
        boolean ok = rs != null;
        (ok ? allowed : denied).incrementAndGet();
        return ok;
    }

    /** {@code waitN(ctx, 1)} (the book's {@code Wait}). */
    public void wait(Context ctx) {
        waitN(ctx, 1);
    }

    /**
     * Blocks until every limiter allows {@code n} events, as {@link RateLimiter#waitN} does for one;
     * the errors are the same, and on any of them nothing is kept from any limiter.
     *
     * @throws RateLimitException "rate: Wait(n=N) exceeds limiter's burst B" for the first limiter
     *         whose burst is below {@code n}, or "rate: Wait(n=N) would exceed context deadline"
     * @throws ContextException {@code ctx.err()} if {@code ctx} is done before or while waiting
     * @throws GoInterruptedException if interrupted while waiting
     */
    public void waitN(Context ctx, int n) {
        waitN(ctx, n, Time.now(), RateLimiter.WaitClock.REAL);
    }

    void waitN(Context ctx, int n, Instant t, RateLimiter.WaitClock clock) {
        Objects.requireNonNull(ctx, "ctx");
        try {
            for (RateLimiter r : limiters) {
                int b = r.burst();
                if (n > b && !r.limit().isInf()) {
                    throw new RateLimitException("rate: Wait(n=" + n + ") exceeds limiter's burst " + b);
                }
            }
            ContextException err = ctx.err();
            if (err != null) {
                throw err;
            }
            long waitLimit = ctx.deadline().map(d -> RateLimiter.subNanos(d, t)).orElse(RateLimiter.INF_DURATION_NANOS);
            Reservation[] rs = reserveAll(t, n, waitLimit);
            if (rs == null) {
                throw new RateLimitException("rate: Wait(n=" + n + ") would exceed context deadline");
            }
            long delay = 0;
            for (Reservation r : rs) {
                delay = Math.max(delay, r.delayNanosFrom(t));
            }
            RateLimiter.awaitDelay(ctx, delay, clock, () -> {
                Instant now = clock.now();
                for (Reservation r : rs) {
                    r.cancelAt(now);
                }
            });
        } catch (RuntimeException | Error e) {
            denied.incrementAndGet();
            throw e;
        }
        allowed.incrementAndGet();
    }

    /** One reservation per limiter at {@code t}, or null (and none kept) if one cannot be had in time. */
    private Reservation[] reserveAll(Instant t, int n, long maxFutureNanos) {
        Reservation[] rs = new Reservation[limiters.size()];
        for (int i = 0; i < rs.length; i++) {
            Reservation r = limiters.get(i).reserveN(t, n, maxFutureNanos);
            if (!r.ok()) {
                for (int j = 0; j < i; j++) {   // each is its limiter's latest event, so all comes back
                    rs[j].cancelAt(t);
                }
                return null;
            }
            rs[i] = r;
        }
        return rs;
    }

    /** Requests every limiter let through ({@code allow} true, waits that returned). */
    public long allowedCount() {
        return allowed.get();
    }

    /** Requests refused ({@code allow} false, waits that threw). */
    public long deniedCount() {
        return denied.get();
    }

    @Override
    public String toString() {
        return "MultiLimiter" + limiters;
    }
}
