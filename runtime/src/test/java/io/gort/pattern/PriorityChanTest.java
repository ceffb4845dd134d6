package io.gort.pattern;

import static io.gort.pattern.ControlTesting.parked;
import static io.gort.pattern.ControlTesting.recv;
import static io.gort.pattern.ControlTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.ChannelClosedException;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.testutil.GoroutineLeaks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PriorityChan: highest priority first, FIFO among equals, the comparator as a tie-breaker, a
 * late high-priority item overtaking one the owner already offers (no priority inversion), the
 * capacity bound, close-and-drain, cancellation (items dropped and counted, senders and receivers
 * released), select, counters and misuse. Every test ends with no goroutine left behind.
 */
@Timeout(60)
class PriorityChanTest {

    @Test
    void highestPriorityFirstAndFifoAmongEquals() {
        var before = GoroutineLeaks.snapshot();
        PriorityChan<String> pc = PriorityChan.make(Context.background(), 16);
        pc.send("low-1", 1);
        pc.send("high-1", 9);
        pc.send("mid", 5);
        pc.send("low-2", 1);
        pc.send("high-2", 9);
        pc.send("zero");
        until("the owner to hold all six", () -> pc.len() == 6);
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            got.add(pc.recv());
        }
        assertEquals(List.of("high-1", "high-2", "mid", "low-1", "low-2", "zero"), got);
        pc.close();
        assertNull(pc.recv());
        assertEquals(6, pc.sent());
        until("the owner to count six received", () -> pc.received() == 6);
        assertEquals(0, pc.len());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void comparatorOrdersWithinAPriority() {
        var before = GoroutineLeaks.snapshot();
        PriorityChan<Integer> pc = PriorityChan.make(Context.background(), 8, Comparator.naturalOrder());
        for (int v : new int[] {3, 7, 1, 5}) {
            pc.send(v);
        }
        pc.send(0, 1);     // the priority comes before the comparator
        pc.close();
        List<Integer> got = new ArrayList<>();
        for (Integer v : pc.receiver()) {
            got.add(v);
        }
        assertEquals(List.of(0, 7, 5, 3, 1), got);
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void aLateHighItemOvertakesTheOneOnOffer() {
        var before = GoroutineLeaks.snapshot();
        PriorityChan<String> pc = PriorityChan.make(Context.background(), 4);
        pc.send("low", 0);
        // The owner is now offering "low" on its output; a higher item sent now must go out first.
        pc.send("urgent", 10);
        assertEquals("urgent", pc.recv());
        assertEquals("low", pc.recv());
        pc.close();
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void aFullChannelMakesSendersWait() {
        var before = GoroutineLeaks.snapshot();
        PriorityChan<Integer> pc = PriorityChan.make(Context.background(), 2);
        pc.send(1, 1);
        pc.send(2, 2);
        Chan<Boolean> sent = Chan.make(1);
        Goroutine sender = Go.spawn(() -> {
            pc.send(3, 3);
            sent.send(true);
        });
        parked(sender, WaitReason.SELECT, WaitReason.CHAN_SEND);
        until("the owner to hold two", () -> pc.len() == 2);
        assertEquals(2, pc.recv(), "the full heap's best; 3 was not accepted yet");
        recv(sent, "the waiting send");
        assertEquals(3, pc.recv());
        assertEquals(1, pc.recv());
        pc.close();
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void closeDrainsHighestFirstThenClosed() {
        var before = GoroutineLeaks.snapshot();
        PriorityChan<Integer> pc = PriorityChan.make(Context.background(), 8);
        for (int i = 0; i < 5; i++) {
            pc.send(i, i);
        }
        pc.close();
        var e = assertThrows(ChannelClosedException.class, () -> pc.send(9, 9));
        assertEquals("send on closed channel", e.getMessage());
        assertThrows(ChannelClosedException.class, pc::close);
        for (int i = 4; i >= 0; i--) {
            assertEquals(i, pc.recv());
        }
        assertNull(pc.recv());
        assertEquals(0, pc.dropped());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void cancellingDropsWaitingItemsAndReleasesEveryone() {
        var before = GoroutineLeaks.snapshot();
        CancelContext ctx = Context.withCancel(Context.background());
        PriorityChan<Integer> pc = PriorityChan.make(ctx, 2);
        pc.send(1, 1);
        pc.send(2, 2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine sender = Go.spawn(() -> {
            try {
                pc.send(3, 3);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        parked(sender, WaitReason.SELECT);
        ctx.cancel();
        sender.join();
        assertSame(Context.CANCELED, thrown.get());
        until("the owner to drop what waited and end", () -> pc.dropped() == 2);
        assertEquals(0, ControlTesting.closed(pc.receiver(), "the receiving side"), "nothing after the drops");
        assertEquals(2, pc.stats().dropped());
        assertEquals(0, pc.len());
        assertThrows(io.gort.context.ContextException.class, () -> pc.send(4, 4));
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void recvWithContextIsCancellableAndSelectWorks() {
        var before = GoroutineLeaks.snapshot();
        PriorityChan<String> pc = PriorityChan.make(Context.background(), 4);
        CancelContext ctx = Context.withCancel(Context.background());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine receiver = Go.spawn(() -> {
            try {
                pc.recv(ctx);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        parked(receiver, WaitReason.SELECT);
        ctx.cancel();
        receiver.join();
        assertSame(Context.CANCELED, thrown.get());

        pc.send("a", 1);
        String got = Select.select(pc.receiver().onRecv(v -> "got " + v), Time.after(ControlTesting.LONG).onRecv(t -> "timeout"));
        assertEquals("got a", got);
        pc.close();
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void statsAreRegistered() {
        PriorityChan<Integer> pc = PriorityChan.make(Context.background(), 4);
        StageStats s = StageStats.of(pc.receiver()).orElseThrow();
        assertSame(pc.stats(), s);
        assertTrue(s.name().startsWith("priority#"), s.name());
        pc.send(1, 1);
        pc.send(2, 1);
        until("the owner to hold both", () -> s.queueDepth() == 2);
        pc.recv();
        until("the owner to count the item", () -> s.items() == 1);
        pc.close();
        pc.recv();
        assertNull(pc.recv());
        until("the owner to count both received", () -> pc.received() == 2);
    }

    @Test
    void misuse() {
        var e = assertThrows(IllegalArgumentException.class, () -> PriorityChan.make(Context.background(), 0));
        assertEquals("PriorityChan: capacity must be at least 1, got 0", e.getMessage());
        assertThrows(NullPointerException.class, () -> PriorityChan.make(null, 1));
        assertThrows(NullPointerException.class, () -> PriorityChan.make(Context.background(), 1, null));
        var before = GoroutineLeaks.snapshot();
        PriorityChan<String> pc = PriorityChan.make(Context.background(), 1);
        assertThrows(NullPointerException.class, () -> pc.send(null, 1));
        assertThrows(NullPointerException.class, () -> pc.send(null, "x", 1));
        assertThrows(NullPointerException.class, () -> pc.recv(null));
        pc.close();
        GoroutineLeaks.assertNoneLeft(before);
    }
}
