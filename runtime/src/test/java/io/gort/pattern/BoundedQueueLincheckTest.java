package io.gort.pattern;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.ChannelClosedException;
import io.gort.chan.Recv;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.context.ContextException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import kotlin.Unit;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link BoundedQueue}'s non-blocking operations against {@link SequentialQueue},
 * a plain {@link ArrayDeque} with the same capacity, policy and drop counters, for the policies
 * DROP_NEWEST, BLOCK and BLOCK_WITH_TIMEOUT (zero timeout), capacities 1 and 2, in Lincheck's
 * model-checking mode and in stress mode.
 *
 * <p>The operations: {@code offer} and {@code put} with an already cancelled context (so that BLOCK's
 * and put's wait for room is a non-blocking "try": the item goes in if there is room, else the
 * offer throws "context canceled"; when room appears between the failed trySend and the select,
 * either outcome is allowed and both are linearizable); {@code poll}; {@code take} with the
 * cancelled context (an item, "closed", or "context canceled"); {@code close}; {@code depth}.
 *
 * <p><b>Counters.</b> The drop counters are {@link java.util.concurrent.atomic.LongAdder}s written
 * after the operation they count (the class says so: "exact once the queue is quiescent"), so a
 * counter read in the middle of a scenario is not linearizable and is not an operation here.
 * Instead each operation's result says what it did to the counters ("dropped" is one
 * DROP_NEWEST/timeout drop), and {@link Ops#checkCounters} ({@code @Validate}, run after every
 * scenario, at quiescence) checks that {@code enqueued()}, {@code dropped()}, {@code
 * dropped(policy)}, {@code dequeued()} and the drop handler's calls agree with the results the
 * model accepted: the counters are the sequential model's counters.
 *
 * <p><b>DROP_OLDEST is not linearizable, by design</b>: its offer is "trySend; while full, evict
 * with tryRecv and try again" (two channel operations). {@link #dropOldestIsNotLinearizable} and
 * {@link #dropOldestOfferRacingCloseMayEvictAndThrow} run it against the strict model (evict and
 * add in one step) on one fixed scenario each and expect Lincheck to reject it: a {@code poll}
 * between the eviction and the send finds a full queue "empty"; an offer racing {@code close}
 * evicts the buffered item and then throws "send on closed channel". (A consumer racing the
 * eviction also makes it evict one item more than needed, as BoundedQueue's comment says.) What
 * DROP_OLDEST does keep is exactly-once, which {@link DropOldestExactlyOnce} checks under the
 * model checker: every offered item is received once, evicted once (counted, and handed to the
 * drop handler), or still buffered, and the counters agree.
 *
 * <p>Sizes: 3 threads of 2 operations, 2 before and 2 after; the default tier runs a few hundred
 * interleavings per policy (the first model-checked test also pays Lincheck's instrumentation of
 * the classes, about 13 s on the 2 shared cores); {@link #large} (tag "stress") runs more, times
 * {@code -Dgort.stress=N}, and adds BLOCK with capacity 2.
 */
public class BoundedQueueLincheckTest {

    /** A context that is already done: it turns the operations that wait into non-blocking tries. */
    static final CancelContext CANCELLED = Context.withCancel(Context.background());

    static {
        CANCELLED.cancel();
    }

    /** The operations under test on a queue of the subclass's policy and capacity. One instance per scenario. */
    public abstract static class Ops {
        final BoundedQueue<Integer> q;
        final AtomicInteger accepted = new AtomicInteger();    // offers/puts that returned "sent"
        final AtomicInteger refused = new AtomicInteger();     // offers that returned "dropped"
        final AtomicInteger received = new AtomicInteger();    // polls/takes that returned an item
        final AtomicInteger handedToOnDrop = new AtomicInteger();

        Ops(BoundedQueue.Policy policy, int capacity) {
            q = policy == BoundedQueue.Policy.BLOCK_WITH_TIMEOUT
                    ? BoundedQueue.withTimeout(capacity, Duration.ZERO, x -> handedToOnDrop.incrementAndGet())
                    : BoundedQueue.make(capacity, policy, x -> handedToOnDrop.incrementAndGet());
        }

        @Operation
        public String offer(@Param(gen = IntGen.class, conf = "1:3") int v) {
            try {
                if (q.offer(CANCELLED, v)) {
                    accepted.incrementAndGet();
                    return "sent";
                }
                refused.incrementAndGet();
                return "dropped";
            } catch (ChannelClosedException | ContextException e) {
                return e.getMessage();
            }
        }

        @Operation
        public String put(@Param(gen = IntGen.class, conf = "1:3") int v) {
            try {
                q.put(CANCELLED, v);
                accepted.incrementAndGet();
                return "sent";
            } catch (ChannelClosedException | ContextException e) {
                return e.getMessage();
            }
        }

        @Operation
        public String poll() {
            Recv<Integer> r = q.poll();
            if (r == null) {
                return "empty";
            }
            if (!r.ok()) {
                return "closed";
            }
            received.incrementAndGet();
            return String.valueOf(r.value());
        }

        @Operation
        public String take() {
            try {
                Integer v = q.take(CANCELLED);
                if (v == null) {
                    return "closed";
                }
                received.incrementAndGet();
                return String.valueOf(v);
            } catch (ContextException e) {
                return e.getMessage();
            }
        }

        @Operation
        public String close() {
            try {
                q.close();
                return "closed it";
            } catch (ChannelClosedException e) {
                return e.getMessage();
            }
        }

        @Operation
        public int depth() {
            return q.depth();
        }

        /** At quiescence: the counters say what the operations' results said. */
        @Validate
        public void checkCounters() {
            check("enqueued", accepted.get(), q.enqueued());
            check("dropped", refused.get(), q.dropped());
            check("dropped(policy)", refused.get(), q.dropped(q.policy()));
            check("drop handler calls", refused.get(), handedToOnDrop.get());
            check("dequeued", received.get(), q.dequeued());
            check("enqueued - dequeued - dropped(DROP_OLDEST)", q.depth(),
                    q.enqueued() - q.dequeued() - q.dropped(BoundedQueue.Policy.DROP_OLDEST));
        }

        void check(String what, long expected, long actual) {
            if (expected != actual) {
                throw new AssertionError(what + ": the results say " + expected + ", the counter " + actual + " (" + q + ")");
            }
        }
    }

    public static class DropNewest1 extends Ops { public DropNewest1() { super(BoundedQueue.Policy.DROP_NEWEST, 1); } }
    public static class DropNewest2 extends Ops { public DropNewest2() { super(BoundedQueue.Policy.DROP_NEWEST, 2); } }
    public static class Block1 extends Ops { public Block1() { super(BoundedQueue.Policy.BLOCK, 1); } }
    public static class Block2 extends Ops { public Block2() { super(BoundedQueue.Policy.BLOCK, 2); } }
    public static class Timeout1 extends Ops { public Timeout1() { super(BoundedQueue.Policy.BLOCK_WITH_TIMEOUT, 1); } }

    /**
     * The queue one operation at a time: a FIFO of at most {@code capacity} items, a closed flag, and
     * the policy's answer to a full queue. The counters live in the results ("sent", "dropped").
     */
    public abstract static class SequentialQueue {
        private final BoundedQueue.Policy policy;
        private final int capacity;
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();
        private boolean closed;

        SequentialQueue(BoundedQueue.Policy policy, int capacity) {
            this.policy = policy;
            this.capacity = capacity;
        }

        public String offer(int v) {
            if (closed) {
                return "send on closed channel";
            }
            if (buf.size() == capacity) {
                switch (policy) {
                    case BLOCK -> { return "context canceled"; }              // the wait, cut short
                    case DROP_NEWEST, BLOCK_WITH_TIMEOUT -> { return "dropped"; }
                    case DROP_OLDEST -> throw new AssertionError("DROP_OLDEST has no sequential model here");
                }
            }
            buf.add(v);
            return "sent";
        }

        public String put(int v) {
            if (closed) {
                return "send on closed channel";
            }
            if (buf.size() == capacity) {
                return "context canceled";
            }
            buf.add(v);
            return "sent";
        }

        public String poll() {
            if (!buf.isEmpty()) {
                return String.valueOf(buf.poll());
            }
            return closed ? "closed" : "empty";
        }

        public String take() {
            if (!buf.isEmpty()) {
                return String.valueOf(buf.poll());
            }
            return closed ? "closed" : "context canceled";
        }

        public String close() {
            if (closed) {
                return "close of closed channel";
            }
            closed = true;
            return "closed it";
        }

        public int depth() {
            return buf.size();
        }
    }

    public static class SeqDropNewest1 extends SequentialQueue { public SeqDropNewest1() { super(BoundedQueue.Policy.DROP_NEWEST, 1); } }
    public static class SeqDropNewest2 extends SequentialQueue { public SeqDropNewest2() { super(BoundedQueue.Policy.DROP_NEWEST, 2); } }
    public static class SeqBlock1 extends SequentialQueue { public SeqBlock1() { super(BoundedQueue.Policy.BLOCK, 1); } }
    public static class SeqBlock2 extends SequentialQueue { public SeqBlock2() { super(BoundedQueue.Policy.BLOCK, 2); } }
    public static class SeqTimeout1 extends SequentialQueue { public SeqTimeout1() { super(BoundedQueue.Policy.BLOCK_WITH_TIMEOUT, 1); } }

    /**
     * Model checking; the counters' LongAdders and StageStats are one atomic step each (their inner
     * CAS loops add interleavings, not behaviours: the counters are checked at quiescence only).
     */
    static ModelCheckingOptions modelChecking(Class<?> spec, int iterations, int invocations) {
        return new ModelCheckingOptions().iterations(iterations).invocationsPerIteration(invocations)
                .threads(3).actorsPerThread(2).actorsBefore(2).actorsAfter(2).sequentialSpecification(spec)
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(LongAdder.class.getName(), StageStats.class.getName())
                        .allMethods().treatAsAtomic());
    }

    static StressOptions stress(Class<?> spec, int iterations, int invocations) {
        return new StressOptions().iterations(iterations).invocationsPerIteration(invocations)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(2).sequentialSpecification(spec);
    }

    /**
     * DROP_OLDEST's exactly-once, under the model checker: producers offer fresh items (1, 2, 3, …
     * in the order the offers start), consumers poll, one thread may close. The results carry only
     * what is linearizable (an offer's "sent" or "send on closed channel", close's answer); what each
     * poll got and what each eviction dropped is recorded, and {@link #exactlyOnce} checks, at
     * quiescence: every item an offer accepted was received once, or evicted once (counted and
     * handed to the drop handler once), or is still buffered; no item was received or evicted
     * that was not accepted; and the counters say the same.
     */
    public static class DropOldestExactlyOnce {
        final AtomicInteger nextItem = new AtomicInteger();
        final ConcurrentLinkedQueue<Integer> accepted = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Integer> evicted = new ConcurrentLinkedQueue<>();
        final BoundedQueue<Integer> q = BoundedQueue.make(2, BoundedQueue.Policy.DROP_OLDEST, evicted::add);

        @Operation
        public String offer() {
            int item = nextItem.incrementAndGet();
            try {
                if (!q.offer(item)) {
                    throw new AssertionError("a DROP_OLDEST offer returned false");
                }
                accepted.add(item);
                return "sent";
            } catch (ChannelClosedException e) {
                return e.getMessage();
            }
        }

        @Operation
        public void poll() {
            Recv<Integer> r = q.poll();
            if (r != null && r.ok()) {
                received.add(r.value());
            }
        }

        @Operation
        public String close() {
            try {
                q.close();
                return "closed it";
            } catch (ChannelClosedException e) {
                return e.getMessage();
            }
        }

        @Validate
        public void exactlyOnce() {
            long enqueued = q.enqueued(), dropped = q.dropped(), dequeued = q.dequeued();
            List<Integer> buffered = new ArrayList<>();
            for (Recv<Integer> r; (r = q.poll()) != null && r.ok(); ) {
                buffered.add(r.value());
            }
            List<Integer> out = new ArrayList<>(received);
            out.addAll(evicted);
            out.addAll(buffered);
            Set<Integer> once = new HashSet<>(out);
            String state = "accepted " + accepted + ", received " + received + ", evicted " + evicted + ", buffered " + buffered;
            if (once.size() != out.size() || !once.equals(new HashSet<>(accepted))) {
                throw new AssertionError("not exactly once: " + state);
            }
            if (enqueued != accepted.size() || dropped != evicted.size() || dropped != q.dropped(BoundedQueue.Policy.DROP_OLDEST)
                    || dequeued != received.size()) {
                throw new AssertionError("counters enqueued " + enqueued + ", dropped " + dropped + ", dequeued " + dequeued
                        + " disagree with " + state);
            }
        }
    }

    @Test
    void dropNewest1ModelChecking() {
        modelChecking(SeqDropNewest1.class, 4, 80).check(DropNewest1.class);
    }

    @Test
    void block1ModelChecking() {
        modelChecking(SeqBlock1.class, 4, 80).check(Block1.class);
    }

    @Test
    void timeout1ModelChecking() {
        modelChecking(SeqTimeout1.class, 3, 60).check(Timeout1.class);
    }

    @Test
    void dropNewest2Stress() {
        stress(SeqDropNewest2.class, 5, 1_000).check(DropNewest2.class);
    }

    @Test
    void dropOldestExactlyOnceModelChecking() {
        modelChecking(DropOldestExactlyOnce.class, 3, 40).check(DropOldestExactlyOnce.class);
    }

    /**
     * DROP_OLDEST against the strict model (an offer to a full queue evicts the head and adds, in one
     * step): offer, poll and close on a queue of capacity 1. Used only by the two tests below,
     * which expect Lincheck to reject it.
     */
    public static class DropOldest1Strict {
        final BoundedQueue<Integer> q = BoundedQueue.make(1, BoundedQueue.Policy.DROP_OLDEST);

        public String offer(int v) {
            try {
                return q.offer(v) ? "sent" : "dropped";
            } catch (ChannelClosedException e) {
                return e.getMessage();
            }
        }

        public String poll() {
            Recv<Integer> r = q.poll();
            return r == null ? "empty" : r.ok() ? String.valueOf(r.value()) : "closed";
        }

        public String close() {
            q.close();
            return "closed it";
        }
    }

    /** {@link DropOldest1Strict}'s model: a FIFO of one item whose offer, when full, replaces it. */
    public static class SeqDropOldest1Strict {
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();
        private boolean closed;

        public SeqDropOldest1Strict() { }

        public String offer(int v) {
            if (closed) {
                return "send on closed channel";
            }
            buf.poll();
            buf.add(v);
            return "sent";
        }

        public String poll() {
            return !buf.isEmpty() ? String.valueOf(buf.poll()) : closed ? "closed" : "empty";
        }

        public String close() {
            closed = true;
            return "closed it";
        }
    }

    /** An actor of {@link DropOldest1Strict} for a custom scenario. */
    static Actor call(String name, Object... args) {
        for (Method m : DropOldest1Strict.class.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                return new Actor(m, List.of(args), false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** Model checks exactly one scenario: {@code initial}, then the two threads, then {@code post}. */
    static void checkOnly(Actor initial, Actor thread1, Actor thread2, Actor post) {
        new ModelCheckingOptions().iterations(0).invocationsPerIteration(500).sequentialSpecification(SeqDropOldest1Strict.class)
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(LongAdder.class.getName(), StageStats.class.getName())
                        .allMethods().treatAsAtomic())
                .addCustomScenario(s -> {
                    s.initial(t -> { t.add(initial); return Unit.INSTANCE; });
                    s.parallel(p -> {
                        p.thread(t -> { t.add(thread1); return Unit.INSTANCE; });
                        p.thread(t -> { t.add(thread2); return Unit.INSTANCE; });
                        return Unit.INSTANCE;
                    });
                    s.post(t -> { t.add(post); return Unit.INSTANCE; });
                    return Unit.INSTANCE;
                })
                .check(DropOldest1Strict.class);
    }

    /**
     * DROP_OLDEST is not linearizable, shown on the smallest case: capacity 1, holding 1; one thread
     * offers 2, another polls. In every sequential order the poll gets 1 (before the offer) or 2
     * (after it, which evicted 1), never "empty"; but the real offer evicts 1 ({@code tryRecv}) and
     * then sends 2 ({@code trySend}), and a poll between the two finds the queue empty. Lincheck's
     * model checker must find that interleaving; if it stops finding it, DROP_OLDEST became atomic:
     * update this test and BoundedQueue's and HACKING's words about it.
     */
    @Test
    void dropOldestIsNotLinearizable() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> checkOnly(call("offer", 1), call("offer", 2), call("poll"), call("poll")));
        assertTrue(e.getMessage().contains("Invalid execution results") && e.getMessage().contains("poll(): empty"), e.getMessage());
    }

    /**
     * The other face of the same two steps: an offer racing {@code close} on a full DROP_OLDEST
     * queue can evict the buffered item (counted, handed to onDrop) and then throw "send on closed
     * channel", so the poll after both finds the queue closed and empty. In every sequential order
     * the offer either came before the close (it succeeded: the poll gets 2) or after it (it
     * threw and evicted nothing: the poll gets 1).
     */
    @Test
    void dropOldestOfferRacingCloseMayEvictAndThrow() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> checkOnly(call("offer", 1), call("offer", 2), call("close"), call("poll")));
        assertTrue(e.getMessage().contains("Invalid execution results") && e.getMessage().contains("poll(): closed")
                && e.getMessage().contains("offer(2): send on closed channel"), e.getMessage());
    }

    @Test
    @Tag("stress")
    void large() {
        int m = Math.max(1, Integer.getInteger("gort.stress", 1));
        modelChecking(SeqDropNewest1.class, 8 * m, 250).check(DropNewest1.class);
        modelChecking(SeqDropNewest2.class, 8 * m, 250).check(DropNewest2.class);
        modelChecking(SeqBlock1.class, 8 * m, 250).check(Block1.class);
        modelChecking(SeqBlock2.class, 8 * m, 250).check(Block2.class);
        modelChecking(SeqTimeout1.class, 5 * m, 250).check(Timeout1.class);
        modelChecking(DropOldestExactlyOnce.class, 5 * m, 200).check(DropOldestExactlyOnce.class);
        stress(SeqDropNewest1.class, 10 * m, 5_000).check(DropNewest1.class);
        stress(SeqBlock2.class, 10 * m, 5_000).check(Block2.class);
        stress(SeqTimeout1.class, 10 * m, 5_000).check(Timeout1.class);
        stress(DropOldestExactlyOnce.class, 10 * m, 5_000).check(DropOldestExactlyOnce.class);
    }
}
