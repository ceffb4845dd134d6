package io.gort.pattern;

import static io.gort.pattern.ControlTesting.closed;
import static io.gort.pattern.ControlTesting.parked;
import static io.gort.pattern.ControlTesting.recv;
import static io.gort.pattern.ControlTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.ChannelClosedException;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.context.ContextException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.sync.WaitGroup;
import io.gort.testutil.GoroutineLeaks;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Actor (confinement): the seed notes' Counter (Add by tell, Get by ask), many senders on state
 * with no lock of its own, FIFO, a failing message that does not kill the actor (thrown to the
 * asker, counted for a tell), back-pressure and tryTell on a full mailbox, cancellation of a
 * waiting tell and ask, close (drain, then end) and context stop (drop and count, askers told),
 * the self-ask guard, counters and misuse. The Counter is the Go example of /work/shared/seed-notes.md
 * section "1) Confinement (Actor-style Ownership)"; the book's confinement figures
 * (concurrency-patterns-in-go/confinement/fig-confinement-*.go in kat-co/concurrency-in-go-src) confine
 * by lexical scope, which Java code does the same way, so they need no port.
 */
@Timeout(60)
class ActorTest {

    /** The seed notes' mini-actor: Counter with Add{N} and Get{Reply}. */
    @Test
    void counterAddAndGet() {
        var before = GoroutineLeaks.snapshot();
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            Actor<int[]> counter = Actor.start(ctx, new int[1], 4);
            for (int n = 1; n <= 10; n++) {
                int add = n;
                counter.tell(s -> s[0] += add);
            }
            assertEquals(55, counter.<Integer>ask(ctx, s -> s[0]));
            assertEquals(11, counter.processed());
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void manySendersOneOwnerNoLock() {
        var before = GoroutineLeaks.snapshot();
        Map<String, Integer> counts = new HashMap<>();       // not thread-safe: confinement makes it safe
        Set<Long> owners = ConcurrentHashMap.newKeySet();
        Actor<Map<String, Integer>> actor = Actor.start(Context.background(), counts, 8);
        WaitGroup wg = new WaitGroup();
        int senders = 16, each = 500;
        for (int g = 0; g < senders; g++) {
            String key = "k" + (g % 4);
            wg.go(() -> {
                for (int i = 0; i < each; i++) {
                    actor.tell(m -> {
                        owners.add(Go.id());
                        m.merge(key, 1, Integer::sum);
                    });
                }
            });
        }
        wg.await();
        int total = actor.ask(m -> m.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(senders * each, total);
        assertEquals(senders * each / 4, actor.<Integer>ask(m -> m.get("k0")));
        assertEquals(1, owners.size(), "one goroutine touched the state");
        actor.close();
        assertEquals(0, closed(actor.done(), "the actor to end"));
        assertEquals(senders * each + 2, actor.processed());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void messagesFromOneSenderAreHandledInOrder() {
        Actor<StringBuilder> actor = Actor.start(Context.background(), new StringBuilder(), 2);
        for (char c = 'a'; c <= 'j'; c++) {
            char ch = c;
            actor.tell(sb -> sb.append(ch));
        }
        assertEquals("abcdefghij", actor.ask(StringBuilder::toString));
        actor.close();
    }

    @Test
    void aFailingMessageDoesNotKillTheActor() {
        var before = GoroutineLeaks.snapshot();
        Actor<int[]> actor = Actor.start(Context.background(), new int[1], 4);
        var e = assertThrows(IllegalStateException.class, () -> actor.ask(s -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", e.getMessage());
        actor.tell(s -> {
            throw new ArithmeticException("tell failed");
        });
        actor.tell(s -> s[0] = 7);
        assertEquals(7, actor.<Integer>ask(s -> s[0]));
        assertEquals(2, actor.failed());
        assertEquals(4, actor.processed());
        actor.close();
        closed(actor.done(), "the actor to end");
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** Starts an actor whose first message blocks until {@code release} is closed; returns once it is inside. */
    private static Actor<int[]> busyActor(Context ctx, int mailbox, Chan<Boolean> release) {
        Actor<int[]> actor = Actor.start(ctx, new int[1], mailbox);
        Chan<Boolean> inside = Chan.make(1);
        actor.tell(s -> {
            inside.send(true);
            release.recv();
        });
        recv(inside, "the actor to start the blocking message");
        return actor;
    }

    @Test
    void aFullMailboxPushesBack() {
        var before = GoroutineLeaks.snapshot();
        Chan<Boolean> release = Chan.make();
        Actor<int[]> actor = busyActor(Context.background(), 1, release);
        actor.tell(s -> s[0]++);
        assertEquals(1, actor.mailboxDepth());
        assertFalse(actor.tryTell(s -> s[0] += 100), "the mailbox is full");
        Goroutine teller = Go.spawn(() -> actor.tell(s -> s[0] += 10));
        parked(teller, WaitReason.CHAN_SEND, WaitReason.SELECT);
        release.close();
        teller.join();
        assertEquals(11, actor.<Integer>ask(s -> s[0]));
        actor.close();
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void waitingTellsAndAsksAreCancellable() {
        var before = GoroutineLeaks.snapshot();
        Chan<Boolean> release = Chan.make();
        Actor<int[]> actor = busyActor(Context.background(), 1, release);
        actor.tell(s -> s[0]++);                                  // the mailbox is full now
        CancelContext ctx = Context.withCancel(Context.background());
        AtomicReference<Throwable> tellErr = new AtomicReference<>();
        Goroutine teller = Go.spawn(() -> {
            try {
                actor.tell(ctx, s -> s[0] += 1000);
            } catch (Throwable t) {
                tellErr.set(t);
            }
        });
        parked(teller, WaitReason.SELECT);
        ctx.cancel();
        teller.join();
        assertSame(Context.CANCELED, tellErr.get());

        CancelContext askCtx = Context.withCancel(Context.background());
        AtomicReference<Throwable> askErr = new AtomicReference<>();
        Chan<Boolean> askRan = Chan.make(1);
        release.close();                                          // let the actor drain, then block again
        Chan<Boolean> release2 = Chan.make();
        Chan<Boolean> inside2 = Chan.make(1);
        actor.tell(s -> {
            inside2.send(true);
            release2.recv();
        });
        recv(inside2, "the second blocking message");
        Goroutine asker = Go.spawn(() -> {
            try {
                actor.ask(askCtx, s -> { askRan.send(true); return 0; });
            } catch (Throwable t) {
                askErr.set(t);
            }
        });
        until("the ask to be in the mailbox", () -> actor.mailboxDepth() == 1);
        parked(asker, WaitReason.SELECT, WaitReason.CHAN_RECEIVE);
        askCtx.cancel();
        asker.join();
        assertSame(Context.CANCELED, askErr.get());
        release2.close();
        recv(askRan, "the abandoned ask to be handled anyway, without blocking the actor");
        assertEquals(1, actor.<Integer>ask(s -> s[0]), "the cancelled tell never entered");
        actor.close();
        closed(actor.done(), "the actor to end");
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void closeHandlesWhatIsQueuedThenEnds() {
        var before = GoroutineLeaks.snapshot();
        Chan<Boolean> release = Chan.make();
        Actor<int[]> actor = busyActor(Context.background(), 4, release);
        for (int i = 0; i < 3; i++) {
            actor.tell(s -> s[0]++);
        }
        actor.close();
        actor.close();     // idempotent
        var e = assertThrows(ChannelClosedException.class, () -> actor.tell(s -> s[0]++));
        assertEquals("send on closed channel", e.getMessage());
        assertThrows(ChannelClosedException.class, () -> actor.ask(s -> s[0]));
        release.close();
        assertEquals(0, closed(actor.done(), "the actor to end"));
        assertEquals(4, actor.processed());
        assertEquals(0, actor.dropped());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void aContextStopDropsWhatIsQueuedAndTellsTheAskers() {
        var before = GoroutineLeaks.snapshot();
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Boolean> release = Chan.make();
        Actor<int[]> actor = busyActor(ctx, 4, release);
        actor.tell(s -> s[0]++);
        actor.tell(s -> s[0]++);
        AtomicReference<Throwable> askErr = new AtomicReference<>();
        Goroutine asker = Go.spawn(() -> {
            try {
                actor.ask(s -> s[0]);
            } catch (Throwable t) {
                askErr.set(t);
            }
        });
        until("the ask to be queued", () -> actor.mailboxDepth() == 3);
        ctx.cancel();
        release.close();
        asker.join();
        assertSame(Context.CANCELED, askErr.get(), "the asker gets the actor's context error");
        assertEquals(0, closed(actor.done(), "the actor to end"));
        assertEquals(3, actor.dropped());
        assertEquals(1, actor.processed(), "only the message in hand");
        assertEquals(3, actor.stats().dropped());
        assertThrows(ChannelClosedException.class, () -> actor.tell(s -> s[0]++));
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void askingFromTheActorsOwnGoroutineIsRefused() {
        AtomicReference<Actor<int[]>> self = new AtomicReference<>();
        Actor<int[]> actor = Actor.start(Context.background(), new int[1], 2);
        self.set(actor);
        var e = assertThrows(IllegalStateException.class, () -> actor.ask(s -> self.get().ask(t -> t[0])));
        assertTrue(e.getMessage().contains("own goroutine"), e.getMessage());
        actor.close();
    }

    @Test
    void countersAndStats() {
        Chan<Boolean> release = Chan.make();
        Actor<int[]> actor = busyActor(Context.background(), 3, release);
        actor.tell(s -> { });
        actor.tell(s -> { });
        StageStats s = StageStats.of(actor).orElseThrow();
        assertSame(actor.stats(), s);
        assertTrue(s.name().startsWith("actor#"), s.name());
        assertEquals(2, actor.mailboxDepth());
        assertEquals(2, s.queueDepth());
        assertEquals(3, actor.mailboxCapacity());
        release.close();
        actor.ask(x -> x);
        assertEquals(4, s.items());
        assertEquals(4, actor.processed());
        assertTrue(actor.toString().contains("processed 4"), actor.toString());
        actor.close();
    }

    @Test
    void misuse() {
        var e = assertThrows(IllegalArgumentException.class, () -> Actor.start(Context.background(), new int[1], 0));
        assertEquals("Actor: mailbox capacity must be at least 1, got 0", e.getMessage());
        assertThrows(NullPointerException.class, () -> Actor.start(null, new int[1], 1));
        assertThrows(NullPointerException.class, () -> Actor.start(Context.background(), null, 1));
        var before = GoroutineLeaks.snapshot();
        Actor<int[]> actor = Actor.start(Context.background(), new int[1], 1);
        assertThrows(NullPointerException.class, () -> actor.tell(null));
        assertThrows(NullPointerException.class, () -> actor.tell(null, s -> { }));
        assertThrows(NullPointerException.class, () -> actor.tryTell(null));
        assertThrows(NullPointerException.class, () -> actor.ask(null));
        assertThrows(NullPointerException.class, () -> actor.ask(null, s -> 1));
        actor.close();
        GoroutineLeaks.assertNoneLeft(before);
    }
}
