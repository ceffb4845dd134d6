package io.gort.pattern;

import io.gort.Time;
import io.gort.Timer;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.context.Context;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The queuing of "Concurrency in Go" (ch.4, "Queuing"): a buffered channel {@code make(chan T, n)}
 * between a producer and a consumer, with a policy for what a producer does when the buffer is full,
 * and counters that say what the policy did.
 *
 * <pre>{@code
 * // Go:  select { case q <- v: default: dropped++ }      (DROP_NEWEST)
 * BoundedQueue<Job> q = BoundedQueue.make(64, BoundedQueue.Policy.DROP_NEWEST);
 * q.offer(job);                       // false: the queue was full, job was dropped and counted
 * for (Job j : q.receiver()) { ... }  // Go's range; or q.receiver().onRecv(...) in a select
 * }</pre>
 *
 * <p>Policies ({@link Policy}): {@code BLOCK} waits for room (Go's plain send);
 * {@code BLOCK_WITH_TIMEOUT} waits up to a timeout, then drops the new item; {@code DROP_NEWEST}
 * refuses the new item at once (Go's send with a {@code default}); {@code DROP_OLDEST} evicts the
 * oldest buffered item to make room (a ring buffer that overwrites, as a metrics or log sampler
 * wants). Every drop is counted once, by policy, and handed to the optional drop handler.
 *
 * <p>The consuming side is a plain {@link Receiver} ({@link #receiver()}): it can be ranged over,
 * used in a select, and passed to any stage that takes a channel. {@link #close()} is Go's {@code
 * close}: consumers drain what is buffered, then see the queue closed; a later offer throws Go's
 * "send on closed channel".
 *
 * <p>Exactly once: every item a successful {@code offer}/{@code put} accepted is received by exactly
 * one consumer or, under {@code DROP_OLDEST}, evicted and counted; every item refused is counted
 * as a drop (or, when the caller's context ended first, reported to the caller by the exception).
 * So, once the queue is closed and drained: {@code sent == received + dropped()} (proven by
 * BoundedQueueStressTest). Memory model: that of the channel: an offer that enqueues an item
 * happens-before the receive that takes it.
 *
 * @param <T> the item type (no nulls, as on every channel)
 */
public final class BoundedQueue<T> {
    /*
     * Design: the buffer IS a gort channel of the queue's capacity, so the consumer side is a real
     * Receiver (select, range, other stages) and the channel's lock is the only lock. The policies
     * are the Go idioms written once: BLOCK = send; DROP_NEWEST = trySend (select with default);
     * BLOCK_WITH_TIMEOUT = select on the send, a timer and the context; DROP_OLDEST = trySend, and
     * while that fails, tryRecv one item (evict) and try again.
     *
     * State and writers:  buf — the channel (its own lock);  the counters — LongAdders, written by
     *   producers after the operation they count.
     * Invariants:  I1  0 <= buf.len() <= capacity.  I2  every item that entered buf leaves it by one
     *   receive: a consumer's, or a DROP_OLDEST eviction (then counted in droppedOldest).
     * Linearization points:  offer — the channel send (or, for a refusal, the failed trySend / the
     *   timer's or context's select case);  eviction — the successful tryRecv;  close — the
     *   channel's close.
     * Races (written out):  DROP_OLDEST with a consumer: T1 trySend fails (full); T2 the consumer
     *   receives; T1 tryRecv evicts the next oldest. T1 evicted one item more than strictly needed,
     *   but it is counted and handed to onDrop, so nothing is lost unseen; T1's next trySend then
     *   succeeds. The loop ends: each round either enqueues or removes an item, and a round fails
     *   only when another producer filled the slot it made.
     *   DROP_OLDEST is therefore exactly-once but not linearizable (BoundedQueueLincheckTest shows
     *   both cases, as Go's `select { case q <- v: default: <-q; q <- v }` ring buffer behaves):
     *   a poll between T1's eviction and its send finds a full queue of capacity 1 empty; and an
     *   offer racing close can evict the buffered item, then meet the closed channel ("send on
     *   closed channel"), so that item is dropped (counted and handed to onDrop, never lost unseen).
     * Benign races:  the counters and dequeued() are exact once the queue is quiescent; while
     *   offers and receives are in flight they may be off by the operations in flight.
     */

    /** What an offer does when the queue is full. */
    public enum Policy {
        /** Wait for room (Go's {@code q <- v}). Never drops. */
        BLOCK,
        /** Wait up to the queue's timeout, then drop the new item and return false. */
        BLOCK_WITH_TIMEOUT,
        /** Drop the new item at once and return false (Go's {@code select} with {@code default}). */
        DROP_NEWEST,
        /** Evict the oldest buffered item (counted as dropped) to make room; the offer always succeeds. */
        DROP_OLDEST
    }

    private final Chan<T> buf;
    private final Policy policy;
    private final Duration timeout;
    private final Consumer<? super T> onDrop;
    private final StageStats stats;
    private final LongAdder enqueued = new LongAdder();
    private final LongAdder droppedNewest = new LongAdder();
    private final LongAdder droppedTimeout = new LongAdder();
    private final LongAdder droppedOldest = new LongAdder();

    private BoundedQueue(int capacity, Policy policy, Duration timeout, Consumer<? super T> onDrop) {
        Objects.requireNonNull(policy, "policy");
        if (capacity < 1) {
            throw new IllegalArgumentException("BoundedQueue: capacity must be at least 1, got " + capacity);
        }
        if (policy == Policy.BLOCK_WITH_TIMEOUT) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("BoundedQueue: negative timeout " + timeout);
            }
        } else if (timeout != null) {
            throw new IllegalArgumentException("BoundedQueue: a timeout is only for BLOCK_WITH_TIMEOUT, not " + policy);
        }
        this.buf = Chan.make(capacity);
        this.policy = policy;
        this.timeout = timeout;
        this.onDrop = onDrop;
        this.stats = StageStats.register("queue", this);
        stats.depthFrom(buf::len);
    }

    /** A queue of {@code capacity} items whose offers follow {@code policy} (not BLOCK_WITH_TIMEOUT: see {@link #withTimeout}). */
    public static <T> BoundedQueue<T> make(int capacity, Policy policy) {
        if (policy == Policy.BLOCK_WITH_TIMEOUT) {
            throw new IllegalArgumentException("BoundedQueue: BLOCK_WITH_TIMEOUT needs a timeout: use withTimeout(capacity, timeout)");
        }
        return new BoundedQueue<>(capacity, policy, null, null);
    }

    /**
     * As {@link #make(int, Policy)}, and every dropped item is also passed to {@code onDrop}, on the
     * goroutine whose offer dropped it (it must not block for long, nor offer to this queue).
     */
    public static <T> BoundedQueue<T> make(int capacity, Policy policy, Consumer<? super T> onDrop) {
        if (policy == Policy.BLOCK_WITH_TIMEOUT) {
            throw new IllegalArgumentException("BoundedQueue: BLOCK_WITH_TIMEOUT needs a timeout: use withTimeout(capacity, timeout)");
        }
        return new BoundedQueue<>(capacity, policy, null, Objects.requireNonNull(onDrop, "onDrop"));
    }

    /** A {@link Policy#BLOCK_WITH_TIMEOUT} queue: an offer waits up to {@code timeout} for room, then drops. */
    public static <T> BoundedQueue<T> withTimeout(int capacity, Duration timeout) {
        return new BoundedQueue<>(capacity, Policy.BLOCK_WITH_TIMEOUT, timeout, null);
    }

    /** As {@link #withTimeout(int, Duration)}, with a drop handler (see {@link #make(int, Policy, Consumer)}). */
    public static <T> BoundedQueue<T> withTimeout(int capacity, Duration timeout, Consumer<? super T> onDrop) {
        return new BoundedQueue<>(capacity, Policy.BLOCK_WITH_TIMEOUT, timeout, Objects.requireNonNull(onDrop, "onDrop"));
    }

    // ---- producer side -------------------------------------------------------------------------

    /**
     * Offers {@code item} under the queue's policy, waiting (BLOCK, BLOCK_WITH_TIMEOUT) without a
     * context: {@code offer(Context.background(), item)}.
     */
    public boolean offer(T item) {
        return offer(Context.background(), item);
    }

    /**
     * Offers {@code item} under the queue's policy. Returns true if it was enqueued (always, for
     * BLOCK and DROP_OLDEST), false if the policy dropped it (then it was counted and passed to the
     * drop handler). A waiting offer stops when {@code ctx} is done and throws {@code ctx.err()}; the
     * item was then not enqueued and is not counted as a drop (the caller still has it).
     *
     * @throws io.gort.chan.ChannelClosedException "send on closed channel" if the queue is closed
     * @throws io.gort.context.ContextException {@code ctx.err()} if ctx ended a wait
     * @throws NullPointerException for a null ctx or item
     */
    public boolean offer(Context ctx, T item) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(item, "item");
        switch (policy) {
            case BLOCK -> {
                if (!buf.trySend(item)) {
                    sendOrDone(ctx, item);
                }
            }
            case DROP_NEWEST -> {
                if (!buf.trySend(item)) {
                    dropped(item, droppedNewest);
                    return false;
                }
            }
            case DROP_OLDEST -> {
                while (!buf.trySend(item)) {
                    Recv<T> old = buf.tryRecv();
                    if (old != null && old.ok()) {
                        dropped(old.value(), droppedOldest);
                    }
                }
            }
            case BLOCK_WITH_TIMEOUT -> {
                if (!buf.trySend(item) && !sendWithin(ctx, item)) {
                    dropped(item, droppedTimeout);
                    return false;
                }
            }
        }
        enqueued.increment();
        stats.item(0);
        return true;
    }

    /**
     * Go's plain send whatever the policy: waits for room until {@code ctx} is done; never drops.
     *
     * @throws io.gort.chan.ChannelClosedException "send on closed channel" if the queue is closed
     * @throws io.gort.context.ContextException {@code ctx.err()} if ctx ended the wait (not enqueued)
     */
    public void put(Context ctx, T item) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(item, "item");
        if (!buf.trySend(item)) {
            sendOrDone(ctx, item);
        }
        enqueued.increment();
        stats.item(0);
    }

    private void sendOrDone(Context ctx, T item) {
        Boolean sent = Select.select(buf.onSend(item, () -> Boolean.TRUE), ctx.done().onRecv(x -> Boolean.FALSE));
        if (!sent) {
            throw ctx.err();
        }
    }

    private static final int SENT = 0, TIMED_OUT = 1, CANCELLED = 2;

    /** BLOCK_WITH_TIMEOUT's wait: true if sent within the timeout; false if the timer fired. */
    private boolean sendWithin(Context ctx, T item) {
        if (timeout.isZero()) {
            return false;
        }
        Timer t = Time.newTimer(timeout);
        try {
            int r = Select.select(buf.onSend(item, () -> SENT), t.c().onRecv(x -> TIMED_OUT),
                    ctx.done().onRecv(x -> CANCELLED));
            if (r == CANCELLED) {
                throw ctx.err();
            }
            return r == SENT;
        } finally {
            t.stop();
        }
    }

    private void dropped(T item, LongAdder counter) {
        counter.increment();
        stats.drop();
        if (onDrop != null) {
            onDrop.accept(item);
        }
    }

    /**
     * Go's {@code close(q)}: consumers receive what is buffered, then see the queue closed; offers
     * waiting for room and later offers throw "send on closed channel".
     *
     * @throws io.gort.chan.ChannelClosedException "close of closed channel" if already closed
     */
    public void close() {
        buf.close();
    }

    // ---- consumer side -------------------------------------------------------------------------

    /**
     * The receiving side: {@code recv}, {@code recvOk}, range, select cases. Items received here are
     * dequeued (counted by {@link #dequeued()}).
     */
    public Receiver<T> receiver() {
        return buf;
    }

    /** Waits for an item; null once the queue is closed and drained. */
    public T take() {
        return buf.recv();
    }

    /**
     * Waits for an item until {@code ctx} is done; null once the queue is closed and drained.
     *
     * @throws io.gort.context.ContextException {@code ctx.err()} if ctx ended the wait
     */
    public T take(Context ctx) {
        Objects.requireNonNull(ctx, "ctx");
        Recv<T> r = buf.tryRecv();
        if (r != null) {
            return r.value();
        }
        Recv<T> got = Select.select(buf.onRecvOk(Recv::new), ctx.done().onRecv(x -> null));
        if (got == null) {
            throw ctx.err();
        }
        return got.value();
    }

    /** An item if one is buffered: {@link Recv} with ok; {@link Recv#closed()} if closed and drained; null if empty. */
    public Recv<T> poll() {
        return buf.tryRecv();
    }

    // ---- counters ------------------------------------------------------------------------------

    /** The policy. */
    public Policy policy() {
        return policy;
    }

    /** The capacity. */
    public int capacity() {
        return buf.cap();
    }

    /** Items buffered now (Go's {@code len(q)}). */
    public int depth() {
        return buf.len();
    }

    /** Items accepted by offers and puts so far. */
    public long enqueued() {
        return enqueued.sum();
    }

    /**
     * Items received by consumers so far: {@code enqueued - droppedOldest - depth} (every accepted
     * item was received, evicted, or is still buffered). Exact when no operation is in flight.
     */
    public long dequeued() {
        return enqueued.sum() - droppedOldest.sum() - buf.len();
    }

    /** Items dropped so far, by every policy. */
    public long dropped() {
        return droppedNewest.sum() + droppedTimeout.sum() + droppedOldest.sum();
    }

    /** Items dropped so far by {@code policy} (0 for BLOCK, and for the policies this queue does not have). */
    public long dropped(Policy policy) {
        return switch (Objects.requireNonNull(policy, "policy")) {
            case BLOCK -> 0;
            case BLOCK_WITH_TIMEOUT -> droppedTimeout.sum();
            case DROP_NEWEST -> droppedNewest.sum();
            case DROP_OLDEST -> droppedOldest.sum();
        };
    }

    /** The queue's {@link StageStats} (registered as kind "queue", findable by {@code StageStats.of(queue)}). */
    public StageStats stats() {
        return stats;
    }

    @Override
    public String toString() {
        return "BoundedQueue[" + policy + (timeout != null ? " " + timeout : "") + ", depth " + depth() + "/"
                + capacity() + ", enqueued " + enqueued() + ", dropped " + dropped() + "]";
    }
}
