package io.gort.chan;

/**
 * The result of Go's two-value receive, {@code v, ok := <-ch}: {@code ok} is true when {@code value}
 * was sent on the channel, false when the channel is closed and drained (then {@code value} is null,
 * Go's zero value for a reference type).
 */
public record Recv<T>(T value, boolean ok) {
    private static final Recv<Object> CLOSED = new Recv<>(null, false);

    /** The result of receiving from a closed, drained channel. */
    @SuppressWarnings("unchecked")
    public static <T> Recv<T> closed() {
        return (Recv<T>) CLOSED;
    }
}
