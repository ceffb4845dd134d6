package io.gort.pattern;

import static io.gort.pattern.ControlTesting.parked;
import static io.gort.pattern.ControlTesting.recv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.ChannelClosedException;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.context.ContextException;
import io.gort.pattern.BoundedQueue.Policy;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * BoundedQueue: each policy on a full queue (given a full queue, when offering, then …), close and
 * drain, cancellation of a waiting offer or take, the select-able receiving side, the counters and
 * StageStats, and misuse. Nothing here sleeps to synchronise: a goroutine's wait is observed by its
 * wait reason.
 */
@Timeout(60)
class BoundedQueueTest {

    @Test
    void blockWaitsForRoomThenDeliversInOrder() {
        var before = GoroutineLeaks.snapshot();
        BoundedQueue<Integer> q = BoundedQueue.make(2, Policy.BLOCK);
        assertTrue(q.offer(1));
        assertTrue(q.offer(2));
        Chan<Boolean> offered = Chan.make(1);
        Goroutine producer = Go.spawn(() -> offered.send(q.offer(3)));
        parked(producer, WaitReason.CHAN_SEND, WaitReason.SELECT);
        assertEquals(2, q.depth());
        assertEquals(1, q.take());
        assertTrue(recv(offered, "the blocked offer to complete"));
        assertEquals(2, q.take());
        assertEquals(3, q.take());
        assertEquals(0, q.dropped());
        assertEquals(3, q.enqueued());
        assertEquals(3, q.dequeued());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void dropNewestRefusesTheNewItemAndCountsIt() {
        List<Integer> drops = new ArrayList<>();
        BoundedQueue<Integer> q = BoundedQueue.make(2, Policy.DROP_NEWEST, drops::add);
        assertTrue(q.offer(1));
        assertTrue(q.offer(2));
        assertFalse(q.offer(3));
        assertFalse(q.offer(4));
        assertEquals(List.of(3, 4), drops);
        assertEquals(2, q.dropped(Policy.DROP_NEWEST));
        assertEquals(0, q.dropped(Policy.DROP_OLDEST));
        assertEquals(2, q.dropped());
        assertEquals(1, q.take());
        assertTrue(q.offer(5));
        assertEquals(2, q.take());
        assertEquals(5, q.take());
        assertEquals(3, q.enqueued());
        assertEquals(3, q.dequeued());
    }

    @Test
    void dropOldestEvictsToMakeRoom() {
        List<Integer> drops = new ArrayList<>();
        BoundedQueue<Integer> q = BoundedQueue.make(2, Policy.DROP_OLDEST, drops::add);
        for (int i = 1; i <= 5; i++) {
            assertTrue(q.offer(i), "DROP_OLDEST always accepts");
        }
        assertEquals(List.of(1, 2, 3), drops);
        assertEquals(3, q.dropped(Policy.DROP_OLDEST));
        assertEquals(2, q.depth());
        assertEquals(4, q.take());
        assertEquals(5, q.take());
        assertEquals(5, q.enqueued());
        assertEquals(2, q.dequeued(), "enqueued 5 - evicted 3 - depth 0");
    }

    @Test
    void blockWithTimeoutDropsAfterTheTimeout() {
        Duration timeout = Duration.ofMillis(50);
        List<Integer> drops = new CopyOnWriteArrayList<>();
        BoundedQueue<Integer> q = BoundedQueue.withTimeout(1, timeout, drops::add);
        assertTrue(q.offer(1));
        long t0 = System.nanoTime();
        assertFalse(q.offer(2));
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= timeout.toNanos(), "offer gave up after " + waited + " ns, before the timeout");
        assertEquals(List.of(2), drops);
        assertEquals(1, q.dropped(Policy.BLOCK_WITH_TIMEOUT));
        assertEquals(1, q.take());
    }

    @Test
    void blockWithTimeoutSucceedsWhenRoomComesInTime() {
        BoundedQueue<Integer> q = BoundedQueue.withTimeout(1, Duration.ofSeconds(30));
        q.offer(1);
        Chan<Boolean> offered = Chan.make(1);
        Goroutine producer = Go.spawn(() -> offered.send(q.offer(2)));
        parked(producer, WaitReason.SELECT);
        assertEquals(1, q.take());
        assertTrue(recv(offered, "the waiting offer"));
        assertEquals(2, q.take());
        assertEquals(0, q.dropped());
    }

    @Test
    void zeroTimeoutIsDropNewest() {
        BoundedQueue<String> q = BoundedQueue.withTimeout(1, Duration.ZERO);
        assertTrue(q.offer("a"));
        assertFalse(q.offer("b"));
        assertEquals(1, q.dropped(Policy.BLOCK_WITH_TIMEOUT));
    }

    @Test
    void closeLetsConsumersDrainThenSeeClosed() {
        BoundedQueue<Integer> q = BoundedQueue.make(4, Policy.BLOCK);
        q.offer(1);
        q.offer(2);
        q.close();
        assertEquals(1, q.take());
        assertEquals(new Recv<>(2, true), q.poll());
        assertNull(q.take(), "closed and drained: Go's zero value");
        assertEquals(Recv.closed(), q.poll());
        assertFalse(q.receiver().recvOk().ok());
        var e = assertThrows(ChannelClosedException.class, () -> q.offer(3));
        assertEquals("send on closed channel", e.getMessage());
        var e2 = assertThrows(ChannelClosedException.class, q::close);
        assertEquals("close of closed channel", e2.getMessage());
    }

