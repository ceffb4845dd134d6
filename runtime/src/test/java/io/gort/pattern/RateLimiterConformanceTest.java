package io.gort.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Receiver;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's own tests of the rate limiter, ported: {@code rate/rate_test.go} of golang/time at commit
 * 2b4e43900c03fd6b77109b7b2b6d77583f48bc1c (2025-09-16). One method per Go test, same names; the
 * tables are Go's. Go's tests call the unexported {@code reserveN(t, n, maxFutureReserve)} and
 * {@code wait(ctx, n, t, newTimer)}; this class is in the limiter's package and calls their
 * package-private counterparts, {@link RateLimiter#reserveN(Instant, int, long)} and {@link
 * RateLimiter#waitN(Context, int, Instant, RateLimiter.WaitClock)} with Go's fake clock ({@link
 * FakeRateClock}, Go's {@code testTime}). Adapted, and why:
 * <ul>
 *   <li>Go's fake clock cancels a waiting reservation at the real {@code time.Now()} (its {@code
 *       wait} calls {@code r.Cancel()}); gort's hook cancels at the fake clock's now, so {@code
 *       TestWaitCancel}'s "should get 3 tokens back, and have lim.tokens = 2" is asserted exactly
 *       instead of logged.
 *   <li>{@code BenchmarkAllowN}, {@code BenchmarkWaitNNoDelay}: benchmarks live in the bench module.
 *   <li>{@code rate/sometimes_test.go}: {@code rate.Sometimes} is not part of this port.
 * </ul>
 * Not applicable: nothing else; every test of rate_test.go has a method here.
 */
@Timeout(30)
class RateLimiterConformanceTest {
    static final Duration D = Duration.ofMillis(100);
    static final Instant T0 = Time.now();
    static final Instant T1 = T0.plus(D.multipliedBy(1)), T2 = T0.plus(D.multipliedBy(2)), T3 = T0.plus(D.multipliedBy(3)),
            T4 = T0.plus(D.multipliedBy(4)), T5 = T0.plus(D.multipliedBy(5)), T9 = T0.plus(D.multipliedBy(9));
    static final long INF = RateLimiter.INF_DURATION_NANOS;

    static Limit lim(double r) {
        return Limit.perSecond(r);
    }

    /** TestLimit. */
    @Test
    void testLimit() {
        assertNotEquals(Limit.INF, lim(10), "Limit(10) == Inf should be false");
        assertTrue(Limit.INF.isInf());
        assertFalse(lim(10).isInf());
    }

    private static boolean closeEnough(Limit a, Limit b) {
        return (Math.abs(a.perSecond() / b.perSecond()) - 1.0) < 1e-9;
    }

    /** TestEvery. */
    @Test
    void testEvery() {
        record Case(Duration interval, Limit lim) { }
        List<Case> cases = List.of(
                new Case(Duration.ZERO, Limit.INF),
                new Case(Duration.ofNanos(-1), Limit.INF),
                new Case(Duration.ofNanos(1), lim(1e9)),
                new Case(Duration.ofNanos(1_000), lim(1e6)),
                new Case(Duration.ofMillis(1), lim(1e3)),
                new Case(Duration.ofMillis(10), lim(100)),
                new Case(Duration.ofMillis(100), lim(10)),
                new Case(Duration.ofSeconds(1), lim(1)),
                new Case(Duration.ofSeconds(2), lim(0.5)),
                new Case(Duration.ofMillis(2500), lim(0.4)),
                new Case(Duration.ofSeconds(4), lim(0.25)),
                new Case(Duration.ofSeconds(10), lim(0.1)),
                new Case(Duration.ofNanos(Long.MAX_VALUE), lim(1e9 / (double) Long.MAX_VALUE)));
        for (Case tc : cases) {
            Limit l = Limit.every(tc.interval());
            assertTrue(closeEnough(l, tc.lim()), "every(" + tc.interval() + ") = " + l + " want " + tc.lim());
        }
    }

    record Allow(Instant t, double toks, int n, boolean ok) { }

    static void run(RateLimiter lim, List<Allow> allows) {
        for (int i = 0; i < allows.size(); i++) {
            Allow a = allows.get(i);
            double toks = lim.tokensAt(a.t());
            assertEquals(a.toks(), toks, 0.0, "step " + i + ": lim.tokensAt(" + a.t() + ")");
            boolean ok = lim.allowN(a.t(), a.n());
            assertEquals(a.ok(), ok, "step " + i + ": lim.allowN(" + a.t() + ", " + a.n() + ")");
        }
    }

