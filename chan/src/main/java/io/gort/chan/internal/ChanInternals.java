package io.gort.chan.internal;

import io.gort.chan.Chan;
import java.util.Objects;

/**
 * gort's own access to channel internals (the JDK's SharedSecrets pattern): exported only to
 * {@code io.gort.runtime}, whose timers need a channel that reports Go 1.23's {@code cap == 0} and
 * that they can empty atomically. Not an API.
 */
public final class ChanInternals {
    /**
     * A lazy timer's view of receivers on its channel (Go 1.23's {@code maybeRunChan},
     * {@code blockTimerChan}, {@code unblockTimerChan}): the timer sits in the engine's heap only
     * while a goroutine is blocked on the channel, and fires at receive time if it is already due.
     * Each method is called with no channel lock held, so it may take the timer's own lock
     * (whose order is timer, then channel).
     */
    public interface TimerHook {
        /** Before a receive (blocking or not) looks at the channel: fire now if due. */
        void beforeReceive();

        /** A receiver (a receive, or a select's receive case) is now queued on the channel. */
        void blocked();

        /** That receiver has left the queue (completed, lost its select, or was interrupted). */
        void unblocked();
    }

    /** Implemented by {@link Chan}, installed by its class initializer. */
    public interface Bridge {
        /**
         * A timer's channel: buffers one value, reports {@code len} and {@code cap} 0; {@code hook}
         * (may be null) is told about receivers.
         */
        <T> Chan<T> newTimerChan(TimerHook hook);

        /** Drops the buffered values under the channel's lock; returns how many. */
        int drain(Chan<?> c);
    }

    private static volatile Bridge bridge;

    private ChanInternals() { }

    /** Called once, by Chan's class initializer. */
    public static void install(Bridge b) {
        if (bridge != null) {
            throw new IllegalStateException("installed twice");
        }
        bridge = Objects.requireNonNull(b);
    }

    private static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            Chan.nil();   // runs Chan's class initializer, which installs the bridge
            b = bridge;
        }
        return b;
    }

    public static <T> Chan<T> newTimerChan() {
        return bridge().newTimerChan(null);
    }

    public static <T> Chan<T> newTimerChan(TimerHook hook) {
        return bridge().newTimerChan(hook);
    }

    public static int drain(Chan<?> c) {
        return bridge().drain(c);
    }
}
