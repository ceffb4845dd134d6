package io.gort;

import java.time.Instant;

/**
 * The fake clock of a synctest bubble (Go 1.24's {@code testing/synctest}): it starts at
 * 2000-01-01T00:00:00Z (monotonic reading 0) and moves only when the bubble's carrier advances it
 * to the next timer's deadline, which it does only while every goroutine of the bubble is durably
 * blocked. Written by the carrier (under the bubble engine's lock), read by anyone: a volatile.
 */
final class VirtualClock implements Clock {
    /** Go's synctestBaseTime: midnight UTC, 2000-01-01. */
    static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");

    private volatile long nanos;   // since EPOCH; never decreases

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant now() {
        return EPOCH.plusNanos(nanos);
    }

    /** Moves the clock to {@code n} if that is later; never backwards. Called by the bubble's carrier. */
    void advanceTo(long n) {
        if (n > nanos) {
            nanos = n;
        }
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now() + "]";
    }
}
