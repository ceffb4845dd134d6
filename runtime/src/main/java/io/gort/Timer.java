package io.gort;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A single event: Go's {@code time.Timer}. Made by {@link Time#newTimer} (when it expires, the
 * current time is sent on {@link #c()}) or {@link Time#afterFunc} (when it expires, the function
 * starts in its own goroutine, and {@code c()} is a nil channel, as Go's {@code C} is nil).
 *
 * <p>Semantics are Go 1.23's. The channel is synchronous in effect: its {@code len()} and {@code
 * cap()} are 0, and after {@link #stop()} or {@link #reset} returns, no receive from {@code c()}
 * yields a value from before that call; a value sent but not yet received counts as not yet fired.
 * So the pre-1.23 idiom {@code if (!t.stop()) t.c().recv();} is never needed (and would block).
 *
 * <p>Memory model: the call to {@code newTimer}, {@code afterFunc} or {@code reset} that armed the
 * timer happens-before the timer fires; a firing's send happens-before the receive that takes the
 * value (channel rules); for {@code afterFunc}, the arming call happens-before {@code f} starts.
 * A {@code stop} or {@code reset} that returns true happens-before any later firing, and the firing
 * it cancelled never happens.
 *
 * <p>All methods may be called from any thread or goroutine, concurrently. A pending timer costs a
 * few hundred bytes and no thread. As in Go 1.23, a channel timer is in the timer engine's heap
 * only while a goroutine is blocked receiving from {@link #c()} (a receive or a select case); a
 * receive that finds it due fires it on the spot. So an unstopped, unreferenced timer is garbage
 * collected, and a select that abandons a {@code Time.after} leaves nothing behind. An
 * {@link Time#afterFunc} timer stays in the heap until it fires or is stopped.
 */
public final class Timer {
    private final TimerEngine engine;
    private final TimerEngine.Node node;     // its monitor is the per-timer lock
    private final Receiver<Instant> c;

    private Timer(TimerEngine engine, TimerEngine.Node node, Receiver<Instant> c) {
        this.engine = engine;
        this.node = node;
        this.c = c;
    }

    static Timer newTimer(TimerEngine engine, Duration d) {
        Objects.requireNonNull(d, "d");
        TimerNodes.ChanNode n = new TimerNodes.ChanNode(engine, 0);
        synchronized (n) {
            n.arm(engine, engine.deadline(d));
        }
        return new Timer(engine, n, n.c);
    }

    static Timer afterFunc(TimerEngine engine, Duration d, Runnable f) {
        Objects.requireNonNull(d, "d");
        TimerEngine.Node n = new TimerNodes.FuncNode(Objects.requireNonNull(f, "f"));
        synchronized (n) {
            engine.schedule(n, engine.deadline(d));
        }
        return new Timer(engine, n, Chan.nil());
    }

    /**
     * The channel on which the time is delivered when the timer fires (Go's {@code t.C}); a nil
     * channel for a timer made by {@link Time#afterFunc}. Its {@code len()} and {@code cap()} are 0.
     */
    public Receiver<Instant> c() {
        return c;
    }

    /**
     * Prevents the timer from firing. Returns true if this call stopped it, false if it had already
     * expired or been stopped. A value sent on {@link #c()} but not yet received counts as not
     * expired: stop removes it and returns true, and no receive after stop returns sees it. For an
     * {@link Time#afterFunc} timer, false means {@code f} has been started in its own goroutine; stop
     * does not wait for {@code f} to finish.
     */
    public boolean stop() {
        synchronized (node) {
            if (node instanceof TimerNodes.ChanNode cn) {
                return cn.disarm(engine);
            }
            return engine.cancel(node);
        }
    }

    /**
     * Changes the timer to expire after {@code d} (zero or negative: at once) and returns true if it
     * had been active, false if it had expired or been stopped, counting an unreceived value as
     * active, as {@link #stop()} does. No receive after reset returns yields a value from the
     * previous setting. For an {@link Time#afterFunc} timer that already fired, reset arms it again
     * and {@code f} runs again.
     */
    public boolean reset(Duration d) {
        Objects.requireNonNull(d, "d");
        synchronized (node) {
            if (node instanceof TimerNodes.ChanNode cn) {
                return cn.arm(engine, engine.deadline(d));
            }
            return engine.schedule(node, engine.deadline(d));
        }
    }

    /** True while a firing is scheduled (a hint: it may fire as this returns). */
    boolean isPending() {
        synchronized (node) {
            return node instanceof TimerNodes.ChanNode cn ? cn.pending(engine) : engine.isPending(node);
        }
    }

    /** True while the node is in the engine's heap (a lazy channel timer is only while waited on). */
    boolean inEngine() {
        return engine.isPending(node);
    }

    @Override
    public String toString() {
        return "Timer[" + (isPending() ? "pending" : "idle") + "]";
    }
}
