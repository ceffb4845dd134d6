package io.gort.pattern;

import static io.gort.pattern.ControlTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.context.ContextException;
import io.gort.testutil.GoroutineLeaks;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replicated.first, after "Concurrency in Go" ch.5 "Replicated Requests": the first answer wins and
 * every other replica's context is cancelled; failures are skipped while another replica may still
 * answer, and reported together when all fail; the caller's context ends the wait; a replica that
 * ignores its context does not hold the caller up and still ends; misuse. The book's example (ch.5,
 * "Replicated Requests": ten handlers with random simulated load, the first answer printed) is
 * {@link #theFastestOfRandomlyLoadedReplicasAnswers}, with the load fixed so the winner is known.
 * {@code hedged} (not in the book: "The Tail at Scale"'s hedged requests): one call when the first
 * is fast, the next replica after the delay, at once after failures, the caller's deadline.
 */
@Timeout(60)
class ReplicatedTest {

    /** Waits for ctx to be done, then throws its error: a replica that honours its context. */
    private static <T> T waitForCancel(Context ctx) {
        ctx.done().recv();
        throw ctx.err();
    }

    @Test
    void theFirstAnswerWinsAndTheOthersAreCancelled() {
        var before = GoroutineLeaks.snapshot();
        AtomicInteger tickets = new AtomicInteger();
        Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
        var answer = Replicated.first(Context.background(), 5, ctx -> {
            int t = tickets.getAndIncrement();
            if (t == 3) {
                return "ticket " + t;
            }
            try {
                return waitForCancel(ctx);
            } finally {
                cancelled.add(t);
            }
        });
        assertEquals("ticket 3", answer.value());
        assertTrue(answer.replica() >= 0 && answer.replica() < 5, "replica " + answer.replica());
        until("the four losers to see their context cancelled", () -> cancelled.size() == 4, cancelled::toString);
        assertEquals(Set.of(0, 1, 2, 4), cancelled);
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** The book's example: replicas with random simulated load; the answer comes from the fastest. */
    @Test
    void theFastestOfRandomlyLoadedReplicasAnswers() {
        var before = GoroutineLeaks.snapshot();
        int[] loadMillis = {300, 250, 1, 400, 350, 280, 320, 260, 310, 290};
        AtomicInteger tickets = new AtomicInteger();
        long t0 = System.nanoTime();
        var answer = Replicated.first(Context.background(), loadMillis.length, ctx -> {
            int t = tickets.getAndIncrement();
            boolean finished = Select.select(Time.after(Duration.ofMillis(loadMillis[t])).onRecv(x -> true),
                    ctx.done().onRecv(x -> false));
            if (!finished) {
                throw ctx.err();
            }
            return t;
        });
        long took = System.nanoTime() - t0;
        assertEquals(2, answer.value(), "the replica with 1 ms of load");
        assertTrue(took < Duration.ofSeconds(10).toNanos(), "took " + took);
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void failuresAreSkippedWhileAnotherReplicaMayAnswer() {
        var before = GoroutineLeaks.snapshot();
        AtomicInteger tickets = new AtomicInteger();
        Chan<Boolean> failuresSeen = Chan.make(3);
        var answer = Replicated.first(Context.background(), 4, ctx -> {
            int t = tickets.getAndIncrement();
            if (t < 3) {
                failuresSeen.send(true);
                throw new IOException("replica " + t + " failed");
            }
            for (int i = 0; i < 3; i++) {
                ControlTesting.recv(failuresSeen, "the failures to happen first");
            }
            return "the slow one";
        });
        assertEquals("the slow one", answer.value());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void whenAllFailTheErrorsComeTogether() {
        var before = GoroutineLeaks.snapshot();
        AtomicInteger tickets = new AtomicInteger();
        var e = assertThrows(Replicated.AllFailedException.class, () -> Replicated.first(Context.background(), 3, ctx -> {
            throw new IOException("replica " + tickets.getAndIncrement() + " failed");
        }));
        assertEquals("all 3 replicas failed", e.getMessage());
        assertEquals(3, e.replicas());
        Set<String> messages = new HashSet<>();
        messages.add(e.getCause().getMessage());
        for (Throwable s : e.getSuppressed()) {
            messages.add(s.getMessage());
        }
        assertEquals(Set.of("replica 0 failed", "replica 1 failed", "replica 2 failed"), messages);
        assertEquals(2, e.getSuppressed().length);
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void theCallersContextEndsTheWait() {
        var before = GoroutineLeaks.snapshot();
        AtomicInteger ended = new AtomicInteger();
        long t0 = System.nanoTime();
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(30))) {
            ContextException e = assertThrows(ContextException.class, () -> Replicated.first(ctx, 3, c -> {
                try {
                    return waitForCancel(c);
                } finally {
                    ended.incrementAndGet();
                }
            }));
            assertSame(Context.DEADLINE_EXCEEDED, e);
            assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(30).toNanos());
        }
        until("every replica to end", () -> ended.get() == 3);
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void aDoneContextStartsNothing() {
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        AtomicInteger calls = new AtomicInteger();
        assertSame(Context.CANCELED, assertThrows(ContextException.class,
                () -> Replicated.first(ctx, 3, c -> calls.incrementAndGet())));
        assertEquals(0, calls.get());
    }

    @Test
    void aReplicaThatIgnoresItsContextDoesNotHoldTheCallerUp() {
        var before = GoroutineLeaks.snapshot();
        Chan<Boolean> release = Chan.make();
        AtomicInteger tickets = new AtomicInteger();
        var answer = Replicated.first(Context.background(), 3, ctx -> {
            int t = tickets.getAndIncrement();
            if (t == 0) {
                return "quick";
            }
            release.recv();         // ignores ctx: a bad citizen
            return "late " + t;
        });
        assertEquals("quick", answer.value());
        release.close();            // the late replicas answer into their slots and end
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void nullIsAnAnswerAndOneReplicaIsAPlainCall() {
        var before = GoroutineLeaks.snapshot();
        var a = Replicated.first(Context.background(), 2, ctx -> null);
        assertNull(a.value());
        var b = Replicated.first(Context.background(), 1, ctx -> 42);
        assertEquals(new Replicated.Answer<>(42, 0), b);
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void hedgedMakesOneRequestWhenTheFirstIsFast() {
        var before = GoroutineLeaks.snapshot();
        AtomicInteger calls = new AtomicInteger();
        var a = Replicated.hedged(Context.background(), 3, Duration.ofSeconds(30), ctx -> "call " + calls.incrementAndGet());
        assertEquals(new Replicated.Answer<>("call 1", 0), a);
        assertEquals(1, calls.get());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void hedgedStartsTheNextReplicaAfterTheDelay() {
        var before = GoroutineLeaks.snapshot();
        Duration delay = Duration.ofMillis(30);
        AtomicInteger tickets = new AtomicInteger();
        Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
        long t0 = System.nanoTime();
        var a = Replicated.hedged(Context.background(), 2, delay, ctx -> {
            int t = tickets.getAndIncrement();
            if (t == 1) {
                return "hedge";
            }
            try {
                return waitForCancel(ctx);
            } finally {
                cancelled.add(t);
            }
        });
        long took = System.nanoTime() - t0;
        assertEquals(new Replicated.Answer<>("hedge", 1), a);
        assertTrue(took >= delay.toNanos(), "the hedge started before the delay: " + took + " ns");
        until("the slow first replica to be cancelled", () -> cancelled.equals(Set.of(0)), cancelled::toString);
        assertEquals(2, tickets.get());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void hedgedStartsTheNextAtOnceWhenAllRunningFailed() {
        var before = GoroutineLeaks.snapshot();
        AtomicInteger tickets = new AtomicInteger();
        long t0 = System.nanoTime();
        var a = Replicated.hedged(Context.background(), 3, Duration.ofMinutes(5), ctx -> {
            int t = tickets.getAndIncrement();
            if (t < 2) {
                throw new IOException("replica " + t + " failed");
            }
            return "third time lucky";
        });
        assertEquals(new Replicated.Answer<>("third time lucky", 2), a);
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos(), "waited for the delay after a failure");
        var e = assertThrows(Replicated.AllFailedException.class, () -> Replicated.hedged(Context.background(), 3,
                Duration.ofMinutes(5), ctx -> {
                    throw new IOException("down");
                }));
        assertEquals(2, e.getSuppressed().length);
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void hedgedStopsWhenTheCallersContextEnds() {
        var before = GoroutineLeaks.snapshot();
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(30))) {
            assertSame(Context.DEADLINE_EXCEEDED, assertThrows(ContextException.class,
                    () -> Replicated.hedged(ctx, 5, Duration.ofMillis(5), ReplicatedTest::waitForCancel)));
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void misuse() {
        var e = assertThrows(IllegalArgumentException.class, () -> Replicated.first(Context.background(), 0, c -> 1));
        assertEquals("Replicated.first: need at least 1 replica, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Replicated.first(Context.background(), -2, c -> 1));
        assertThrows(NullPointerException.class, () -> Replicated.first(null, 2, c -> 1));
        assertThrows(NullPointerException.class, () -> Replicated.first(Context.background(), 2, null));
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> Replicated.hedged(Context.background(), 2, Duration.ofMillis(-1), c -> 1));
        assertEquals("Replicated.hedged: negative delay PT-0.001S", e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Replicated.hedged(Context.background(), 0, Duration.ZERO, c -> 1));
        assertThrows(NullPointerException.class, () -> Replicated.hedged(Context.background(), 2, null, c -> 1));
        assertThrows(NullPointerException.class, () -> Replicated.hedged(null, 2, Duration.ZERO, c -> 1));
        assertThrows(NullPointerException.class, () -> Replicated.hedged(Context.background(), 2, Duration.ZERO, null));
    }
}
