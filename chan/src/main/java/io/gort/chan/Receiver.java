package io.gort.chan;

import java.util.function.Function;

/**
 * The receiving side of a channel: Go's {@code <-chan T}. {@link Chan} is the only implementation.
 * {@code for (var v : ch)} is Go's {@code for v := range ch}: it receives until the channel is closed
 * and drained.
 *
 * <p>Memory model (Go's): a send happens-before the corresponding receive completes; for an
 * unbuffered channel, a receive happens-before the corresponding send completes; the k-th receive
 * on a channel of capacity C happens-before the (k+C)-th send completes; close happens-before a
 * receive that returns because the channel is closed.
 */
public sealed interface Receiver<T> extends Iterable<T> permits Chan {
    /**
     * Receives a value, waiting until one is sent. Returns null at once when the channel is closed
     * and drained (Go's zero value); use {@link #recvOk()} to tell the two apart.
     *
     * @throws io.gort.sched.GoInterruptedException if the thread is interrupted while it waits; then
     *         nothing was received, and the interrupt status is kept
     */
    T recv();

    /** Go's {@code v, ok := <-ch}: waits like {@link #recv()}; {@code ok} is false once closed and drained. */
    Recv<T> recvOk();

    /**
     * Receives without waiting (Go's {@code select} with a receive case and a default).
     *
     * @return the value with {@code ok == true}; {@link Recv#closed()} when closed and drained; or
     *         null when a receive would have had to wait
     */
    Recv<T> tryRecv();

    /** Buffered values not yet received (Go's {@code len(ch)}); a hint under concurrency. */
    int len();

    /** The buffer's capacity (Go's {@code cap(ch)}); 0 for an unbuffered channel. */
    int cap();

    /** A select case {@code case v := <-ch:} whose result is {@code then.apply(v)} (v is null if closed). */
    <R> Case<R> onRecv(Function<? super T, ? extends R> then);

    /** A select case {@code case v := <-ch:} whose result is the value received (null if closed). */
    Case<T> onRecv();

    /** A select case {@code case v, ok := <-ch:} whose result is {@code then.apply(v, ok)}. */
    <R> Case<R> onRecvOk(RecvOkFunction<? super T, ? extends R> then);
}
