package io.gort.pattern;

import io.gort.chan.Receiver;
import io.gort.context.Context;
import java.time.Duration;

/**
 * What a {@link Steward} watches: the book's {@code startGoroutineFn} ("Concurrency in Go" ch.5,
 * {@code type startGoroutineFn func(done <-chan interface{}, pulseInterval time.Duration)
 * (heartbeat <-chan interface{})}). {@link #start} starts the ward's goroutine(s) and returns the
 * heartbeat channel it pulses on. A {@link Steward} is a ward too, so stewards nest.
 */
@FunctionalInterface
public interface Ward {
    /**
     * Starts the ward's work, which must end when {@code ctx} is done, and returns the channel it
     * pulses on about every {@code pulseInterval} (null, or a channel that is never sent on, for a
     * ward that does not beat; a closed channel for one that has ended).
     */
    Receiver<?> start(Context ctx, Duration pulseInterval);
}
