package io.gort.chan.internal;

import io.gort.chan.Chan;
import java.util.Objects;

/**
 * gort's own access to channel internals (the JDK's SharedSecrets pattern): exported only to
 * {@code io.gort.runtime}, whose timers need a channel that reports Go 1.23's {@code cap == 0} and
 * that they can empty atomically. Not an API.
 */
public final class ChanInternals {
    /** Implemented by {@link Chan}, installed by its class initializer. */
    public interface Bridge {
        /** A timer's channel: buffers one value, reports {@code len} and {@code cap} 0. */
        <T> Chan<T> newTimerChan();

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
        return bridge().newTimerChan();
    }

    public static int drain(Chan<?> c) {
        return bridge().drain(c);
    }
}
