package io.gort.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * gort's own rules for {@link RateLimiter}, {@link Limit} and {@link Reservation}, beyond Go's tests
 * ({@link RateLimiterConformanceTest}): real waits on gort's timers, cancellation in the middle of a
 * wait (the tokens come back, no goroutine is left), interrupts, the counters, and misuse.
 */
@Timeout(30)
class RateLimiterTest {
    static final Duration D = Duration.ofMillis(100);

    private static <T> T within(Chan<T> c, String what) {
        return Select.select(c.onRecv(v -> v), Time.after(Duration.ofSeconds(10)).onRecv(x -> {
            throw new AssertionError("timed out waiting for " + what);
        }));
    }

    private static void until(BooleanSupplier cond, String what) {
        io.gort.testutil.Waits.until(what, cond);
    }

    @Test
    void realWaitTakesAboutTheRefillTime() {
        RateLimiter lim = new RateLimiter(Limit.every(D), 1);
        assertTrue(lim.allow());
        long t0 = System.nanoTime();
        lim.wait(Context.background());
        long waited = System.nanoTime() - t0;
        // The token was taken just before t0, so the wait is at least D minus the time in between.
        assertTrue(waited >= D.toNanos() * 8 / 10, "waited only " + waited + " ns");
        assertTrue(waited < Duration.ofSeconds(5).toNanos(), "waited " + waited + " ns");
    }