    /** TestLimiterBurst1. */
    @Test
    void testLimiterBurst1() {
        run(new RateLimiter(lim(10), 1), List.of(
                new Allow(T0, 1, 1, true),
                new Allow(T0, 0, 1, false),
                new Allow(T0, 0, 1, false),
                new Allow(T1, 1, 1, true),
                new Allow(T1, 0, 1, false),
                new Allow(T1, 0, 1, false),
                new Allow(T2, 1, 2, false),   // burst size is 1, so n=2 always fails
                new Allow(T2, 1, 1, true),
                new Allow(T2, 0, 1, false)));
    }

    /** TestLimiterBurst3. */
    @Test
    void testLimiterBurst3() {
        run(new RateLimiter(lim(10), 3), List.of(
                new Allow(T0, 3, 2, true),
                new Allow(T0, 1, 2, false),
                new Allow(T0, 1, 1, true),
                new Allow(T0, 0, 1, false),
                new Allow(T1, 1, 4, false),
                new Allow(T2, 2, 1, true),
                new Allow(T3, 2, 1, true),
                new Allow(T4, 2, 1, true),
                new Allow(T4, 1, 1, true),
                new Allow(T4, 0, 1, false),
                new Allow(T4, 0, 1, false),
                new Allow(T9, 3, 3, true),
                new Allow(T9, 0, 0, true)));
    }

    /** TestLimiterJumpBackwards. */
    @Test
    void testLimiterJumpBackwards() {
        run(new RateLimiter(lim(10), 3), List.of(
                new Allow(T1, 3, 1, true),   // start at t1
                new Allow(T0, 2, 1, true),   // jump back to t0, two tokens remain
                new Allow(T0, 1, 1, true),
                new Allow(T0, 0, 1, false),
                new Allow(T0, 0, 1, false),
                new Allow(T1, 1, 1, true),   // got a token
                new Allow(T1, 0, 1, false),
                new Allow(T1, 0, 1, false),
                new Allow(T2, 1, 1, true),   // got another token
                new Allow(T2, 0, 1, false),
                new Allow(T2, 0, 1, false)));
    }

    /** TestLimiter_noTruncationErrors (golang.org/issues/34861). */
    @Test
    void testLimiterNoTruncationErrors() {
        assertTrue(new RateLimiter(lim(0.7692307692307693), 1).allow(), "expected true");
    }

