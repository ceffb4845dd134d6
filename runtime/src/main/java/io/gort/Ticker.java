package io.gort;

import io.gort.chan.Receiver;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time.Ticker}: sends the time on {@link #c()} every period, made by {@link
 * Time#newTicker}. The channel holds at most one tick: a tick that comes while the previous one is
 * still unreceived is dropped, and the next deadline skips the periods a slow receiver missed, so
 * ticks never pile up. As in Go 1.23, {@code c().len()} and {@code c().cap()} are 0, and after
 * {@link #stop()} or {@link #reset} returns no tick from before that call can be received.
 *
 * <p>Memory model: {@code newTicker} or {@code reset} happens-before every tick it schedules; each
 * tick's send happens-before the receive that takes it. Once {@code stop} has returned, no tick is
 * sent and none can be received until a {@code reset}. Methods may be called from any thread.
 * A ticker that is not stopped keeps firing (and stays referenced by the timer engine) forever.
 */
public final class Ticker {
    private final TimerEngine engine;
    private final TimerNodes.ChanNode node;   // its monitor is the per-ticker lock

    private Ticker(TimerEngine engine, TimerNodes.ChanNode node) {
        this.engine = engine;
        this.node = node;
    }

    static Ticker newTicker(TimerEngine engine, Duration d) {
        long period = period(d, "non-positive interval for NewTicker");
        TimerNodes.ChanNode n = new TimerNodes.ChanNode(engine, period);
        synchronized (n) {
            engine.schedule(n, engine.deadline(d));
        }
        return new Ticker(engine, n);
    }

    private static long period(Duration d, String message) {
        Objects.requireNonNull(d, "d");
        long p = TimerEngine.saturatedNanos(d);
        if (p <= 0) {
            throw new IllegalArgumentException(message);
        }
        return p;
    }

    /** The channel on which the ticks are delivered (Go's {@code t.C}). */
    public Receiver<Instant> c() {
        return node.c;
    }

    /**
     * Turns the ticker off: no tick is sent after stop returns, and an unreceived one is removed.
     * The channel is not closed, so a receive after stop waits (for a {@link #reset}).
     */
    public void stop() {
        synchronized (node) {
            engine.cancel(node);
            node.drain();
        }
    }

    /**
     * Stops the ticker and sets its period to {@code d}; the next tick arrives {@code d} from now.
     * Works on a stopped ticker too (it restarts).
     *
     * @throws IllegalArgumentException "non-positive interval for Ticker.Reset" if {@code d <= 0}
     */
    public void reset(Duration d) {
        long period = period(d, "non-positive interval for Ticker.Reset");
        synchronized (node) {
            node.period = period;
            engine.schedule(node, engine.deadline(d));
            node.drain();
        }
    }

    @Override
    public String toString() {
        synchronized (node) {
            return "Ticker[period=" + Duration.ofNanos(node.period) + (engine.isPending(node) ? "" : " stopped") + "]";
        }
    }
}