    @Test
    void realWaitsAreSpacedByTheRate() {
        RateLimiter lim = new RateLimiter(Limit.every(Duration.ofMillis(20)), 1);
        long t0 = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            lim.wait(Context.background());
        }
        long elapsed = System.nanoTime() - t0;
        // The first goes at once (full bucket), each of the next five one interval later.
        assertTrue(elapsed >= Duration.ofMillis(20).toNanos() * 5 * 9 / 10, "elapsed " + elapsed + " ns");
    }

    @Test
    void cancelledWaitGivesItsTokensBackAndLeavesNoGoroutine() {
        var before = GoroutineLeaks.snapshot();
        RateLimiter lim = new RateLimiter(Limit.every(Duration.ofSeconds(10)), 1);
        assertTrue(lim.allow());
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Throwable> outcome = Chan.make(1);
        Goroutine waiter = Go.spawn(() -> {
            try {
                lim.wait(ctx);
                outcome.send(new AssertionError("wait returned"));
            } catch (RuntimeException e) {
                outcome.send(e);
            }
        });
        until(() -> waiter.waitReason() == WaitReason.SELECT, "the wait to park");
        assertTrue(lim.tokens() < -0.9, "the waiter borrowed a token: " + lim);
        ctx.cancel();
        assertSame(Context.CANCELED, within(outcome, "the wait to end"));
        assertTrue(lim.tokens() > -0.1, "the borrowed token came back: " + lim);
        assertEquals(1, lim.allowedCount());
        assertEquals(1, lim.deniedCount());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void deadlineTooNearIsRefusedAtOnceAndTakesNothing() {
        RateLimiter lim = new RateLimiter(Limit.every(Duration.ofSeconds(10)), 1);
        assertTrue(lim.allow());
        double tokens = lim.tokensAt(Time.now());
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1))) {
            long t0 = System.nanoTime();
            RateLimitException e = assertThrows(RateLimitException.class, () -> lim.wait(ctx));
            assertEquals("rate: Wait(n=1) would exceed context deadline", e.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofMillis(900).toNanos(), "it did not wait for the deadline");
        }
        assertTrue(lim.tokensAt(Time.now()) >= tokens, "nothing was taken");
    }

    @Test
    void waitBeyondBurstUsesGoWords() {
        RateLimiter lim = new RateLimiter(Limit.perSecond(10), 3);
        RateLimitException e = assertThrows(RateLimitException.class, () -> lim.waitN(Context.background(), 4));
        assertEquals("rate: Wait(n=4) exceeds limiter's burst 3", e.getMessage());
        assertEquals(1, lim.deniedCount());
    }

    @Test
    void waitOnDoneContextThrowsItsErr() {
        RateLimiter lim = new RateLimiter(Limit.INF, 0);
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertSame(Context.CANCELED, assertThrows(RuntimeException.class, () -> lim.wait(ctx)));
    }

    @Test
    void interruptedWaitGivesItsTokensBack() {
        RateLimiter lim = new RateLimiter(Limit.every(Duration.ofSeconds(10)), 1);
        assertTrue(lim.allow());
        Chan<Throwable> outcome = Chan.make(1);
        Goroutine waiter = Go.spawn(() -> {
            try {
                lim.wait(Context.background());
                outcome.send(new AssertionError("wait returned"));
            } catch (GoInterruptedException e) {
                outcome.send(e);
            }
        });
        // ctx.done() of background() is a nil channel, so the select may park as a plain receive.
        until(() -> waiter.waitReason() == WaitReason.SELECT || waiter.waitReason() == WaitReason.CHAN_RECEIVE,
                "the wait to park");
        waiter.thread().interrupt();
        assertTrue(within(outcome, "the wait to end") instanceof GoInterruptedException);
        assertTrue(lim.tokens() > -0.1, "the borrowed token came back: " + lim);
    }

    @Test
    void reservationDelayAndCancel() {
        Instant t0 = Time.now();
        RateLimiter lim = new RateLimiter(Limit.perSecond(10), 1);
        Reservation a = lim.reserveN(t0, 1);
        assertTrue(a.ok());
        assertEquals(Duration.ZERO, a.delayFrom(t0));
        Reservation b = lim.reserveN(t0, 1);
        assertEquals(D, b.delayFrom(t0));
        assertEquals(Duration.ofMillis(40), b.delayFrom(t0.plusMillis(60)));
        assertEquals(Duration.ZERO, b.delayFrom(t0.plusSeconds(1)));
        b.cancelAt(t0);
        assertEquals(0.0, lim.tokensAt(t0), 1e-9);
        Reservation tooMany = lim.reserveN(t0, 2);
        assertFalse(tooMany.ok());
        assertEquals(RateLimiter.INF_DURATION, tooMany.delayFrom(t0));
        assertNull(tooMany.timeToAct());
        tooMany.cancel();   // does nothing
        assertEquals(0.0, lim.tokensAt(t0), 1e-9);
    }

    @Test
    void infiniteLimitIgnoresBurst() {
        RateLimiter lim = new RateLimiter(Limit.INF, 0);
        for (int i = 0; i < 1000; i++) {
            assertTrue(lim.allow());
        }
        assertTrue(lim.reserveN(Time.now(), 1_000_000).ok());
        assertEquals(1000, lim.allowedCount());
    }

    @Test
    void setBurstAndLimitTakeEffect() {
        Instant t0 = Time.now();
        RateLimiter lim = new RateLimiter(Limit.ZERO, 0);
        assertFalse(lim.allowN(t0, 1));
        lim.setBurstAt(t0, 2);
        assertEquals(2, lim.burst());
        assertFalse(lim.allowN(t0, 1), "a zero limit gains nothing; raising the burst adds no tokens");
        lim.setLimitAt(t0, Limit.perSecond(10));
        assertEquals(Limit.perSecond(10), lim.limit());
        assertTrue(lim.allowN(t0.plusMillis(200), 2));
        assertFalse(lim.allowN(t0.plusMillis(200), 1));
    }

    @Test
    void countersCountAllowDecisions() {
        Instant t0 = Time.now();
        RateLimiter lim = new RateLimiter(Limit.perSecond(1), 2);
        assertTrue(lim.allowN(t0, 1));
        assertTrue(lim.allowN(t0, 1));
        assertFalse(lim.allowN(t0, 1));
        lim.reserveN(t0, 1);   // not counted: the holder decides
        assertEquals(2, lim.allowedCount());
        assertEquals(1, lim.deniedCount());
        assertTrue(lim.toString().contains("allowed=2"), lim.toString());
    }

    // ---- Limit -----------------------------------------------------------------------------------

    @Test
    void limitValues() {
        assertEquals(Limit.INF, Limit.perSecond(Double.POSITIVE_INFINITY));
        assertEquals(Limit.INF, new Limit(Double.POSITIVE_INFINITY));
        assertEquals(Limit.perSecond(2), Limit.per(2, Duration.ofSeconds(1)));
        assertEquals(10.0 / 60, Limit.per(10, Duration.ofMinutes(1)).perSecond(), 1e-12);
        assertTrue(Limit.perSecond(1).compareTo(Limit.perSecond(2)) < 0);
        assertEquals("Limit.INF", Limit.INF.toString());
        assertEquals(Limit.ZERO, Limit.perSecond(0));
    }

    // ---- misuse ----------------------------------------------------------------------------------

    @Test
    void badRatesAreRefused() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> Limit.perSecond(Double.NaN));
        assertTrue(nan.getMessage().startsWith("rate: limit must be a number >= 0"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Limit.perSecond(-1));
        assertThrows(IllegalArgumentException.class, () -> new Limit(-0.5));
        assertThrows(IllegalArgumentException.class, () -> Limit.per(0, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> new RateLimiter(null, 1));
    }

    @Test
    void negativeBurstAndNAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RateLimiter(Limit.perSecond(1), -1));
        assertEquals("rate: burst must be >= 0, got -1", e.getMessage());
        RateLimiter lim = new RateLimiter(Limit.perSecond(1), 1);
        assertThrows(IllegalArgumentException.class, () -> lim.setBurst(-2));
        assertEquals(1, lim.burst(), "a refused setBurst changes nothing");
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> lim.allowN(Time.now(), -1));
        assertEquals("rate: n must be >= 0, got -1", n.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lim.reserveN(Time.now(), -1));
        assertThrows(IllegalArgumentException.class, () -> lim.waitN(Context.background(), -1));
        assertThrows(NullPointerException.class, () -> lim.wait(null));
        assertThrows(NullPointerException.class, () -> lim.setLimit(null));
        assertTrue(lim.allow(), "misuse left the limiter as it was");
    }
}