    @Test
    void closeWakesAProducerWaitingForRoom() {
        var before = GoroutineLeaks.snapshot();
        BoundedQueue<Integer> q = BoundedQueue.make(1, Policy.BLOCK);
        q.offer(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine producer = Go.spawn(() -> {
            try {
                q.offer(2);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        parked(producer, WaitReason.CHAN_SEND, WaitReason.SELECT);
        q.close();
        producer.join();
        assertTrue(thrown.get() instanceof ChannelClosedException, String.valueOf(thrown.get()));
        assertEquals(1, q.take());
        assertNull(q.take());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void cancellingTheContextStopsAWaitingOfferWithoutCountingADrop() {
        var before = GoroutineLeaks.snapshot();
        for (Policy p : new Policy[] {Policy.BLOCK, Policy.BLOCK_WITH_TIMEOUT}) {
            BoundedQueue<Integer> q = p == Policy.BLOCK ? BoundedQueue.make(1, p) : BoundedQueue.withTimeout(1, Duration.ofMinutes(5));
            q.offer(1);
            CancelContext ctx = Context.withCancel(Context.background());
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Goroutine producer = Go.spawn(() -> {
                try {
                    q.offer(ctx, 2);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            parked(producer, WaitReason.SELECT);
            ctx.cancel();
            producer.join();
            assertSame(Context.CANCELED, thrown.get(), p.name());
            assertEquals(0, q.dropped(), p.name());
            assertEquals(1, q.enqueued(), p.name());
            assertEquals(1, q.depth(), p.name());
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void putIgnoresTheDropPolicyAndWaits() {
        BoundedQueue<Integer> q = BoundedQueue.make(1, Policy.DROP_NEWEST);
        q.offer(1);
        Goroutine producer = Go.spawn(() -> q.put(Context.background(), 2));
        parked(producer, WaitReason.CHAN_SEND, WaitReason.SELECT);
        assertEquals(1, q.take());
        producer.join();
        assertEquals(2, q.take());
        assertEquals(0, q.dropped());
    }

    @Test
    void takeWithContextIsCancellable() {
        BoundedQueue<Integer> q = BoundedQueue.make(1, Policy.BLOCK);
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
            ContextException e = assertThrows(ContextException.class, () -> q.take(ctx));
            assertSame(Context.DEADLINE_EXCEEDED, e);
        }
        q.offer(7);
        assertEquals(7, q.take(Context.background()));
    }

    @Test
    void theReceivingSideWorksInSelectAndRange() {
        var before = GoroutineLeaks.snapshot();
        BoundedQueue<Integer> q = BoundedQueue.make(8, Policy.DROP_OLDEST);
        Chan<Integer> other = Chan.make();
        Go.spawn(() -> {
            for (int i = 0; i < 20; i++) {
                q.offer(i);
            }
            q.close();
        });
        int n = 0, last = -1;
        while (true) {
            Integer v = Select.select(q.receiver().onRecv(), other.onRecv(), Time.after(ControlTesting.LONG).onRecv(t -> -2));
            if (v == null) {
                break;
            }
            assertTrue(v != -2, "timed out");
            assertTrue(v > last, "FIFO: " + v + " after " + last);
            last = v;
            n++;
        }
        assertEquals(19, last, "the newest item is never evicted");
        assertEquals(20, n + q.dropped(), "received + dropped == sent");
        assertEquals(n, q.dequeued());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void statsAreRegisteredAndCount() {
        BoundedQueue<Integer> q = BoundedQueue.make(3, Policy.DROP_NEWEST);
        StageStats s = StageStats.of(q).orElseThrow();
        assertSame(q.stats(), s);
        assertTrue(s.name().startsWith("queue#"), s.name());
        for (int i = 0; i < 5; i++) {
            q.offer(i);
        }
        assertEquals(3, s.items());
        assertEquals(2, s.dropped());
        assertEquals(3, s.queueDepth());
        q.take();
        assertEquals(2, s.queueDepth());
        assertTrue(q.toString().contains("DROP_NEWEST"), q.toString());
    }

    @Test
    void misuse() {
        var e = assertThrows(IllegalArgumentException.class, () -> BoundedQueue.make(0, Policy.BLOCK));
        assertEquals("BoundedQueue: capacity must be at least 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BoundedQueue.make(-3, Policy.DROP_OLDEST));
        assertThrows(NullPointerException.class, () -> BoundedQueue.make(1, null));
        var e2 = assertThrows(IllegalArgumentException.class, () -> BoundedQueue.make(1, Policy.BLOCK_WITH_TIMEOUT));
        assertTrue(e2.getMessage().contains("needs a timeout"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> BoundedQueue.withTimeout(1, Duration.ofMillis(-1)));
        assertTrue(e3.getMessage().contains("negative timeout"), e3.getMessage());
        assertThrows(NullPointerException.class, () -> BoundedQueue.withTimeout(1, null));
        assertThrows(NullPointerException.class, () -> BoundedQueue.make(1, Policy.BLOCK, null));
        BoundedQueue<String> q = BoundedQueue.make(1, Policy.BLOCK);
        assertThrows(NullPointerException.class, () -> q.offer(null));
        assertThrows(NullPointerException.class, () -> q.offer(null, "x"));
        assertThrows(NullPointerException.class, () -> q.put(Context.background(), null));
        assertThrows(NullPointerException.class, () -> q.take(null));
        assertThrows(NullPointerException.class, () -> q.dropped(null));
        assertEquals(0, q.enqueued(), "a refused null is not counted");
    }
}
