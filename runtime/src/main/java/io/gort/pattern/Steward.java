package io.gort.pattern;

import io.gort.Go;
import io.gort.Time;
import io.gort.Ticker;
import io.gort.Timer;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The steward of "Concurrency in Go" (ch.5, "Healing Unhealthy Goroutines"): a goroutine that
 * starts a <em>ward</em>, watches its heartbeat, and when no heartbeat comes within {@code timeout},
 * cancels the ward's context and starts a new ward.
 *
 * <p>A ward is the book's {@code startGoroutineFn}: {@link Ward#start(Context, Duration)} starts
 * the ward's goroutine(s) and returns its heartbeat channel; it must pulse at about the interval
 * it is given and stop when the context it is given is done. A steward is itself a ward (its
 * {@link #start} has the same shape and returns the steward's own heartbeat), so stewards nest: a
 * steward can watch a steward.
 *
 * <pre>{@code
 * // Go:  doWorkWithSteward := newSteward(4*time.Second, doWork)
 * //      doWorkWithSteward(done, 4*time.Second)
 * Steward steward = new Steward(Duration.ofSeconds(4), doWork);
 * Receiver<Instant> alive = steward.start(ctx, Duration.ofSeconds(4));
 * }</pre>
 *
 * <p>The restart rule: the deadline is {@code timeout} after the ward was started or after its last
 * heartbeat; when it passes, the ward is unhealthy: its context is cancelled, {@link #restarts()}
 * goes up by one, the listener (if any) is told, and a fresh ward is started with a fresh context
 * (a child of the steward's) and pulse interval {@code timeout / 2}. A ward whose heartbeat channel
 * is null or closed never beats again, so the deadline restarts it. When the steward's context is
 * done, it cancels the current ward, closes its own heartbeat channel and ends.
 *
 * <p>The steward's own heartbeat pulses every {@code pulseInterval} given to {@link #start}, as
 * {@link Heartbeat#pulse} does (dropped when nobody listens).
 */
public final class Steward implements Ward {
    /*
     * Design: the book's newSteward, as one goroutine per start() with one select over
     *   its pulse ticker | the ward's heartbeat | the restart timer | the steward's ctx.done()
     * The ward's context is a child of the steward's, so cancelling the steward cancels the ward
     * even between the steps of a restart. Deviations from the book:
     *  - one timer reset on each ward heartbeat (Go 1.23 reset semantics: no stale fire) instead of
     *    a new time.After per loop;
     *  - a closed ward heartbeat channel is treated as silence (set to a nil channel), where the
     *    book's loop would receive from the closed channel again and again, resetting its timeout
     *    each time: a ward that ended would spin the steward and never be restarted;
     *  - restarts are counted and reported to an optional listener instead of log.Println.
     * State: restarts — AtomicLong, written by the steward goroutines;  wardCtx, wardHeartbeat,
     *   the timer and the ticker — owned by one steward goroutine.
     */

    /** Told about each restart: the number of restarts so far, this one included. */
    @FunctionalInterface
    public interface RestartListener {
        void restarted(long restarts);
    }

    private final Duration timeout;
    private final Ward ward;
    private final RestartListener listener;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong starts = new AtomicLong();

    /** A steward that restarts {@code ward} when it has not beaten for {@code timeout}. */
    public Steward(Duration timeout, Ward ward) {
        this(timeout, ward, null);
    }

    /** As {@link #Steward(Duration, Ward)}; {@code listener} is called on the steward's goroutine after each restart. */
    public Steward(Duration timeout, Ward ward, RestartListener listener) {
        Objects.requireNonNull(timeout, "timeout");
        this.ward = Objects.requireNonNull(ward, "ward");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Steward: non-positive timeout " + timeout);
        }
        this.timeout = timeout;
        this.listener = listener;
    }

    private static final Object PULSE = new Object(), BEAT = new Object(), SILENT = new Object(),
            TIMEOUT = new Object(), DONE = new Object();

    /**
     * Starts the steward (and, at once, its first ward) under {@code ctx}; returns the steward's
     * heartbeat, closed when the steward ends.
     *
     * @throws IllegalArgumentException if {@code pulseInterval} is not positive
     */
    @Override
    public Receiver<Instant> start(Context ctx, Duration pulseInterval) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(pulseInterval, "pulseInterval");
        if (pulseInterval.isNegative() || pulseInterval.isZero()) {
            throw new IllegalArgumentException("Steward: non-positive pulse interval " + pulseInterval);
        }
        Chan<Instant> heartbeat = Chan.make(1);
        Go.spawn("Steward", () -> {
            Ticker pulse = Time.newTicker(pulseInterval);
            Timer deadline = Time.newTimer(timeout);
            CancelContext wardCtx = null;
            try {
                wardCtx = Context.withCancel(ctx);
                Receiver<?> wardHeartbeat = startWard(wardCtx);
                while (true) {
                    Object r = Select.select(
                            pulse.c().onRecv(x -> PULSE),
                            wardHeartbeat.onRecvOk((x, ok) -> ok ? BEAT : SILENT),
                            deadline.c().onRecv(x -> TIMEOUT),
                            ctx.done().onRecv(x -> DONE));
                    if (r == DONE) {
                        return;
                    } else if (r == PULSE) {
                        Heartbeat.pulse(heartbeat);
                    } else if (r == BEAT) {
                        deadline.reset(timeout);
                    } else if (r == SILENT) {
                        wardHeartbeat = Chan.nil();     // a ward that ended: the deadline will restart it
                    } else {                            // TIMEOUT: the ward is unhealthy
                        wardCtx.cancel();
                        long n = restarts.incrementAndGet();
                        if (listener != null) {
                            listener.restarted(n);
                        }
                        wardCtx = Context.withCancel(ctx);
                        wardHeartbeat = startWard(wardCtx);
                        deadline.reset(timeout);
                    }
                }
            } finally {
                if (wardCtx != null) {
                    wardCtx.cancel();
                }
                pulse.stop();
                deadline.stop();
                heartbeat.close();
            }
        });
        return heartbeat;
    }

    private Receiver<?> startWard(Context wardCtx) {
        starts.incrementAndGet();
        Receiver<?> hb = ward.start(wardCtx, timeout.dividedBy(2).isZero() ? timeout : timeout.dividedBy(2));
        return hb == null ? Chan.nil() : hb;
    }

    /** How many times a ward was found unhealthy and restarted, over every {@link #start} of this steward. */
    public long restarts() {
        return restarts.get();
    }

    /** How many wards were started, first starts and restarts, over every {@link #start}. */
    public long wardsStarted() {
        return starts.get();
    }

    /** The timeout. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return "Steward[timeout " + timeout + ", wards started " + wardsStarted() + ", restarts " + restarts() + "]";
    }
}
