package io.gort.chan;

import java.util.function.Supplier;

/**
 * The sending side of a channel: Go's {@code chan<- T}. {@link Chan} is the only implementation.
 *
 * <p>Memory model (Go's): a send on a channel happens-before the corresponding receive from that
 * channel completes; closing a channel happens-before a receive that returns because the channel is
 * closed.
 */
public sealed interface Sender<T> permits Chan {
    /**
     * Sends {@code value}, waiting while the channel is full (unbuffered: until a receiver takes it).
     *
     * @throws ChannelClosedException "send on closed channel", also when the channel closes while
     *         this goroutine waits; then nothing was sent
     * @throws NullPointerException if {@code value} is null (a channel carries no nulls)
     * @throws io.gort.sched.GoInterruptedException if the thread is interrupted while it waits; then
     *         nothing was sent, and the interrupt status is kept
     */
    void send(T value);

    /**
     * Sends without waiting (Go's {@code select} with a send case and a default).
     *
     * @return true if sent; false if the send would have had to wait
     * @throws ChannelClosedException "send on closed channel"
     */
    boolean trySend(T value);

    /**
     * Closes the channel: no more values may be sent; receivers drain what was buffered, then get
     * {@code ok == false}; every waiting receiver wakes, every waiting sender wakes with "send on
     * closed channel".
     *
     * @throws ChannelClosedException "close of closed channel"
     * @throws IllegalStateException "close of nil channel"
     */
    void close();

    /** Buffered values not yet received (Go's {@code len(ch)}); a hint under concurrency. */
    int len();

    /** The buffer's capacity (Go's {@code cap(ch)}); 0 for an unbuffered channel. */
    int cap();

    /** A select case {@code case ch <- value:} whose result is {@code then.get()}. */
    <R> Case<R> onSend(T value, Supplier<? extends R> then);

    /** A select case {@code case ch <- value:} whose result is null. */
    <R> Case<R> onSend(T value);
}
