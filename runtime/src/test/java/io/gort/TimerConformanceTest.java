package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's own timer tests, ported: {@code src/time/sleep_test.go} (TestAfterFunc, TestAfterStress,
 * TestAfter, TestAfterTick, TestAfterStop, TestAfterQueuing, TestTimerStopStress, TestReset,
 * TestOverflowSleep, TestZeroTimer, TestTimerModifiedEarlier) and {@code src/time/tick_test.go}
 * (TestTicker, TestTeardown, TestTick, TestNewTickerLtZeroDuration, TestTickerResetLtZeroDuration,
 * and Go 1.23's TestChan / testTimerChan, adapted), Go 1.23. Durations are scaled down so the
 * default run stays fast; where Go sleeps to let time pass, these wait on a timer instead
 * ({@link #wait(Duration)}), which is the behaviour under test. Go's retry-on-flake loops are kept.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimerConformanceTest {
    static final Duration MS = Duration.ofMillis(1);

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    /** Lets {@code d} pass by waiting for a timer. */
    static void wait(Duration d) {
        Time.after(d).recv();
    }

    static long since(long t0) {
        return System.nanoTime() - t0;
    }

    // ---- sleep_test.go -----------------------------------------------------------------------------

    /** TestAfterFunc: f re-arms itself ten times; each call runs in its own goroutine. */
    @Test
    void testAfterFunc() throws InterruptedException {
        // Go's f sleeps a second after re-arming, which only works if each call has its own
        // goroutine; here each call blocks on `release` until the chain has finished.
        Chan<Boolean> c = Chan.make();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger i = new AtomicInteger(10);
        Runnable[] f = new Runnable[1];
        f[0] = () -> {
            if (i.decrementAndGet() >= 0) {
                Time.afterFunc(Duration.ZERO, f[0]);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            } else {
                c.send(true);
            }
        };
        Time.afterFunc(Duration.ZERO, f[0]);
        assertTrue(c.recv());
        release.countDown();
    }

    /** TestAfterStress: a 1 ns ticker delivers 100 ticks. */
    @Test
    void testAfterStress() {
        Ticker ticker = Time.newTicker(Duration.ofNanos(1));
        for (int i = 0; i < 100; i++) {
            assertNotNull(ticker.c().recv());
        }
        ticker.stop();
    }

    /** TestAfter: After(d) takes at least d, and the time it sends is at least start + d. */
    @Test
    void testAfter() {
        Duration delay = ms(100);
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        Instant end = Time.after(delay).recv();
        assertTrue(since(t0) >= delay.toNanos(), "After(" + delay + ") slept for only " + since(t0) + " ns");
        assertFalse(end.isBefore(start.plus(delay).minusMillis(1)), "After(" + delay + ") sent " + end + ", start " + start);
    }

    /** TestAfterTick (short mode): ten After(10 ms) in a row take about 100 ms. */
    @Test
    void testAfterTick() {
        int count = 10;
        Duration delta = ms(10);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Time.after(delta).recv();
        }
        long d = since(t0);
        long target = delta.toNanos() * count;
        assertTrue(d >= target * 9 / 10, count + " ticks of " + delta + " too fast: " + d + " ns");
    }

    /** TestAfterStop: stopped timers do not fire, even after a longer one has; Stop twice is false. */
    @Test
    void testAfterStop() {
        List<String> errs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Time.afterFunc(ms(100), () -> { });
            Timer t0 = Time.newTimer(ms(50));
            Chan<Boolean> c1 = Chan.make(1);
            Timer t1 = Time.afterFunc(ms(150), () -> c1.send(true));
            Receiver<Instant> c2 = Time.after(ms(200));
            if (!t0.stop()) {
                errs.add("failed to stop event 0");
                continue;
            }
            if (!t1.stop()) {
                errs.add("failed to stop event 1");
                continue;
            }
            c2.recv();
            String r = Select.select(t0.c().onRecv(v -> "event 0 was not stopped"),
                    c1.onRecv(v -> "event 1 was not stopped"), Select.onDefault(() -> null));
            if (r != null) {
                errs.add(r);
                continue;
            }
            if (t1.stop()) {
                errs.add("Stop returned true twice");
                continue;
            }
            return;
        }
        fail("saw errors: " + errs);
    }

    /** TestAfterQueuing: After channels deliver in deadline order, each near its deadline. */
    @Test
    void testAfterQueuing() throws InterruptedException {
        String err = "!= nil";
        for (int i = 0; i < 5 && err != null; i++) {
            err = testAfterQueuing(ms(20 + i * 50L));
        }
        assertNull(err);
    }

    record AfterResult(int slot, long t) { }

    static final int[] SLOTS = {5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0};

    static String testAfterQueuing(Duration delta) {
        Chan<AfterResult> result = Chan.make(SLOTS.length);
        long t0 = System.nanoTime();
        for (int slot : SLOTS) {
            Receiver<Instant> ac = Time.after(delta.multipliedBy(slot));
            Go.spawn(() -> {
                ac.recv();
                result.send(new AfterResult(slot, System.nanoTime()));
            });
        }
        List<AfterResult> got = new ArrayList<>();
        for (int i = 0; i < SLOTS.length; i++) {
            got.add(result.recv());
        }
        for (int i = 1; i < got.size(); i++) {
            if (got.get(i).slot() < got.get(i - 1).slot()) {
                return "After calls returned out of order: " + got;
            }
        }
        for (AfterResult r : got) {
            long dt = r.t() - t0;
            long target = delta.toNanos() * r.slot();
            if (dt < target - delta.toNanos() / 2 || dt > target + delta.toNanos() * 10) {
                return "After(" + target + " ns) arrived at " + dt + " ns";
            }
        }
        return null;
    }

    /** TestTimerStopStress, scaled from 2 s/1 s/3 s to 200/50/300 ms: 100 stopped AfterFuncs never run. */
    @Test
    void testTimerStopStress() throws InterruptedException {
        AtomicInteger ran = new AtomicInteger(), notStopped = new AtomicInteger();
        CountDownLatch allStopped = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            Go.spawn(() -> {
                Timer timer = Time.afterFunc(ms(200), ran::incrementAndGet);
                wait(ms(50));
                if (!timer.stop()) {
                    notStopped.incrementAndGet();
                }
                allStopped.countDown();
            });
        }
        wait(ms(300));
        assertTrue(allStopped.await(20, TimeUnit.SECONDS));
        assertEquals(0, notStopped.get());
        wait(ms(200 - 50));   // the latest stopped deadline is now past
        TimeTest.engineCaughtUp();
        assertEquals(0, ran.get(), "a stopped AfterFunc ran");
    }

    /** TestReset: Reset of an unfired timer reports true and moves its deadline; of an expired one, false. */
    @Test
    void testReset() {
        String err = null;
        for (long unit : new long[] {25, 75, 175, 375}) {
            err = testReset(ms(unit));
            if (err == null) {
                return;
            }
        }
        fail(err);
    }

    static String testReset(Duration d) {
        Timer t0 = Time.newTimer(d.multipliedBy(2));
        wait(d);
        if (!t0.reset(d.multipliedBy(3))) {
            return "resetting unfired timer returned false";
        }
        wait(d.multipliedBy(2));
        if (t0.c().tryRecv() != null) {
            return "timer fired early";
        }
        wait(d.multipliedBy(2));
        if (t0.c().tryRecv() == null) {
            return "reset timer did not fire";
        }
        if (t0.reset(ms(50))) {
            return "resetting expired timer returned true";
        }
        return null;
    }

    /** TestOverflowSleep: a duration so large it overflows does not fire early; a hugely negative one fires at once. */
    @Test
    void testOverflowSleep() {
        Duration big = Duration.ofNanos(Long.MAX_VALUE);
        assertEquals("ok", Select.select(Time.after(big).onRecv(t -> "big timeout fired"), Time.after(ms(25)).onRecv(t -> "ok")));
        Duration bigger = Duration.ofSeconds(Long.MAX_VALUE);   // beyond Go's range; saturates too
        assertEquals("ok", Select.select(Time.after(bigger).onRecv(t -> "bigger timeout fired"), Time.after(ms(25)).onRecv(t -> "ok")));
        Duration neg = Duration.ofNanos(Long.MIN_VALUE);
        assertEquals("ok", Select.select(Time.after(neg).onRecv(t -> "ok"), Time.after(Duration.ofSeconds(1)).onRecv(t -> "negative timeout didn't fire")));
        assertEquals("ok", Select.select(Time.after(Duration.ofSeconds(Long.MIN_VALUE)).onRecv(t -> "ok"),
                Time.after(Duration.ofSeconds(1)).onRecv(t -> "negative timeout didn't fire")));
    }

    /** TestZeroTimer, scaled from 1,000,000 to 10,000: zero-duration timers are never missed. */
    @Test
    void testZeroTimer() {
        for (int i = 0; i < 10_000; i++) {
            long s = System.nanoTime();
            Timer ti = Time.newTimer(Duration.ZERO);
            ti.c().recv();
            assertTrue(since(s) < TimeUnit.SECONDS.toNanos(2), "a zero timer took " + since(s) + " ns");
        }
    }

    /** TestTimerModifiedEarlier, 200 rounds: a timer reset to the past fires soon. */
    @Test
    void testTimerModifiedEarlier() {
        Duration past = Duration.between(Instant.now(), Instant.EPOCH);
        int fails = 0;
        for (int i = 0; i < 200; i++) {
            Timer timer = Time.newTimer(Duration.ofHours(1));
            for (int j = 0; j < 10; j++) {
                // Go 1.23: nobody received, so Stop always reports true (the pre-1.23 `if !t.Stop() { <-t.C }` drain is dead code).
                assertTrue(timer.stop(), "stop after reset(past) with no receive, round " + j);
                timer.reset(past);
            }
            Timer deadline = Time.newTimer(Duration.ofSeconds(10));
            long now = System.nanoTime();
            String r = Select.select(timer.c().onRecv(t -> since(now) > TimeUnit.SECONDS.toNanos(8) ? "slow" : "ok"),
                    deadline.c().onRecv(t -> "deadline expired"));
            deadline.stop();
            if (!r.equals("ok")) {
                fails++;
            }
        }
        assertEquals(0, fails);
    }

    // ---- tick_test.go ------------------------------------------------------------------------------

    /** TestTicker: Count ticks, half at Delta and half at 2*Delta after Reset, take 3*Delta*Count/2; none after Stop. */
    @Test
    void testTicker() {
        String err = null;
        int count = 10;
        for (long deltaMs : new long[] {20, 40, 80}) {
            Duration delta = ms(deltaMs);
            Ticker ticker = Time.newTicker(delta);
            long t0 = System.nanoTime();
            for (int i = 0; i < count / 2; i++) {
                ticker.c().recv();
            }
            ticker.reset(delta.multipliedBy(2));
            for (int i = count / 2; i < count; i++) {
                ticker.c().recv();
            }
            ticker.stop();
            long dt = since(t0);
            long target = 3 * delta.toNanos() * (count / 2);
            long slop = target * 3 / 10;
            if (dt < target - slop || dt > target + slop) {
                err = count + " " + delta + " ticks then " + count + " " + delta.multipliedBy(2) + " ticks took " + dt
                        + " ns, expected [" + (target - slop) + "," + (target + slop) + "]";
                continue;
            }
            wait(delta.multipliedBy(2));
            if (ticker.c().tryRecv() != null) {
                err = "Ticker did not shut down";
                continue;
            }
            return;
        }
        fail(err);
    }

    /** TestTeardown: tickers are created, ticked once and stopped, repeatedly. */
    @Test
    void testTeardown() {
        for (int i = 0; i < 3; i++) {
            Ticker ticker = Time.newTicker(ms(10));
            assertNotNull(ticker.c().recv());
            ticker.stop();
        }
    }

    /** TestTick: Tick returns nil for a non-positive duration. */
    @Test
    void testTick() {
        assertTrue(TimeTest.isNil(Time.tick(Duration.ofNanos(-1))), "Tick(-1) should have returned nil");
        assertTrue(TimeTest.isNil(Time.tick(Duration.ZERO)), "Tick(0) should have returned nil");
    }

    /** TestNewTickerLtZeroDuration: NewTicker(-1) panics. */
    @Test
    void testNewTickerLtZeroDuration() {
        assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ofNanos(-1)));
    }

    /** TestTickerResetLtZeroDuration: Reset(0) panics. */
    @Test
    void testTickerResetLtZeroDuration() {
        Ticker tk = Time.newTicker(Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> tk.reset(Duration.ZERO));
        tk.stop();
    }

    /** A Timer or a Ticker behind one face, as testTimerChan sees it. */
    interface TimerLike {
        Receiver<Instant> c();

        void stop();

        void reset(Duration d);
    }

    static TimerLike timer(Duration d) {
        Timer t = Time.newTimer(d);
        return new TimerLike() {
            public Receiver<Instant> c() {
                return t.c();
            }

            public void stop() {
                t.stop();
            }

            public void reset(Duration x) {
                t.reset(x);
            }
        };
    }

    static TimerLike ticker(Duration d) {
        Ticker t = Time.newTicker(d);
        return new TimerLike() {
            public Receiver<Instant> c() {
                return t.c();
            }

            public void stop() {
                t.stop();
            }

            public void reset(Duration x) {
                t.reset(x);
            }
        };
    }

    @Test
    void testChanTimer() throws InterruptedException {
        testTimerChan(TimerConformanceTest::timer, false);
    }

    @Test
    void testChanTicker() throws InterruptedException {
        testTimerChan(TimerConformanceTest::ticker, true);
    }

    /**
     * Go 1.23's testTimerChan (synchronous timer channels), adapted: after Stop or Reset nothing
     * stale is received; len and cap are 0; a blocked receiver gets the value; a fired, unreceived
     * value is dropped by Stop and by Reset.
     */
    static void testTimerChan(Function<Duration, TimerLike> make, boolean tick) throws InterruptedException {
        Duration hour = Duration.ofHours(1);

        // Unstopped timer: delivers.
        TimerLike tim = make.apply(Duration.ofNanos(10_000));
        assertNotNull(tim.c().recv());
        if (!tick) {
            TimeTest.engineCaughtUp();
            assertNull(tim.c().tryRecv(), "a timer fires once");
        }

        // Reset far away and Stop: nothing, then or after its old deadline.
        tim.reset(hour);
        tim.stop();
        wait(MS.multipliedBy(2));
        TimeTest.engineCaughtUp();
        assertNull(tim.c().tryRecv(), "tick after Stop");

        // Fire into the channel unreceived, then Stop: the value is gone (len and cap stayed 0).
        tim.reset(Duration.ofNanos(1));
        wait(MS.multipliedBy(2));
        TimeTest.engineCaughtUp();
        assertEquals(0, tim.c().len());
        assertEquals(0, tim.c().cap());
        tim.stop();
        assertNull(tim.c().tryRecv(), "stale value after Stop");

        // Fire unreceived, then Reset far away: the value is gone.
        tim.reset(Duration.ofNanos(1));
        wait(MS.multipliedBy(2));
        TimeTest.engineCaughtUp();
        tim.reset(hour);
        assertNull(tim.c().tryRecv(), "stale value after Reset");

        // Stop, then a receiver blocks; Reset short: it gets the value.
        tim.stop();
        Chan<Instant> got = Chan.make(1);
        Go.spawn(() -> got.send(tim.c().recv()));
        tim.reset(Duration.ofNanos(1));
        assertNotNull(got.recv());

        // Two receivers blocked; one value each time the timer fires.
        tim.stop();
        Chan<Instant> got2 = Chan.make(2);
        Go.spawn(() -> got2.send(tim.c().recv()));
        Go.spawn(() -> got2.send(tim.c().recv()));
        tim.reset(Duration.ofNanos(1));
        assertNotNull(got2.recv());
        if (!tick) {
            tim.reset(Duration.ofNanos(1));   // the other receiver needs a second firing
        }
        assertNotNull(got2.recv());

        // A select blocked on the channel and on Stop's aftermath: after Stop, the select sees nothing.
        tim.reset(hour);
        Chan<Boolean> done = Chan.make();
        Chan<String> which = Chan.make(1);
        Go.spawn(() -> which.send(Select.select(tim.c().onRecv(t -> "tick"), done.onRecv(b -> "done"))));
        tim.stop();
        done.close();
        assertEquals("done", which.recv());
        tim.stop();
    }
}