    /** TestSimultaneousRequests: 15 goroutines at once, burst 5, a very slow refill: exactly 5 allowed. */
    @Test
    void testSimultaneousRequests() {
        final int limit = 1, burst = 5, numRequests = 15;
        AtomicInteger numOK = new AtomicInteger();
        RateLimiter lim = new RateLimiter(lim(limit), burst);
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < numRequests; i++) {
            wg.go(() -> {
                if (lim.allow()) {
                    numOK.incrementAndGet();
                }
            });
        }
        wg.await();
        assertEquals(burst, numOK.get(), "numOK");
    }

    /** TestLongRunningQPS: 5 fake seconds of requests every 2 ms at 100/s, burst 100. */
    @Test
    void testLongRunningQPS() {
        final int limit = 100, burst = 100;
        int numOK = 0;
        FakeRateClock tt = new FakeRateClock(Time.now());
        RateLimiter lim = new RateLimiter(lim(limit), burst);
        Instant start = tt.now();
        Instant end = start.plusSeconds(5);
        while (tt.now().isBefore(end)) {
            if (lim.allowN(tt.now(), 1)) {
                numOK++;
            }
            tt.advance(Duration.ofMillis(2));
        }
        Duration elapsed = tt.since(start);
        double ideal = burst + (limit * (elapsed.toNanos() / 1e9));
        // We should never get more requests than allowed.
        assertTrue(numOK <= (int) (ideal + 1), "numOK = " + numOK + ", ideal " + ideal);
        // We should get very close to the number of requests allowed.
        assertTrue(numOK >= (int) (0.999 * ideal), "numOK = " + numOK + ", ideal " + ideal);
    }

    record Request(Instant t, int n, Instant act, boolean ok) { }

    /** Go's dFromDuration: the nearest multiple of D. */
    static long dFromDuration(long nanos) {
        return (nanos + D.toNanos() / 2) / D.toNanos();
    }

    static long dSince(Instant t) {
        return dFromDuration(RateLimiter.subNanos(t, T0));
    }

    static Reservation runReserve(RateLimiter lim, Request req) {
        return runReserveMax(lim, req, INF);
    }

    static Reservation runReserveMax(RateLimiter lim, Request req, long maxReserve) {
        Reservation r = lim.reserveN(req.t(), req.n(), maxReserve);
        if (r.ok() && dSince(r.timeToAct()) != dSince(req.act()) || r.ok() != req.ok()) {
            fail("lim.reserveN(t" + dSince(req.t()) + ", " + req.n() + ", " + maxReserve + ") = (t"
                    + (r.ok() ? dSince(r.timeToAct()) : "-") + ", " + r.ok() + ") want (t"
                    + (req.act() == null ? "-" : dSince(req.act())) + ", " + req.ok() + ")");
        }
        return r;
    }

    /** TestSimpleReserve. */
    @Test
    void testSimpleReserve() {
        RateLimiter lim = new RateLimiter(lim(10), 2);
        runReserve(lim, new Request(T0, 2, T0, true));
        runReserve(lim, new Request(T0, 2, T2, true));
        runReserve(lim, new Request(T3, 2, T4, true));
    }

    /** TestMix. */
    @Test
    void testMix() {
        RateLimiter lim = new RateLimiter(lim(10), 2);
        runReserve(lim, new Request(T0, 3, T1, false));   // should return false because n > Burst
        runReserve(lim, new Request(T0, 2, T0, true));
        run(lim, List.of(new Allow(T1, 1, 2, false)));   // not enough tokens - don't allow
        runReserve(lim, new Request(T1, 2, T2, true));
        run(lim, List.of(new Allow(T1, -1, 1, false)));   // negative tokens - don't allow
        run(lim, List.of(new Allow(T3, 1, 1, true)));
    }

    /** TestCancelInvalid. */
    @Test
    void testCancelInvalid() {
        RateLimiter lim = new RateLimiter(lim(10), 2);
        runReserve(lim, new Request(T0, 2, T0, true));
        Reservation r = runReserve(lim, new Request(T0, 3, T3, false));
        r.cancelAt(T0);                                   // should have no effect
        runReserve(lim, new Request(T0, 2, T2, true));   // did not get extra tokens
    }

    /** TestCancelLast. */
    @Test
    void testCancelLast() {
        RateLimiter lim = new RateLimiter(lim(10), 2);
        runReserve(lim, new Request(T0, 2, T0, true));
        Reservation r = runReserve(lim, new Request(T0, 2, T2, true));
        r.cancelAt(T1);   // got 2 tokens back
        runReserve(lim, new Request(T1, 2, T2, true));
    }

    /** TestCancelTooLate. */
    @Test
    void testCancelTooLate() {
        RateLimiter lim = new RateLimiter(lim(10), 2);
        runReserve(lim, new Request(T0, 2, T0, true));
        Reservation r = runReserve(lim, new Request(T0, 2, T2, true));
        r.cancelAt(T3);   // too late to cancel - should have no effect
        runReserve(lim, new Request(T3, 2, T4, true));
    }

    /** TestCancel0Tokens. */
    @Test
    void testCancel0Tokens() {
        RateLimiter lim = new RateLimiter(lim(10), 2);
        runReserve(lim, new Request(T0, 2, T0, true));
        Reservation r = runReserve(lim, new Request(T0, 1, T1, true));
        runReserve(lim, new Request(T0, 1, T2, true));
        r.cancelAt(T0);   // got 0 tokens back
        runReserve(lim, new Request(T0, 1, T3, true));
    }

    /** TestCancel1Token. */
    @Test
    void testCancel1Token() {
        RateLimiter lim = new RateLimiter(lim(10), 2);
        runReserve(lim, new Request(T0, 2, T0, true));
        Reservation r = runReserve(lim, new Request(T0, 2, T2, true));
        runReserve(lim, new Request(T0, 1, T3, true));
        r.cancelAt(T2);   // got 1 token back
        runReserve(lim, new Request(T2, 2, T4, true));
    }

    /** TestCancelMulti. */
    @Test
    void testCancelMulti() {
        RateLimiter lim = new RateLimiter(lim(10), 4);
        runReserve(lim, new Request(T0, 4, T0, true));
        Reservation rA = runReserve(lim, new Request(T0, 3, T3, true));
        runReserve(lim, new Request(T0, 1, T4, true));
        Reservation rC = runReserve(lim, new Request(T0, 1, T5, true));
        rC.cancelAt(T1);   // get 1 token back
        rA.cancelAt(T1);   // get 2 tokens back, as if C was never reserved
        runReserve(lim, new Request(T1, 3, T5, true));
    }

    /** TestReserveJumpBack. */
    @Test
    void testReserveJumpBack() {
        RateLimiter lim = new RateLimiter(lim(10), 2);
        runReserve(lim, new Request(T1, 2, T1, true));   // start at t1
        runReserve(lim, new Request(T0, 1, T1, true));   // should violate Limit,Burst
        runReserve(lim, new Request(T2, 2, T3, true));
        // burst size is 2, so n=3 always fails, and the state of lim should not be changed
        runReserve(lim, new Request(T0, 3, null, false));
        runReserve(lim, new Request(T2, 1, T4, true));
        // the maxReserve is not enough so it fails, and the state of lim should not be changed
        runReserveMax(lim, new Request(T0, 2, null, false), D.toNanos());
        runReserve(lim, new Request(T2, 1, T5, true));
    }

    /** TestReserveJumpBackCancel. */
    @Test
    void testReserveJumpBackCancel() {
        RateLimiter lim = new RateLimiter(lim(10), 2);
        runReserve(lim, new Request(T1, 2, T1, true));   // start at t1
        Reservation r = runReserve(lim, new Request(T1, 2, T3, true));
        runReserve(lim, new Request(T1, 1, T4, true));
        r.cancelAt(T0);                                   // cancel at t0, get 1 token back
        runReserve(lim, new Request(T1, 2, T4, true));   // should violate Limit,Burst
    }

    /** TestReserveSetLimit. */
    @Test
    void testReserveSetLimit() {
        RateLimiter lim = new RateLimiter(lim(5), 2);
        runReserve(lim, new Request(T0, 2, T0, true));
        runReserve(lim, new Request(T0, 2, T4, true));
        lim.setLimitAt(T2, lim(10));
        runReserve(lim, new Request(T2, 1, T4, true));   // violates Limit and Burst
    }

    /** TestReserveSetBurst. */
    @Test
    void testReserveSetBurst() {
        RateLimiter lim = new RateLimiter(lim(5), 2);
        runReserve(lim, new Request(T0, 2, T0, true));
        runReserve(lim, new Request(T0, 2, T4, true));
        lim.setBurstAt(T3, 4);
        runReserve(lim, new Request(T0, 4, T9, true));   // violates Limit and Burst
    }

    /** TestReserveSetLimitCancel. */
    @Test
    void testReserveSetLimitCancel() {
        RateLimiter lim = new RateLimiter(lim(5), 2);
        runReserve(lim, new Request(T0, 2, T0, true));
        Reservation r = runReserve(lim, new Request(T0, 2, T4, true));
        lim.setLimitAt(T2, lim(10));
        r.cancelAt(T2);   // 2 tokens back
        runReserve(lim, new Request(T2, 2, T3, true));
    }

    /** TestReserveMax. */
    @Test
    void testReserveMax() {
        RateLimiter lim = new RateLimiter(lim(10), 2);
        long maxT = D.toNanos();
        runReserveMax(lim, new Request(T0, 2, T0, true), maxT);
        runReserveMax(lim, new Request(T0, 1, T1, true), maxT);    // reserve for close future
        runReserveMax(lim, new Request(T0, 1, T2, false), maxT);   // time to act too far in the future
    }

    record Wait(String name, Context ctx, int n, int delay, boolean nilErr) { }

    /** Go's runWait: waits with the fake clock; checks the error (or not) and the fake delay in multiples of D. */
    static void runWait(FakeRateClock tt, RateLimiter lim, Wait w) {
        Instant start = tt.now();
        RuntimeException err = null;
        try {
            lim.waitN(w.ctx(), w.n(), start, tt);
        } catch (RuntimeException e) {
            err = e;
        }
        Duration delay = tt.since(start);
        if (w.nilErr() != (err == null) || !waitDelayOk(w.delay(), delay)) {
            fail("lim.waitN(" + w.name() + ", lim, " + w.n() + ") = " + err + " with delay " + delay + "; want "
                    + (w.nilErr() ? "null" : "<non-null error>") + " with delay " + D.multipliedBy(w.delay()));
        }
    }

    /** Go's waitDelayOk (here the clock is fake, so the slack Go allows for real sleeps is never used). */
    static boolean waitDelayOk(int wantD, Duration got) {
        long gotD = dFromDuration(got.toNanos());
        if (gotD < wantD) {
            return false;
        }
        long maxD = (wantD * 3L + 1) / 2;
        return gotD <= maxD;
    }

    /** TestWaitSimple. */
    @Test
    void testWaitSimple() {
        FakeRateClock tt = new FakeRateClock(Time.now());
        RateLimiter lim = new RateLimiter(lim(10), 3);
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        runWait(tt, lim, new Wait("already-cancelled", ctx, 1, 0, false));
        runWait(tt, lim, new Wait("exceed-burst-error", Context.background(), 4, 0, false));
        runWait(tt, lim, new Wait("act-now", Context.background(), 2, 0, true));
        runWait(tt, lim, new Wait("act-later", Context.background(), 3, 2, true));
    }

    /** TestWaitCancel. */
    @Test
    void testWaitCancel() {
        FakeRateClock tt = new FakeRateClock(Time.now());
        RateLimiter lim = new RateLimiter(lim(10), 3);
        CancelContext ctx = Context.withCancel(Context.background());
        runWait(tt, lim, new Wait("act-now", ctx, 2, 0, true));   // after this lim.tokens = 1
        Receiver<Instant> ch = tt.newTimer(D.toNanos()).c();
        Go.spawn(() -> {
            ch.recv();
            ctx.cancel();
        });
        runWait(tt, lim, new Wait("will-cancel", ctx, 3, 1, false));
        // should get 3 tokens back, and have lim.tokens = 2
        assertEquals(2.0, lim.tokensAt(tt.now()), 1e-9, lim.toString());
        runWait(tt, lim, new Wait("act-now-after-cancel", Context.background(), 2, 0, true));
    }

    /** TestWaitTimeout. */
    @Test
    void testWaitTimeout() {
        FakeRateClock tt = new FakeRateClock(Time.now());
        RateLimiter lim = new RateLimiter(lim(10), 3);
        try (CancelContext ctx = Context.withTimeout(Context.background(), D)) {
            runWait(tt, lim, new Wait("act-now", ctx, 2, 0, true));
            runWait(tt, lim, new Wait("w-timeout-err", ctx, 3, 0, false));
        }
    }

    /** TestWaitInf. */
    @Test
    void testWaitInf() {
        FakeRateClock tt = new FakeRateClock(Time.now());
        RateLimiter lim = new RateLimiter(Limit.INF, 0);
        runWait(tt, lim, new Wait("exceed-burst-no-error", Context.background(), 3, 0, true));
    }

    /** TestZeroLimit. */
    @Test
    void testZeroLimit() {
        RateLimiter r = new RateLimiter(lim(0), 1);
        assertTrue(r.allow(), "Limit(0, 1) want true when first used");
        assertFalse(r.allow(), "Limit(0, 1) want false when already used");
    }

    /** TestSetAfterZeroLimit. */
    @Test
    void testSetAfterZeroLimit() {
        RateLimiter lim = new RateLimiter(lim(0), 1);
        // The limiter should start off full, so even though our rate limit is 0, our first request
        // should be allowed…
        assertTrue(lim.allow(), "Limit(0, 1) want true when first used");
        // …the token bucket is not being replenished though, so the second request should not succeed
        assertFalse(lim.allow(), "Limit(0, 1) want false when already used");
        lim.setLimit(lim(10));
        FakeRateClock tt = new FakeRateClock(Time.now());
        // We set the limit to 10/s so expect to get another token in 100ms
        runWait(tt, lim, new Wait("wait-after-set-nonzero-after-zero", Context.background(), 1, 1, true));
    }

    /** TestTinyLimit (golang.org/issues/71154: an overflow in durationFromTokens). */
    @Test
    void testTinyLimit() {
        RateLimiter lim = new RateLimiter(lim(1e-10), 1);
        assertTrue(lim.allow(), "Limit(1e-10, 1) want true when first used");
        assertFalse(lim.allow(), "Limit(1e-10, 1) want false when already used");
    }

    /** Table helper sanity: the port's own fake clock fires timers in order (Go's testTime). */
    @Test
    void fakeClockFiresTimersInOrder() {
        FakeRateClock tt = new FakeRateClock(T0);
        Receiver<Instant> a = tt.newTimer(D.multipliedBy(2).toNanos()).c();
        Receiver<Instant> b = tt.newTimer(D.toNanos()).c();
        tt.advanceToTimer();
        assertEquals(T1, b.tryRecv().value());
        assertEquals(null, a.tryRecv());
        tt.advanceToTimer();
        assertEquals(T2, a.tryRecv().value());
    }
}
