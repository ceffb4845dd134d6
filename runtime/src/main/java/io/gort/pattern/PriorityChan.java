package io.gort.pattern;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.context.Context;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A channel whose receivers get the highest-priority item waiting, not the oldest: what Go programs
 * build as a goroutine that owns a {@code container/heap} and sits between an input and an output
 * channel. Items of equal priority come out in the order they were sent.
 *
 * <pre>{@code
 * PriorityChan<Job> jobs = PriorityChan.make(ctx, 128);
 * jobs.send(cleanup, 0);
 * jobs.send(userRequest, 10);
 * Job next = jobs.recv();                 // userRequest
 * Select.select(jobs.receiver().onRecv(j -> ...), ctx.done().onRecv(x -> ...));
 * }</pre>
 *
 * <p>Order: an item whose {@code send} has returned is considered by every receive that starts
 * after that; a receive gets the greatest item among them — by {@code priority} (higher first),
 * then by the optional comparator (greater first), then first sent first. A receive that races
 * with sends may get any of the items sent so far, as with any channel.
 *
 * <p>Capacity: at most {@code capacity} items wait; a send waits for room (as on a buffered
 * channel). {@link #close()} is Go's {@code close}: receivers get what waits, highest first, then
 * see the channel closed; later sends throw "send on closed channel". When the context given to
 * {@link #make} is done, the owner goroutine drops what waits (counted in {@link #dropped()}),
 * closes the receiving side and ends; waiting and later sends throw {@code ctx.err()}.
 *
 * <p>Lifetime: the owner goroutine lives until the channel is closed and drained or its context is
 * done. A PriorityChan that is neither closed nor cancelled keeps its goroutine, as a Go goroutine
 * blocked on a channel nobody closes would: close it, or give it a context you cancel.
 *
 * <p>Memory model: a send happens-before the receive that gets its item.
 *
 * @param <T> the item type (no nulls)
 */
public final class PriorityChan<T> {
    /*
     * Design: confinement. One owner goroutine holds the heap (a PriorityQueue no one else
     * touches). Senders hand it entries over an UNBUFFERED channel `in`; receivers take items from
     * an UNBUFFERED channel `out`. Its loop is one select over
     *     receive from in (only while the heap has room)  |  send heap.peek() on out (only while
     *     the heap is not empty)  |  ctx.done()
     * and it pops the heap only once the send of the peeked item has happened. So the item in
     * flight is always the current maximum, re-chosen each round: an item sent while a receiver
     * waits is not stuck behind one the owner took out early (that is the priority inversion of
     * a "pop, then send" loop, rejected).
     * Why unbuffered `in`: a send completes when the owner has the entry, and the owner puts it in
     * the heap before its next select, so every receive that starts after a send returned sees
     * the item. With a buffered `in`, an item could wait in the FIFO buffer while a lower one went
     * out (rejected). The cost: a send is a hand-off to the owner (no trySend: it would fail
     * whenever the owner is between selects).
     *
     * State and writers:  heap, seq, inClosed — the owner only;  depth — written by the owner
     *   (volatile), read by anyone;  counters — LongAdders.
     * Invariants:  I1  0 <= heap.size() <= capacity (the owner stops receiving at capacity).
     *   I2  depth == heap.size() after each owner step.  I3  the owner sends only heap.peek() and
     *   pops it only after the send happened.
     * Linearization points:  send — the hand-off on `in`;  recv — the hand-off on `out`;
     *   close — the close of `in`, as the owner observes it (then it drains the heap and closes out).
     * Ordering pairs:  in.send <-> owner's receive (the channel's);  owner's out.send <-> recv.
     */

    private record Entry<T>(T value, int priority, long seq) { }

    private final Context ctx;
    private final Chan<Entry<T>> in = Chan.make();
    private final Chan<T> out = Chan.make();
    private final int capacity;
    private final PriorityQueue<Entry<T>> heap;     // owner only
    private long seq;                               // owner only
    private volatile int depth;                     // written by the owner
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final StageStats stats;

    private PriorityChan(Context ctx, int capacity, Comparator<? super T> order) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        if (capacity < 1) {
            throw new IllegalArgumentException("PriorityChan: capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        Comparator<Entry<T>> byPriority = Comparator.comparingInt((Entry<T> e) -> e.priority).reversed();
        if (order != null) {
            Comparator<? super T> o = order;
            byPriority = byPriority.thenComparing((a, b) -> o.compare(b.value, a.value));
        }
        this.heap = new PriorityQueue<>(Math.min(capacity, 1024), byPriority.thenComparingLong(e -> e.seq));
        this.stats = StageStats.register("priority", out);
        stats.depthFrom(() -> depth);
    }

    /** A priority channel of {@code capacity} items, ordered by the priority given to {@link #send(Object, int)}. */
    public static <T> PriorityChan<T> make(Context ctx, int capacity) {
        return start(new PriorityChan<>(ctx, capacity, null));
    }

    /**
     * A priority channel ordered by priority, then by {@code order} (the greatest first): with
     * {@link #send(Object)} alone (priority 0), {@code order} decides.
     */
    public static <T> PriorityChan<T> make(Context ctx, int capacity, Comparator<? super T> order) {
        return start(new PriorityChan<>(ctx, capacity, Objects.requireNonNull(order, "order")));
    }

    private static <T> PriorityChan<T> start(PriorityChan<T> pc) {
        Go.spawn("PriorityChan", pc::own);
        return pc;
    }

    private static final Object DONE = new Object(), SENT = new Object(), IN_CLOSED = new Object();

    /** The owner goroutine's loop. */
    private void own() {
        boolean inClosed = false;
        try {
            while (true) {
                Entry<T> top = heap.peek();
                if (inClosed && top == null) {
                    return;
                }
                Object r;
                long t = 0;
                if (top == null) {
                    r = Select.select(in.onRecvOk((e, ok) -> ok ? e : IN_CLOSED), ctx.done().onRecv(x -> DONE));
                } else if (inClosed || heap.size() >= capacity) {
                    t = stats.begin();
                    r = Select.select(out.onSend(top.value, () -> SENT), ctx.done().onRecv(x -> DONE));
                } else {
                    t = stats.begin();
                    r = Select.select(out.onSend(top.value, () -> SENT),
                            in.onRecvOk((e, ok) -> ok ? e : IN_CLOSED), ctx.done().onRecv(x -> DONE));
                }
                if (r == DONE) {
                    return;
                } else if (r == SENT) {
                    heap.poll();
                    stats.item(t);
                } else if (r == IN_CLOSED) {
                    inClosed = true;
                } else {
                    @SuppressWarnings("unchecked") Entry<T> e = (Entry<T>) r;
                    heap.add(new Entry<>(e.value, e.priority, seq++));
                }
                depth = heap.size();
            }
        } finally {
            for (int i = heap.size(); i > 0; i--) {
                dropped.increment();
                stats.drop();
            }
            heap.clear();
            depth = 0;
            out.close();
        }
    }

    // ---- senders -------------------------------------------------------------------------------

    /** {@code send(item, 0)}. */
    public void send(T item) {
        send(Context.background(), item, 0);
    }

    /** Sends {@code item} with {@code priority} (higher comes out first), waiting while the channel is full. */
    public void send(T item, int priority) {
        send(Context.background(), item, priority);
    }

    /**
     * Sends {@code item} with {@code priority}, waiting while the channel is full, until {@code ctx}
     * (the caller's) or the channel's context is done.
     *
     * @throws io.gort.chan.ChannelClosedException "send on closed channel" after {@link #close()}
     * @throws io.gort.context.ContextException the err() of whichever context ended the wait;
     *         then the item was not sent
     */
    public void send(Context ctx, T item, int priority) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(item, "item");
        Entry<T> e = new Entry<>(item, priority, 0);
        this.ctx.throwIfDone();
        Object r = Select.select(in.onSend(e, () -> SENT), ctx.done().onRecv(x -> ctx), this.ctx.done().onRecv(x -> this.ctx));
        if (r != SENT) {
            throw ((Context) r).err();
        }
        sent.increment();
    }

    /**
     * Go's {@code close}: receivers get every waiting item, highest first, then see the channel
     * closed.
     *
     * @throws io.gort.chan.ChannelClosedException "close of closed channel" if closed already
     */
    public void close() {
        in.close();
    }

    // ---- receivers -----------------------------------------------------------------------------

    /** The receiving side, for select and range; closed once closed and drained, or when the context is done. */
    public Receiver<T> receiver() {
        return out;
    }

    /** Waits for the highest-priority item; null once the channel is closed and drained, or its context is done. */
    public T recv() {
        return out.recv();
    }

    /**
     * As {@link #recv()}, until {@code ctx} is done.
     *
     * @throws io.gort.context.ContextException {@code ctx.err()} if ctx ended the wait
     */
    public T recv(Context ctx) {
        Objects.requireNonNull(ctx, "ctx");
        Recv<T> r = Select.select(out.onRecvOk(Recv::new), ctx.done().onRecv(x -> null));
        if (r == null) {
            throw ctx.err();
        }
        return r.value();
    }

    // ---- counters ------------------------------------------------------------------------------

    /** Items sent so far. */
    public long sent() {
        return sent.sum();
    }

    /** Items received so far (counted by the owner just after each hand-off). */
    public long received() {
        return stats.items();
    }

    /** Items that were waiting when the context ended, dropped. */
    public long dropped() {
        return dropped.sum();
    }

    /**
     * Items waiting now. The owner updates it after each hand-off, so just after a send or a
     * receive returns it may not count that item yet: a hint while operations are in flight.
     */
    public int len() {
        return depth;
    }

    /** The capacity. */
    public int capacity() {
        return capacity;
    }

    /** The channel's {@link StageStats} (kind "priority", findable by {@code StageStats.of(receiver())}). */
    public StageStats stats() {
        return stats;
    }

    @Override
    public String toString() {
        return "PriorityChan[" + len() + "/" + capacity + ", sent " + sent() + ", received " + received()
                + ", dropped " + dropped() + "]";
    }
}
