package io.gort;

import io.gort.chan.Chan;
import io.gort.chan.internal.ChanInternals;
import java.time.Instant;

/** The two kinds of timer node: one that sends on a channel (Timer, Ticker) and one that spawns (afterFunc). */
final class TimerNodes {
    private TimerNodes() { }

    /**
     * A channel timer: on firing it offers the time to its channel without waiting (a value already
     * in the one-slot buffer makes it drop the new one: a ticker's dropped tick) and, if periodic,
     * schedules its next period. stop and reset hold this node's monitor too and drain the channel,
     * so no value from before them can be received after them (Go 1.23).
     */
    static final class ChanNode extends TimerEngine.Node {
        final Chan<Instant> c = ChanInternals.newTimerChan();
        long period;   // under this node's monitor: 0 for a one-shot timer

        ChanNode(long period) {
            this.period = period;
        }

        @Override
        void fire(TimerEngine engine) {
            synchronized (this) {
                if (!engine.claim(this)) {
                    return;   // stopped or reset after the engine popped it
                }
                c.trySend(engine.clock.now());
                if (period > 0) {
                    engine.schedule(this, nextTick(when, period, engine.now()));
                }
            }
        }

        /** Drains the channel; true if a value was there (it counts as not yet fired). Monitor held. */
        boolean drain() {
            return ChanInternals.drain(c) > 0;
        }
    }

    /**
     * The deadline after {@code now} on the grid {@code when + k*period}: missed periods are skipped,
     * not made up (Go's ticker). Saturates.
     */
    static long nextTick(long when, long period, long now) {
        long behind = now - when;   // >= 0: the node fired at or after its deadline
        long k = behind < 0 ? 1 : behind / period + 1;
        long step;
        try {
            step = Math.multiplyExact(k, period);
            return Math.addExact(when, step);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    /** A function timer (afterFunc): on firing it starts the function in a new goroutine. */
    static final class FuncNode extends TimerEngine.Node {
        final Runnable f;

        FuncNode(Runnable f) {
            this.f = f;
        }

        @Override
        void fire(TimerEngine engine) {
            synchronized (this) {
                if (!engine.claim(this)) {
                    return;
                }
            }
            // After the claim a stop returns false ("f has been started"); the spawn need not hold the monitor.
            Go.spawn(f);
        }
    }
}
