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
    static final class ChanNode extends TimerEngine.Node implements ChanInternals.TimerHook {
        final Chan<Instant> c;
        private final TimerEngine engine;
        long period;   // under this node's monitor: 0 for a one-shot timer
        /*
         * Lazy one-shot timers (Go 1.23's channel timers): a Timer's node enters the engine's heap
         * only while some goroutine is blocked receiving on its channel (blocked > 0); otherwise it
         * stays armed outside the heap, and a receive that finds it due fires it on the spot
         * (beforeReceive). So a Time.after abandoned by a select costs an insert and a removal in a
         * heap of only the timers someone waits on, instead of a million pending timers that the
         * engine must fire a second later. All under this node's monitor.
         */
        private final boolean lazy;      // one-shot: a Timer; a Ticker's node is always in the heap while armed
        private boolean armed;           // lazy only: set to fire at `deadline`, not yet fired or stopped
        private long deadline;           // lazy only: valid while armed
        private long armOrder;           // lazy only: the FIFO tie-break, taken when armed
        private int blocked;             // lazy only: receivers queued on c

        ChanNode(TimerEngine engine, long period) {
            this.engine = engine;
            this.period = period;
            this.lazy = period == 0;
            this.c = lazy ? ChanInternals.newTimerChan(this) : ChanInternals.newTimerChan();
        }

        /**
         * Arms the timer to fire at {@code when}, replacing any earlier setting, and drains c.
         * Returns true if it was pending or a value was drained (Go 1.23's stop/reset result).
         * Monitor held.
         */
        boolean arm(TimerEngine engine, long when) {
            if (!lazy) {
                boolean pending = engine.schedule(this, when);
                return drain() || pending;
            }
            boolean pending = engine.cancel(this) | armed;
            armed = true;
            deadline = when;
            armOrder = engine.nextOrder();
            if (blocked > 0) {
                engine.schedule(this, when, armOrder);
            }
            return drain() || pending;
        }

        /** Stops the timer and drains c; the stop result (Go 1.23). Monitor held. */
        boolean disarm(TimerEngine engine) {
            boolean pending = engine.cancel(this) | armed;
            armed = false;
            return drain() || pending;
        }

        /** True while a firing is to come. Monitor held. */
        boolean pending(TimerEngine engine) {
            return armed || engine.isPending(this);
        }

        @Override
        void fire(TimerEngine engine) {
            synchronized (this) {
                if (!engine.claim(this)) {
                    return;   // stopped or reset after the engine popped it
                }
                armed = false;
                long now = engine.now();
                // Go's sendTime: Now() - (now - when), the time the timer was due, even when the
                // engine thread runs it late (a busy engine, a descheduled thread).
                c.trySend(engine.clock.now().minusNanos(Math.max(0, now - when)));
                if (period > 0) {
                    engine.schedule(this, nextTick(when, period, now));
                }
            }
        }

        @Override
        public void beforeReceive() {
            synchronized (this) {
                long now = engine.now();
                if (armed && deadline <= now) {
                    engine.cancel(this);
                    armed = false;
                    // Go's sendTime sends Now() - (now - when): the time the timer was due, not
                    // the (possibly much later) time of this receive (synctest's TestTimerReadAfterDeadline).
                    c.trySend(engine.clock.now().minusNanos(now - deadline));
                }
            }
        }

        @Override
        public void blocked() {
            synchronized (this) {
                if (blocked == 0 && armed && !engine.isPending(this)) {
                    engine.schedule(this, deadline, armOrder);   // may throw (no engine thread): then not counted
                }
                blocked++;
            }
        }

        @Override
        public void unblocked() {
            synchronized (this) {
                if (--blocked == 0 && armed) {
                    engine.cancel(this);   // stays armed: a later receive or waiter brings it back
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
            engine.spawn(f);   // a bubble's engine starts f in the bubble (Go: "membership propagates through AfterFunc")
        }
    }

    /**
     * A sleeping goroutine's timer in a synctest bubble ({@code Go.sleep} on the virtual clock):
     * on firing it wakes the sleeper. {@code done} is set under the monitor, after the claim.
     */
    static final class SleepNode extends TimerEngine.Node {
        private final Thread sleeper;
        private volatile boolean done;   // written in fire (monitor held); read by the sleeper's park loop

        SleepNode(Thread sleeper) {
            this.sleeper = sleeper;
        }

        @Override
        void fire(TimerEngine engine) {
            synchronized (this) {
                if (!engine.claim(this)) {
                    return;
                }
                done = true;   // pairs with the sleeper's read of done after its park returns
            }
            java.util.concurrent.locks.LockSupport.unpark(sleeper);
        }

        /**
         * Sleeps the current goroutine {@code nanos} (> 0) of {@code engine}'s time. Throws
         * GoInterruptedException, interrupt status kept, if interrupted.
         */
        static void sleep(TimerEngine engine, java.time.Duration d) {
            SleepNode n = new SleepNode(Thread.currentThread());
            synchronized (n) {
                engine.schedule(n, engine.deadline(d));
            }
            while (!n.done) {
                java.util.concurrent.locks.LockSupport.park(n);
                if (Thread.currentThread().isInterrupted() && !n.done) {
                    synchronized (n) {
                        engine.cancel(n);
                    }
                    throw new io.gort.sched.GoInterruptedException(new InterruptedException("sleep interrupted"));
                }
            }
        }
    }
}
