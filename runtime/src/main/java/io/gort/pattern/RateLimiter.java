package io.gort.pattern;

import io.gort.Time;
import io.gort.Timer;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.Context;
import io.gort.context.ContextException;
import io.gort.sched.GoInterruptedException;
import io.gort.sync.Mutex;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A token-bucket rate limiter: Go's {@code golang.org/x/time/rate.Limiter}. The bucket holds at most
 * {@link #burst()} tokens, starts full, and refills at {@link #limit()} tokens per second; each event
 * takes one token ({@code …N} methods take n). Over any long enough interval the rate stays under
 * the limit, with bursts of at most {@code burst} events. Under {@link Limit#INF} every event is
 * allowed and the burst is ignored.
 *
 * <pre>{@code
 * // Go:  lim := rate.NewLimiter(rate.Every(100*time.Millisecond), 3)
 * RateLimiter lim = new RateLimiter(Limit.every(Duration.ofMillis(100)), 3);
 * if (lim.allow()) { handle(req); } else { drop(req); }   // Allow: drop what exceeds the rate
 * lim.wait(ctx);                                          // Wait: slow down, cancellable
 * Reservation r = lim.reserve();                          // Reserve: know how long to wait
 * }</pre>
 *
 * <p>Three ways to take tokens, as Go's: {@link #allow()} says whether they are there now (drop the
 * event otherwise); {@link #reserve()} takes them from the future and says how long to wait; {@link
 * #wait(Context)} waits for them, giving up when the context is done or its deadline is too near.
 * Every method has a form with an explicit time ({@code allowN(now, n)}, {@code reserveN}, {@code
 * tokensAt}, {@code setLimitAt}, {@code setBurstAt}) that computes as if it were {@code now}: the
 * plain forms use {@link Time#now()}; tests and simulations pass their own clock's times. Times may
 * go backwards (Go's rule: the bucket then neither gains nor loses).
 *
 * <p>Naming: Go's {@code Wait(ctx)} is {@link #wait(Context)}, an overload of {@link Object}'s
 * {@code wait} methods that takes a context, so it cannot be confused with them (unlike {@link
 * io.gort.sync.WaitGroup}, whose argument-less Go {@code Wait} had to become {@code await}).
 *
 * <p><b>Errors</b>: {@code wait}/{@code waitN} throw {@link RateLimitException} with Go's words,
 * "rate: Wait(n=N) exceeds limiter's burst B" (never possible) or "rate: Wait(n=N) would exceed
 * context deadline" (possible, but not in time: nothing is taken), and the context's {@link
 * Context#err()} when it is done before or during the wait (the reservation is then cancelled,
 * which may let others go sooner). Bad input, which Go accepts and misbehaves on, throws {@link
 * IllegalArgumentException}: a negative burst, a negative {@code n}; bad rates are refused by {@link
 * Limit}.
 *
 * <p><b>Counters</b> (not in Go; for the patterns' metrics): {@link #allowedCount()} and {@link
 * #deniedCount()} count the decisions of {@code allow}/{@code allowN} and of the waits (a wait that
 * is cancelled after its reservation counts as denied). Reservations taken with {@code reserve} are
 * not counted: their holder decides.
 *
 * <p><b>Memory model</b>: every method is atomic with respect to the others (one lock, as Go's
 * mutex); an {@code allow} that returns true, a {@code reserve}, a {@code setLimit} or a {@code
 * setBurst} happens before any later method call that sees its effect on the bucket.
 *
 * <p>Safe for use by many goroutines at once. A wait parks the goroutine on a gort timer and the
 * context's {@code done()} channel (a select); the lock is never held across it.
 */
public final class RateLimiter {
    /*
     * Design: rate.go's algorithm, unchanged: the bucket is not refilled by a clock but computed
     * lazily from `last` (the time `tokens` was last brought up to date) by advance(t); tokens may go
     * negative, which is how a reservation borrows from the future; `lastEvent` is the latest time to
     * act of any reservation, which CancelAt needs to know which tokens later reservations rely on.
     *
     * Lock: gort's Mutex, as Go's sync.Mutex. The critical sections are a few float operations and
     * never block or run user code; the Mutex's fast path is one CAS, its slow path parks the
     * goroutine (never the carrier) and shows as sync.Mutex.Lock in a dump. Rejected: synchronized
     * (also one CAS uncontended, not measured here; but its waiters do not show in gort's dumps); a lock-free CAS
     * loop over an immutable (tokens, last, lastEvent) snapshot (an allocation per allow, and
     * CancelAt and SetLimitAt update several fields together).
     *
     * State (all under mu): limit, burst, tokens, last, lastEvent, allowed, denied.
     * Invariants: R1 tokens <= burst after every update (advance caps it; tokens may be negative).
     *   R2 burst >= 0. R3 lastEvent >= the timeToAct of every ok, uncancelled reservation made at
     *   or after the last SetLimit (Go's; a cancel may move it back to the previous event).
     * Linearization point of every method: its critical section. Ordering: Mutex unlock -> lock.
     * Deviations from Go: arguments are checked (negative n, negative burst); Wait's test hook (a
     *   fake clock) supplies the cancel time too, where Go's wait cancels at the real time.Now().
     */

    /** Go's {@code rate.InfDuration}: the delay of a reservation that is not ok (about 292 years). */
    public static final Duration INF_DURATION = Duration.ofNanos(Long.MAX_VALUE);
    static final long INF_DURATION_NANOS = Long.MAX_VALUE;

    /** Go's zero {@code time.Time} (January 1, year 1, UTC): where {@code last} starts. */
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final Mutex mu = new Mutex();
    private Limit limit;        // under mu
    private int burst;          // under mu; R2
    private double tokens;      // under mu; R1
    private Instant last = ZERO_TIME;        // under mu: when tokens was last brought up to date
    private Instant lastEvent = ZERO_TIME;   // under mu: the latest time to act of a reservation
    private long allowed, denied;            // under mu

    /**
     * A limiter that allows events at rate {@code r} with bursts of at most {@code b}, starting with
     * a full bucket (Go's {@code rate.NewLimiter(r, b)}).
     *
     * @throws NullPointerException if {@code r} is null
     * @throws IllegalArgumentException if {@code b < 0}
     */
    public RateLimiter(Limit r, int b) {
        this.limit = Objects.requireNonNull(r, "limit");
        this.burst = checkBurst(b);
        this.tokens = b;
    }

    private static int checkBurst(int b) {
        if (b < 0) {
            throw new IllegalArgumentException("rate: burst must be >= 0, got " + b);
        }
        return b;
    }

    private static void checkN(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("rate: n must be >= 0, got " + n);
        }
    }

    /** The maximum overall event rate (Go's {@code Limit()}). */
    public Limit limit() {
        mu.lock();
        try {
            return limit;
        } finally {
            mu.unlock();
        }
    }

    /**
     * The maximum burst size (Go's {@code Burst()}): the most tokens one call can take. Zero allows no
     * events, unless the limit is {@link Limit#INF}.
     */
    public int burst() {
        mu.lock();
        try {
            return burst;
        } finally {
            mu.unlock();
        }
    }

    /** The tokens available now (Go's {@code Tokens()}); negative while reservations borrow from the future. */
    public double tokens() {
        return tokensAt(Time.now());
    }

    /** The tokens available at {@code t} (Go's {@code TokensAt}); changes nothing. */
    public double tokensAt(Instant t) {
        mu.lock();
        try {
            return advance(t);
        } finally {
            mu.unlock();
        }
    }

    /** Whether one event may happen now: {@code allowN(Time.now(), 1)} (Go's {@code Allow()}). */
    public boolean allow() {
        return allowN(Time.now(), 1);
    }

    /**
     * Whether {@code n} events may happen at {@code t}; if so, takes their tokens (Go's {@code
     * AllowN}). For events you drop or skip when over the rate; otherwise use {@link #reserveN} or
     * {@link #waitN}.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public boolean allowN(Instant t, int n) {
        checkN(n);
        Objects.requireNonNull(t, "t");
        mu.lock();
        try {
            boolean ok = take(t, n, 0) != null;
            if (ok) {
                allowed++;
            } else {
                denied++;
            }
            return ok;
        } finally {
            mu.unlock();
        }
    }

    /** {@code reserveN(Time.now(), 1)} (Go's {@code Reserve()}). */
    public Reservation reserve() {
        return reserveN(Time.now(), 1);
    }

    /**
     * Takes {@code n} tokens as of {@code t}, borrowing from the future if needed, and says when the
     * events may happen (Go's {@code ReserveN}). The reservation is not {@link Reservation#ok()} only
     * if {@code n} exceeds the burst (and the limit is not {@link Limit#INF}); then nothing is taken.
     *
     * <pre>{@code
     * Reservation r = lim.reserveN(Time.now(), 1);
     * if (!r.ok()) { return; }   // did you set the burst above 0?
     * Time.sleep(r.delay());
     * act();
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public Reservation reserveN(Instant t, int n) {
        return reserveN(t, n, INF_DURATION_NANOS);
    }

    /** Go's unexported {@code reserveN}: at most {@code maxFutureNanos} ahead; for waits, tests and {@link MultiLimiter}. */
    Reservation reserveN(Instant t, int n, long maxFutureNanos) {
        checkN(n);
        Objects.requireNonNull(t, "t");
        mu.lock();
        try {
            Limit l = limit;
            Instant act = take(t, n, maxFutureNanos);
            return act == null ? new Reservation(false, this, 0, null, l) : new Reservation(true, this, n, act, l);
        } finally {
            mu.unlock();
        }
    }

    /**
     * Under mu: if {@code n} tokens can be had by {@code t + maxFutureNanos}, takes them and returns
     * the time to act; else changes nothing and returns null. Go's reserveN without the Reservation,
     * so that allow allocates nothing.
     */
    private Instant take(Instant t, int n, long maxFutureNanos) {
        if (limit.isInf()) {
            return t;
        }
        double left = advance(t) - n;
        long wait = left < 0 ? limit.nanosFromTokens(-left) : 0;
        if (n > burst || wait > maxFutureNanos) {
            return null;
        }
        Instant act = t.plusNanos(wait);
        last = t;
        tokens = left;
        lastEvent = act;
        return act;
    }

    /** Under mu: the tokens at {@code t}, without changing anything (Go's {@code advance}). */
    private double advance(Instant t) {
        Instant from = t.isBefore(last) ? t : last;   // time went backwards: no refill
        double tk = tokens + limit.tokensFromNanos(subNanos(t, from));
        return Math.min(tk, burst);   // R1
    }

    /** Go's {@code CancelAt}, for {@link Reservation#cancelAt}. */
    void cancel(Reservation r, Instant t) {
        Objects.requireNonNull(t, "t");
        mu.lock();
        try {
            cancelLocked(r, t);
        } finally {
            mu.unlock();
        }
    }

    private void cancelLocked(Reservation r, Instant t) {
        Instant act = r.rawTimeToAct();
        if (limit.isInf() || r.tokens() == 0 || act.isBefore(t)) {
            return;
        }
        // Tokens reserved by later reservations (from act to lastEvent) stay taken.
        double restore = r.tokens() - r.limit().tokensFromNanos(subNanos(lastEvent, act));
        if (restore <= 0) {
            return;
        }
        double tk = Math.min(advance(t) + restore, burst);
        last = t;
        tokens = tk;
        if (act.equals(lastEvent)) {
            Instant prev = act.minusNanos(r.limit().nanosFromTokens(r.tokens()));
            if (!prev.isBefore(t)) {
                lastEvent = prev;
            }
        }
    }

    /** {@code waitN(ctx, 1)} (Go's {@code Wait}). */
    public void wait(Context ctx) {
        waitN(ctx, 1);
    }

    /**
     * Blocks until the limiter allows {@code n} events (Go's {@code WaitN}), parking the goroutine on
     * a gort timer.
     *
     * @throws RateLimitException "rate: Wait(n=N) exceeds limiter's burst B" if {@code n > burst()}
     *         (and the limit is not {@link Limit#INF}); "rate: Wait(n=N) would exceed context deadline"
     *         if the tokens come only after {@code ctx}'s deadline. Nothing was taken.
     * @throws ContextException {@code ctx.err()} if {@code ctx} is done before or while waiting; the
     *         reservation is cancelled
     * @throws GoInterruptedException if interrupted while waiting; the reservation is cancelled
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public void waitN(Context ctx, int n) {
        waitN(ctx, n, Time.now(), WaitClock.REAL);
    }

    /** Go's unexported {@code wait}, with the test hook: the start time and the clock that makes timers. */
    void waitN(Context ctx, int n, Instant t, WaitClock clock) {
        Objects.requireNonNull(ctx, "ctx");
        checkN(n);
        int b;
        Limit l;
        mu.lock();
        try {
            b = burst;
            l = limit;
        } finally {
            mu.unlock();
        }
        if (n > b && !l.isInf()) {
            countDenied();
            throw new RateLimitException("rate: Wait(n=" + n + ") exceeds limiter's burst " + b);
        }
        ContextException err = ctx.err();
        if (err != null) {
            countDenied();
            throw err;
        }
        long waitLimit = ctx.deadline().map(d -> subNanos(d, t)).orElse(INF_DURATION_NANOS);
        Reservation r;
        mu.lock();
        try {
            Instant act = take(t, n, waitLimit);
            if (act == null) {
                denied++;
                r = null;
            } else {
                allowed++;
                r = new Reservation(true, this, n, act, limit);
            }
        } finally {
            mu.unlock();
        }
        if (r == null) {
            throw new RateLimitException("rate: Wait(n=" + n + ") would exceed context deadline");
        }
        awaitDelay(ctx, r.delayNanosFrom(t), clock, () -> cancelWait(r, clock.now()));
    }

    /** A wait's reservation given back: cancelled, and its decision counted as denied instead. */
    private void cancelWait(Reservation r, Instant t) {
        mu.lock();
        try {
            cancelLocked(r, t);
            allowed--;
            denied++;
        } finally {
            mu.unlock();
        }
    }

    private void countDenied() {
        mu.lock();
        try {
            denied++;
        } finally {
            mu.unlock();
        }
    }

    /**
     * Parks until {@code delayNanos} have passed, or throws {@code ctx.err()} (or the interrupt) after
     * running {@code giveBack} if {@code ctx} is done (or the goroutine interrupted) first.
     */
    static void awaitDelay(Context ctx, long delayNanos, WaitClock clock, Runnable giveBack) {
        if (delayNanos <= 0) {
            return;
        }
        WaitTimer timer = clock.newTimer(delayNanos);
        try {
            timer.advance();   // only a test clock does anything here
            Receiver<Void> done = ctx.done();
            boolean fired = Select.select(timer.c().onRecv(x -> true), done.onRecv(x -> false));
            if (!fired) {
                giveBack.run();
                throw ctx.err();
            }
        } catch (GoInterruptedException e) {
            giveBack.run();
            throw e;
        } finally {
            timer.stop();
        }
    }

    /** {@code setLimitAt(Time.now(), l)} (Go's {@code SetLimit}). */
    public void setLimit(Limit l) {
        setLimitAt(Time.now(), l);
    }

    /**
     * Sets a new limit as of {@code t} (Go's {@code SetLimitAt}): tokens gained until {@code t} are
     * kept at the old rate. Holders of reservations made before may act against the new limit.
     */
    public void setLimitAt(Instant t, Limit l) {
        Objects.requireNonNull(t, "t");
        Objects.requireNonNull(l, "limit");
        mu.lock();
        try {
            tokens = advance(t);
            last = t;
            limit = l;
        } finally {
            mu.unlock();
        }
    }

    /** {@code setBurstAt(Time.now(), b)} (Go's {@code SetBurst}). */
    public void setBurst(int b) {
        setBurstAt(Time.now(), b);
    }

    /**
     * Sets a new burst size as of {@code t} (Go's {@code SetBurstAt}).
     *
     * @throws IllegalArgumentException if {@code b < 0}
     */
    public void setBurstAt(Instant t, int b) {
        Objects.requireNonNull(t, "t");
        checkBurst(b);
        mu.lock();
        try {
            tokens = advance(t);
            last = t;
            burst = b;
        } finally {
            mu.unlock();
        }
    }

    /** Requests granted: {@code allow}s that returned true and waits that were let through. */
    public long allowedCount() {
        mu.lock();
        try {
            return allowed;
        } finally {
            mu.unlock();
        }
    }

    /** Requests refused: {@code allow}s that returned false and waits that threw. */
    public long deniedCount() {
        mu.lock();
        try {
            return denied;
        } finally {
            mu.unlock();
        }
    }

    /** {@code a - b} in nanoseconds, saturated to the long range as Go's {@code Time.Sub}. */
    static long subNanos(Instant a, Instant b) {
        long secs = a.getEpochSecond() - b.getEpochSecond();   // cannot overflow: |epoch seconds| < 2^55
        if (secs >= 9_223_372_035L) {
            return Long.MAX_VALUE;
        }
        if (secs <= -9_223_372_035L) {
            return Long.MIN_VALUE;
        }
        return secs * 1_000_000_000L + (a.getNano() - b.getNano());
    }

    @Override
    public String toString() {
        mu.lock();
        try {
            return "RateLimiter[limit=" + limit + ", burst=" + burst + ", tokens=" + tokens + " at " + last
                    + ", allowed=" + allowed + ", denied=" + denied + "]";
        } finally {
            mu.unlock();
        }
    }

    /** A timer for a wait: the real one or a test's fake (Go's {@code newTimer} hook in {@code wait}). */
    interface WaitTimer {
        Receiver<Instant> c();

        void stop();

        /** A fake clock moves to its next timer here; the real one does nothing. */
        void advance();
    }

    /** The clock a wait uses: {@link #REAL} ({@link Time}), or a test's fake. */
    interface WaitClock {
        Instant now();

        WaitTimer newTimer(long nanos);

        WaitClock REAL = new WaitClock() {
            @Override
            public Instant now() {
                return Time.now();
            }

            @Override
            public WaitTimer newTimer(long nanos) {
                Timer tm = Time.newTimer(Duration.ofNanos(nanos));
                return new WaitTimer() {
                    @Override
                    public Receiver<Instant> c() {
                        return tm.c();
                    }

                    @Override
                    public void stop() {
                        tm.stop();
                    }

                    @Override
                    public void advance() { }
                };
            }
        };
    }
}
