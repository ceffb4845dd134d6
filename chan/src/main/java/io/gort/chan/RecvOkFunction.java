package io.gort.chan;

/** The body of a select's {@code case v, ok := <-ch:} ({@link Receiver#onRecvOk}). */
@FunctionalInterface
public interface RecvOkFunction<T, R> {
    /** {@code ok} is false when the channel is closed and drained; then {@code value} is null. */
    R apply(T value, boolean ok);
}
