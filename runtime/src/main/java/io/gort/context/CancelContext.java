package io.gort.context;

/**
 * A context together with its cancel function: what Go's {@code WithCancel}, {@code
 * WithCancelCause}, {@code WithDeadline} and {@code WithTimeout} return as a pair. Closing it cancels
 * it, so try-with-resources plays Go's {@code defer cancel()}; pass {@code ctx::cancel} where Go
 * passes the cancel function alone.
 */
public interface CancelContext extends Context, AutoCloseable {
    /**
     * Cancels this context and its descendants with {@link Context#CANCELED} and detaches it from
     * its parent; later calls do nothing (Go's {@code CancelFunc}). Never blocks.
     */
    void cancel();

    /**
     * As {@link #cancel()}, recording {@code cause} for {@link Context#cause} (Go's {@code
     * CancelCauseFunc}); a null cause records {@link Context#CANCELED}. Only the first cancel counts.
     */
    void cancel(Throwable cause);

    /** {@link #cancel()}: never throws. */
    @Override
    void close();
}
