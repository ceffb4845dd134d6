package io.gort.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link MultiLimiter}, the multiLimiter of "Concurrency in Go" (chapter 5, "Rate Limiting"): the
 * book's APIConnection example (2 per second and 10 per minute) replayed on a fake clock, the most
 * restrictive limit, all-or-nothing allow and wait, cancellation in the middle, misuse.
 */
@Timeout(30)
class MultiLimiterTest {
    static final Instant T0 = Time.now();

    /** The book's open(): per-second 2 (burst 2) and per-minute 10 (burst 10). */
    static MultiLimiter bookLimiter() {
        return new MultiLimiter(
                new RateLimiter(Limit.per(2, Duration.ofSeconds(1)), 2),
                new RateLimiter(Limit.per(10, Duration.ofMinutes(1)), 10));
    }

    @Test
    void limitIsTheMostRestrictiveAndLimitersAreSortedByIt() {
        MultiLimiter m = bookLimiter();
        assertEquals(Limit.per(10, Duration.ofMinutes(1)), m.limit());
        assertEquals(m.limit(), m.limiters().get(0).limit(), "sorted most restrictive first, as the book's sort.Slice");
        assertEquals(2, m.burst());
        m.limiters().get(1).setLimit(Limit.ZERO);
        assertEquals(Limit.ZERO, m.limit(), "limit() follows later changes");
    }

    /** The book's 20 API calls, replayed: 10 go in the first second's bursts, then one every 6 s. */
    @Test
    void bookExampleOnAFakeClock() {
        MultiLimiter m = bookLimiter();
        FakeRateClock tt = new FakeRateClock(T0);
        List<Long> startedAtMillis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            m.waitN(Context.background(), 1, tt.now(), tt);
            startedAtMillis.add(tt.since(T0).toMillis());
        }
        // Two at once, then one every 500 ms (per second) until the per-minute bucket of 10 is
        // empty; after that, the per-minute bucket's k-th extra token comes at 6k s.
        assertEquals(List.of(0L, 0L, 500L, 1000L, 1500L, 2000L, 2500L, 3000L, 3500L, 4000L), startedAtMillis.subList(0, 10));
        for (int i = 10; i < 20; i++) {
            long want = 6_000L * (i - 9);
            assertTrue(Math.abs(startedAtMillis.get(i) - want) <= 1, "call " + i + " at " + startedAtMillis.get(i) + " ms, want " + want
                    + " (all: " + startedAtMillis + ")");
        }
        assertEquals(20, m.allowedCount());
    }

    @Test
    void allowTakesFromAllOrFromNone() {
        RateLimiter fast = new RateLimiter(Limit.perSecond(100), 5);
        RateLimiter slow = new RateLimiter(Limit.perSecond(1), 1);
        MultiLimiter m = new MultiLimiter(fast, slow);
        assertTrue(m.allowN(T0, 1));
        assertFalse(m.allowN(T0, 1), "the slow one is empty");
        assertEquals(4.0, fast.tokensAt(T0), 1e-9, "the refused allow gave the fast one's token back");
        assertFalse(m.allowN(T0, 2), "n above the slow one's burst");
        assertEquals(4.0, fast.tokensAt(T0), 1e-9);
        assertEquals(1, m.allowedCount());
        assertEquals(2, m.deniedCount());
    }

    @Test
    void waitBeyondAnyBurstIsRefusedWithGoWords() {
        MultiLimiter m = bookLimiter();
        RateLimitException e = assertThrows(RateLimitException.class, () -> m.waitN(Context.background(), 3));
        assertEquals("rate: Wait(n=3) exceeds limiter's burst 2", e.getMessage());
    }

    @Test
    void deadlineTooNearTakesNothingFromAny() {
        RateLimiter roomy = new RateLimiter(Limit.perSecond(0.5), 5);   // full: its reservation succeeds
        RateLimiter empty = new RateLimiter(Limit.perSecond(1), 1);     // needs 1 s for its next token
        assertTrue(empty.allow());
        MultiLimiter m = new MultiLimiter(empty, roomy);
        assertSame(roomy, m.limiters().get(0), "roomy's lower limit puts it first: it reserves before empty refuses");
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(500))) {
            RateLimitException e = assertThrows(RateLimitException.class, () -> m.wait(ctx));
            assertEquals("rate: Wait(n=1) would exceed context deadline", e.getMessage());
        }
        assertTrue(roomy.tokens() > 4.9, "roomy's reservation was given back: " + roomy);
        assertEquals(1, m.deniedCount());
    }

    @Test
    void cancelledWaitGivesBackToEveryLimiter() {
        var before = GoroutineLeaks.snapshot();
        FakeRateClock tt = new FakeRateClock(T0);
        RateLimiter a = new RateLimiter(Limit.perSecond(10), 1);
        RateLimiter b = new RateLimiter(Limit.perSecond(1), 1);
        MultiLimiter m = new MultiLimiter(a, b);
        assertTrue(m.allowN(T0, 1));
        CancelContext ctx = Context.withCancel(Context.background());
        // A fake timer at 100 ms cancels the context; the wait needs 1 s (b's refill).
        Receiver<Instant> ch = tt.newTimer(Duration.ofMillis(100).toNanos()).c();
        Go.spawn(() -> {
            ch.recv();
            ctx.cancel();
        });
        Chan<Throwable> outcome = Chan.make(1);
        Go.spawn(() -> {
            try {
                m.waitN(ctx, 1, tt.now(), tt);
                outcome.send(new AssertionError("wait returned"));
            } catch (RuntimeException e) {
                outcome.send(e);
            }
        });
        assertSame(Context.CANCELED, outcome.recv());
        Instant now = tt.now();
        assertEquals(Duration.ofMillis(100), Duration.between(T0, now), "the wait ended at the cancel, in fake time");
        assertEquals(1.0, a.tokensAt(now), 1e-9, "a's token back (it had refilled by then)");
        assertEquals(0.1, b.tokensAt(now), 1e-9, "b's borrowed token back: 0.1 refilled in 100 ms");
        assertEquals(1, m.deniedCount());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void misuse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, MultiLimiter::new);
        assertEquals("rate: MultiLimiter needs at least one limiter", e.getMessage());
        assertThrows(NullPointerException.class, () -> new MultiLimiter(new RateLimiter(Limit.INF, 0), null));
        assertThrows(NullPointerException.class, () -> bookLimiter().wait(null));
        assertThrows(IllegalArgumentException.class, () -> bookLimiter().allowN(T0, -1));
    }
}
