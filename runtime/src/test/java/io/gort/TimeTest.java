package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Time, Timer and Ticker: Go 1.23's stop/reset results, no stale value after stop or reset (also
 * racing a firing, many times), afterFunc, select with a timeout, misuse.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeTest {
    static final int RACES = 400 * Integer.getInteger("gort.stress", 1);
    static final Duration HOUR = Duration.ofHours(1);

    /**
     * Waits until the timer engine has fired every timer due now: a zero timer set now is due after
     * them in (deadline, order), and the engine fires in that order. A wait for a timer (the
     * behaviour under test), not a sleep.
     */
    static void engineCaughtUp() {
        assertNotNull(Time.newTimer(Duration.ZERO).c().recv());
    }

    static boolean isNil(Receiver<?> r) {
        return r instanceof Chan<?> c && c.isNil();
    }

    // ---- Timer -----------------------------------------------------------------------------------

    @Test
    void aTimerSendsTheTimeOnceAndItsChannelReportsLenAndCapZero() {
        Instant before = Instant.now();
        Timer t = Time.newTimer(Duration.ofMillis(5));
        assertEquals(0, t.c().cap());
        Instant v = t.c().recv();
        assertFalse(v.isBefore(before));
        assertEquals(0, t.c().len());
        engineCaughtUp();
        assertNull(t.c().tryRecv(), "a timer fires once");
        assertFalse(t.stop(), "stop after the value was received: already expired");
    }

    @Test
    void stopOfAPendingTimerReturnsTrueOnceAndNothingIsEverReceived() {
        Timer t = Time.newTimer(Duration.ofMillis(1));
        assertTrue(t.stop());
        assertFalse(t.stop(), "second stop");
        Time.after(Duration.ofMillis(5)).recv();   // well past its deadline
        engineCaughtUp();
        assertNull(t.c().tryRecv());
    }

    @Test
    void aSentButUnreceivedValueCountsAsNotFiredAndStopRemovesIt() {
        // given a timer whose deadline passed with nobody receiving (len() still says 0; a lazy
        // channel timer has not even been sent: it would be, at the first receive)
        Timer t = Time.newTimer(Duration.ZERO);
        engineCaughtUp();
        assertEquals(0, t.c().len());

        // when stopped, then stop says it stopped it (Go 1.23), and the value is gone
        assertTrue(t.stop());
        assertNull(t.c().tryRecv());
        assertFalse(t.stop());
    }

    @Test
    void resetDropsTheValueOfThePreviousSettingAndReportsIt() {
        Timer t = Time.newTimer(Duration.ZERO);
        engineCaughtUp();                        // fired, unreceived
        assertTrue(t.reset(HOUR), "an unreceived value counts as active");
        assertNull(t.c().tryRecv(), "no stale value after reset");
        assertTrue(t.reset(Duration.ofMillis(1)), "pending");
        assertNotNull(t.c().recv(), "the new setting fires");
        assertFalse(t.reset(HOUR), "expired and received: not active");
        assertTrue(t.stop());
        assertFalse(t.reset(Duration.ZERO), "stopped: not active");
        assertNotNull(t.c().recv());
    }

    @Test
    void aTimerBlockedOnByAGoroutineHandsTheValueOver() throws InterruptedException {
        Timer t = Time.newTimer(HOUR);
        AtomicReference<Instant> got = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Go.spawn(() -> {
            got.set(t.c().recv());
            done.countDown();
        });
        assertTrue(t.reset(Duration.ofMillis(1)));
        assertTrue(done.await(20, TimeUnit.SECONDS));
        assertNotNull(got.get());
        assertFalse(t.stop());
    }

    @Test
    void stopRacingAFiringWithNobodyReceivingAlwaysReturnsTrueAndLeavesNothing() {
        for (int i = 0; i < RACES * 5; i++) {
            Timer t = Time.newTimer(Duration.ofNanos(ThreadLocalRandom.current().nextInt(200_000)));
            spin(ThreadLocalRandom.current().nextInt(20_000));
            assertTrue(t.stop(), "nobody received, so the timer had not fired (Go 1.23), iteration " + i);
            if (i % 50 == 0) {
                engineCaughtUp();
            }
            assertNull(t.c().tryRecv(), "stale value after stop, iteration " + i);
        }
        engineCaughtUp();
    }

    /** T1 stop()s while T2 waits in select on the timer and on done: the value is received xor stop returns true. */
    @Test
    void stopRacingAFiringAndAReceiverNeverLetsAStaleValueThrough() throws InterruptedException {
        int received = 0, stopped = 0;
        for (int i = 0; i < RACES; i++) {
            Timer t = Time.newTimer(Duration.ofNanos(ThreadLocalRandom.current().nextInt(100_000)));
            Chan<Boolean> done = Chan.make();
            AtomicInteger got = new AtomicInteger(-1);
            CountDownLatch finished = new CountDownLatch(1);
            Go.spawn(() -> {
                got.set(Select.select(t.c().onRecv(v -> 1), done.onRecv(v -> 0)));
                finished.countDown();
            });
            spin(ThreadLocalRandom.current().nextInt(20_000));
            boolean s = t.stop();
            done.close();
            assertTrue(finished.await(20, TimeUnit.SECONDS));
            engineCaughtUp();
            assertNull(t.c().tryRecv(), "stale value after stop, iteration " + i);
            assertEquals(s ? 0 : 1, got.get(), "stop returned " + s + ", iteration " + i);
            if (s) {
                stopped++;
            } else {
                received++;
            }
        }
        System.out.printf("stop vs fire vs receive: %d stopped, %d received%n", stopped, received);
    }

    @Test
    void resetRacingAFiringNeverLetsAStaleValueThrough() {
        for (int i = 0; i < RACES * 5; i++) {
            Timer t = Time.newTimer(Duration.ofNanos(ThreadLocalRandom.current().nextInt(200_000)));
            spin(ThreadLocalRandom.current().nextInt(20_000));
            assertTrue(t.reset(HOUR), "nobody received, so the timer was active, iteration " + i);
            if (i % 50 == 0) {
                engineCaughtUp();
            }
            assertNull(t.c().tryRecv(), "stale value after reset, iteration " + i);
            assertTrue(t.stop());
        }
    }

    static void spin(int n) {
        for (int i = 0; i < n; i++) {
            Thread.onSpinWait();
        }
    }

    // ---- afterFunc -------------------------------------------------------------------------------

    @Test
    void afterFuncRunsInItsOwnGoroutineAndItsChannelIsNil() throws InterruptedException {
        AtomicReference<Object> where = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        Timer t = Time.afterFunc(Duration.ofMillis(1), () -> {
            where.set(Go.current());
            ran.countDown();
        });
        assertTrue(isNil(t.c()));
        assertTrue(ran.await(20, TimeUnit.SECONDS));
        assertNotNull(where.get(), "f runs in a goroutine");
        assertNotSame(TimerEngine.global().thread(), Thread.currentThread());
        assertFalse(t.stop(), "f has been started");
    }

    @Test
    void afterFuncStoppedInTimeNeverRunsAndResetRunsItAgain() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch ran = new CountDownLatch(1);
        // 50 ms: an immediate stop must win even when a loaded machine deschedules this thread for
        // a few milliseconds (2 ms once lost); the wait past the deadline proves it never ran.
        Timer t = Time.afterFunc(Duration.ofMillis(50), () -> {
            runs.incrementAndGet();
            ran.countDown();
        });
        assertTrue(t.stop());
        Time.after(Duration.ofMillis(100)).recv();
        engineCaughtUp();
        assertEquals(0, runs.get());
        assertFalse(t.reset(Duration.ZERO), "stopped: not active");
        assertTrue(ran.await(20, TimeUnit.SECONDS));
        assertEquals(1, runs.get());
    }

    // ---- Ticker ----------------------------------------------------------------------------------

    @Test
    void aSlowReceiverGetsOneTickAtATimeAndStopLeavesNone() {
        Ticker tk = Time.newTicker(Duration.ofMillis(1));
        Time.after(Duration.ofMillis(20)).recv();   // about 20 periods pass unreceived
        assertEquals(0, tk.c().len());
        assertNotNull(tk.c().recv());               // the one buffered tick
        tk.stop();
        engineCaughtUp();
        assertNull(tk.c().tryRecv(), "no tick after stop");
        tk.reset(Duration.ofMillis(1));
        assertNotNull(tk.c().recv(), "reset restarts a stopped ticker");
        tk.stop();
    }

    // ---- select ----------------------------------------------------------------------------------

    @Test
    void selectTimesOutWhenNothingIsSent() {
        Chan<String> ch = Chan.make();
        long t0 = System.nanoTime();
        String r = Select.select(ch.onRecv(v -> "value " + v), Time.after(Duration.ofMillis(30)).onRecv(t -> "timeout"));
        assertEquals("timeout", r);
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(30), "timed out early");
    }

    @Test
    void selectTakesTheValueWhenOneIsSentBeforeTheTimeout() {
        Chan<String> ch = Chan.make();
        Go.spawn(() -> ch.send("x"));
        Timer timeout = Time.newTimer(Duration.ofSeconds(20));
        String r = Select.select(ch.onRecv(v -> "value " + v), timeout.c().onRecv(t -> "timeout"));
        assertEquals("value x", r);
        assertTrue(timeout.stop());
    }

    @Test
    void aSelectLoopWithATimeoutPerIterationLeavesNoTimerBehind() {
        // given a producer of 2000 values and a consumer that selects with a fresh 1 s timeout each time
        Chan<Integer> ch = Chan.make();
        int n = 2000;
        Go.spawn(() -> {
            for (int i = 0; i < n; i++) {
                ch.send(i);
            }
        });
        int sum = 0;
        TimerEngine e = TimerEngine.global();
        int before = e.size();
        for (int i = 0; i < n; i++) {
            Timer t = Time.newTimer(Duration.ofSeconds(1));
            Integer v = Select.select(ch.onRecv(), t.c().onRecv(x -> -1));
            assertTrue(t.stop());
            sum += v;
        }
        assertEquals(n * (n - 1) / 2, sum, "no timeout fired");
        assertTrue(e.size() <= before, "stopped timers left the heap");
        e.checkInvariants();
    }

    // ---- misuse ----------------------------------------------------------------------------------

    @Test
    void misuse() {
        var e = assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ZERO));
        assertEquals("non-positive interval for NewTicker", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ofNanos(-1)));
        assertEquals("non-positive interval for NewTicker", e.getMessage());
        Ticker tk = Time.newTicker(HOUR);
        e = assertThrows(IllegalArgumentException.class, () -> tk.reset(Duration.ZERO));
        assertEquals("non-positive interval for Ticker.Reset", e.getMessage());
        tk.stop();
        assertTrue(isNil(Time.tick(Duration.ZERO)));
        assertTrue(isNil(Time.tick(Duration.ofSeconds(-1))));
        assertThrows(NullPointerException.class, () -> Time.newTimer(null));
        assertThrows(NullPointerException.class, () -> Time.afterFunc(HOUR, null));
        Timer t = Time.newTimer(HOUR);
        assertThrows(NullPointerException.class, () -> t.reset(null));
        assertTrue(t.stop(), "a failed reset left the timer as it was");
        assertFalse(t.stop());
        t.stop();   // stopping a stopped timer is harmless
    }
}
