package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sync.Cond;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Synctest}: the tests of Go's synctest, ported from {@code src/internal/synctest/synctest_test.go}
 * as of Go 1.24 (read through the search tools; the Go 1.25 file adds bubble-association tests for
 * channels and timers made outside a bubble, which do not map: see docs/adr/0012), and the
 * virtual-clock tests of issue 6 (a test that sleeps an hour runs in milliseconds).
 *
 * <p>Ported: TestNow, TestRunEmpty, TestSimpleWait, TestGoroutineWait, TestWait, TestMallocs (as a
 * loop of bubbles), TestTimerReadBeforeDeadline, TestTimerReadAfterDeadline, TestTimerReset,
 * TestTimeAfter, TestDeadlockRoot, TestDeadlockChild, TestCond, TestIteratorPush (as a generator
 * goroutine), TestWaitGroup. Not ported: TestTimerFromOutsideBubble, TestChannelFromOutsideBubble
 * and TestTimerFromInsideBubble (gort does not associate channels and timers with a bubble: a
 * goroutine blocked on an outside channel counts as durably blocked), TestReflectFuncOf (reflect
 * has no Java counterpart), TestIteratorPull (no iter.Pull).
 */
@Timeout(60)
class SynctestTest {
    private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");

    // ---- Go's internal/synctest tests ----------------------------------------------------------

    @Test
    void testNow() {
        AtomicReference<Instant> inChild = new AtomicReference<>();
        Synctest.run(() -> {
            assertEquals(START, Time.now(), "at start: time.Now");
            Go.spawn(() -> inChild.set(Time.now()));   // new goroutines see the same fake clock
            Go.sleep(Duration.ofSeconds(1));
            assertEquals(START.plusSeconds(1), Time.now(), "after sleep: time.Now");
        });
        assertEquals(START, inChild.get());
    }

    @Test
    void testRunEmpty() {
        Synctest.Result r = Synctest.run(() -> { });
        assertEquals(List.of(1), r.trace());
        assertEquals(Duration.ZERO, r.elapsed());
    }

    @Test
    void testSimpleWait() {
        Synctest.run(Synctest::await);
    }

    @Test
    void testGoroutineWait() {
        Synctest.run(() -> {
            Go.spawn(() -> { });
            Synctest.await();
        });
    }

    /** TestWait: Wait waits for a chain of 100 goroutines, each spawned by the one before, to finish. */
    @Test
    void testWait() {
        Synctest.run(SynctestTest::chainOfHundred);
    }

    /** TestMallocs, as far as it maps: the same body in 100 bubbles in a row. */
    @Test
    void testManyBubbles() {
        for (int i = 0; i < 100; i++) {
            Synctest.run(i, SynctestTest::chainOfHundred);
        }
    }

    private static void chainOfHundred() {
        boolean[] done = new boolean[1];
        Chan<Integer> ch = Chan.make();
        Runnable[] f = new Runnable[1];
        f[0] = () -> {
            int count = ch.recv();
            if (count == 0) {
                done[0] = true;
            } else {
                Go.spawn(f[0]);
                ch.send(count - 1);
            }
        };
        Go.spawn(f[0]);
        ch.send(100);
        Synctest.await();
        assertTrue(done[0], "done = false, want true");
    }

    @Test
    void testTimerReadBeforeDeadline() {
        Synctest.run(() -> {
            Instant start = Time.now();
            Timer tm = Time.newTimer(Duration.ofSeconds(5));
            tm.c().recv();
            assertEquals(Duration.ofSeconds(5), Duration.between(start, Time.now()));
        });
    }

    @Test
    void testTimerReadAfterDeadline() {
        Synctest.run(() -> {
            Duration delay = Duration.ofSeconds(1);
            Instant want = Time.now().plus(delay);
            Timer tm = Time.newTimer(delay);
            Go.sleep(delay.multipliedBy(2));
            assertEquals(want, tm.c().recv());
        });
    }

    @Test
    void testTimerReset() {
        Synctest.run(() -> {
            Instant start = Time.now();
            Timer tm = Time.newTimer(Duration.ofSeconds(1));
            assertEquals(start.plusSeconds(1), tm.c().recv(), "first sleep");
            tm.reset(Duration.ofSeconds(2));
            assertEquals(start.plusSeconds(1 + 2), tm.c().recv(), "second sleep");
            tm.reset(Duration.ofSeconds(3));
            Go.sleep(Duration.ofSeconds(1));
            tm.reset(Duration.ofSeconds(3));
            assertEquals(start.plusSeconds(1 + 2 + 4), tm.c().recv(), "third sleep");
        });
    }

    /** TestTimeAfter: bubble membership propagates through AfterFunc, and through a spawn inside it. */
    @Test
    void testTimeAfter() {
        Synctest.run(() -> {
            AtomicInteger i = new AtomicInteger();
            Time.afterFunc(Duration.ofSeconds(1), () -> {
                assertTrue(Synctest.isInBubble(), "AfterFunc's goroutine is in the bubble");
                i.incrementAndGet();   // 1
                Go.spawn(() -> {
                    Go.sleep(Duration.ofSeconds(1));
                    i.incrementAndGet();   // 2
                });
            });
            Go.sleep(Duration.ofSeconds(3));
            Synctest.await();
            assertEquals(2, i.get(), "after sleep and wait");
        });
    }

    @Test
    void testDeadlockRoot() {
        Synctest.DeadlockError e = assertThrows(Synctest.DeadlockError.class,
                () -> Synctest.run(() -> Select.select()));
        assertEquals("deadlock: all goroutines in bubble are blocked", e.reason());
        assertTrue(e.dump().contains("[select (no cases)]"), e.dump());
        assertTrue(e.getMessage().startsWith("deadlock: all goroutines in bubble are blocked (synctest seed 0)"), e.getMessage());
    }

    /**
     * TestDeadlockChild. Go 1.24's Run reports it as "all goroutines in bubble are blocked"; since
     * Go 1.25 the root's exit is told apart, as gort does.
     */
    @Test
    void testDeadlockChild() {
        Synctest.DeadlockError e = assertThrows(Synctest.DeadlockError.class,
                () -> Synctest.run(() -> Go.spawn(() -> Select.select())));
        assertEquals("deadlock: main bubble goroutine has exited but blocked goroutines remain", e.reason());
        assertTrue(e.dump().contains("[select (no cases)]"), e.dump());
    }

    @Test
    void testCond() {
        Synctest.run(() -> {
            Mutex mu = new Mutex();
            Cond cond = new Cond(mu);
            Instant start = Time.now();
            Duration waitTime = Duration.ofMillis(1);
            Go.spawn(() -> {
                Go.sleep(waitTime);       // signal the cond
                mu.lock();
                cond.signal();
                mu.unlock();
                Go.sleep(waitTime);       // broadcast to the cond
                mu.lock();
                cond.broadcast();
                mu.unlock();
            });
            mu.lock();                    // wait for cond.Signal
            cond.await();
            mu.unlock();
            assertEquals(waitTime, Duration.between(start, Time.now()), "after cond.Signal: time elapsed");

            boolean[] waiterDone = new boolean[1];   // wait for cond.Broadcast in two goroutines
            Go.spawn(() -> {
                mu.lock();
                cond.await();
                mu.unlock();
                waiterDone[0] = true;
            });
            mu.lock();
            cond.await();
            mu.unlock();
            Synctest.await();
            assertTrue(waiterDone[0], "after cond.Broadcast: waiter not done");
            assertEquals(waitTime.multipliedBy(2), Duration.between(start, Time.now()), "after cond.Broadcast: time elapsed");
        });
    }

    /** TestIteratorPush: a generator that sleeps a second between values sees the clock step by a second. */
    @Test
    void testIteratorPush() {
        Synctest.run(() -> {
            List<Instant> got = new ArrayList<>();
            Go.spawn(() -> {
                while (got.size() < 3) {
                    got.add(Time.now());
                    Go.sleep(Duration.ofSeconds(1));
                }
            });
            List<Instant> want = List.of(Time.now(), Time.now().plusSeconds(1), Time.now().plusSeconds(2));
            Go.sleep(Duration.ofSeconds(5));
            Synctest.await();
            assertEquals(want, got);
        });
    }

    @Test
    void testWaitGroup() {
        Synctest.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Duration delay = Duration.ofSeconds(1);
            Go.spawn(() -> {
                Go.sleep(delay);
                wg.done();
            });
            Instant start = Time.now();
            wg.await();
            assertEquals(delay, Duration.between(start, Time.now()), "WaitGroup.Wait() took");
        });
    }

    // ---- testing/synctest's rules (doc comments of src/testing/synctest/synctest.go) ------------

    @Test
    void nestedBubbleIsRejected() {
        AtomicReference<Throwable> nested = new AtomicReference<>();
        Synctest.run(() -> {
            try {
                Synctest.run(() -> { });
            } catch (IllegalStateException e) {
                nested.set(e);
            }
        });
        assertEquals("synctest.Run called from within a synctest bubble", nested.get().getMessage());
    }

    @Test
    void waitOutsideABubbleIsRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Synctest::await);
        assertEquals("goroutine is not in a bubble", e.getMessage());
        assertFalse(Synctest.isInBubble());
        Goroutine g = Go.spawn(() -> assertFalse(Synctest.isInBubble()));
        g.join();
    }

    @Test
    void onlyOneWaitAtATime() {
        for (long seed = 0; seed < 10; seed++) {
            AtomicReference<Throwable> second = new AtomicReference<>();
            Synctest.run(seed, () -> {
                boolean[] rootWaiting = new boolean[1];
                Go.spawn(() -> {
                    while (!rootWaiting[0]) {
                        Go.yield();
                    }
                    // No preemption: the root ran from setting the flag into await without a break.
                    try {
                        Synctest.await();
                    } catch (IllegalStateException e) {
                        second.set(e);
                    }
                });
                rootWaiting[0] = true;
                Synctest.await();
            });
            assertEquals("wait already in progress", second.get() == null ? "no exception" : second.get().getMessage());
        }
    }

    /** Run returns only when every goroutine of the bubble has exited, not when the body returns. */
    @Test
    void runWaitsForEveryGoroutine() {
        AtomicInteger finished = new AtomicInteger();
        List<Goroutine> spawned = new ArrayList<>();
        Synctest.run(() -> {
            for (int i = 1; i <= 5; i++) {
                int n = i;
                spawned.add(Go.spawn(() -> {
                    Go.sleep(Duration.ofMinutes(n));
                    finished.incrementAndGet();
                }));
            }
        });
        assertEquals(5, finished.get());
        for (Goroutine g : spawned) {
            assertFalse(g.isAlive(), g.toString());
            assertFalse(Goroutine.all().contains(g), "the record is gone: " + g);
        }
    }

    /** A goroutine's uncaught exception is the test's: Run rethrows it after the bubble ends. */
    @Test
    void goroutinePanicIsRethrown() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Synctest.run(() -> {
            Go.spawn(() -> {
                Go.sleep(Duration.ofSeconds(1));
                throw new IllegalStateException("boom");
            });
        }));
        assertEquals("boom", e.getMessage());
        AssertionError a = assertThrows(AssertionError.class, () -> Synctest.run(() -> assertEquals(1, 2)));
        assertTrue(a.getMessage().contains("expected: <1> but was: <2>"), a.getMessage());
    }

    /** The deadlock dump names each goroutine's wait reason; the blocked goroutines are unwound afterwards. */
    @Test
    void deadlockDumpNamesEveryBlockedGoroutine() {
        List<Goroutine> spawned = new ArrayList<>();
        Synctest.DeadlockError e = assertThrows(Synctest.DeadlockError.class, () -> Synctest.run(3, () -> {
            Chan<Integer> never = Chan.make();
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            spawned.add(Go.spawn("receiver", never::recv));
            spawned.add(Go.spawn("sender", () -> never.send(1)));   // a second channel, also never ready
            spawned.add(Go.spawn("waiter", wg::await));
            Chan.<Integer>make().recv();
        }));
        String dump = e.dump();
        assertEquals("deadlock: all goroutines in bubble are blocked", e.reason());
        // receiver and sender meet on `never`, so only the waiter and the root stay blocked.
        assertTrue(dump.contains("[sync.WaitGroup.Wait]"), dump);
        assertTrue(dump.contains("[chan receive]"), dump);
        for (Goroutine g : spawned) {
            g.join();   // interrupted out of their waits: nothing leaks
        }
    }

    /** Go.sleep inside a bubble shows as "sleep" in dumps and can be interrupted. */
    @Test
    void sleepIsInterruptible() {
        AtomicReference<String> state = new AtomicReference<>();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Synctest.run(() -> {
            Goroutine sleeper = Go.spawn(() -> {
                try {
                    Go.sleep(Duration.ofHours(1));
                } catch (GoInterruptedException e) {
                    caught.set(e);
                }
            });
            Synctest.await();
            state.set(sleeper.toString());
            sleeper.thread().interrupt();
        });
        assertTrue(state.get().endsWith("[sleep]"), state.get());
        assertTrue(caught.get() instanceof GoInterruptedException, String.valueOf(caught.get()));
    }

    /**
     * Timers fire in deadline order, at their deadlines: each AfterFunc's goroutine sees the clock
     * at its timer's deadline. (The goroutines the functions start are picked by the seed, so two
     * functions due at the same instant may run in either order; the engine's FIFO order for equal
     * deadlines is checked on the engine itself, below.)
     */
    @Test
    void timersFireInDeadlineOrder() {
        for (long seed = 0; seed < 20; seed++) {
            List<String> fired = new ArrayList<>();
            Synctest.run(seed, () -> {
                Time.afterFunc(Duration.ofSeconds(2), () -> fired.add("b@" + sinceStart()));
                Time.afterFunc(Duration.ofSeconds(1), () -> fired.add("a@" + sinceStart()));
                Time.afterFunc(Duration.ofSeconds(2), () -> fired.add("c@" + sinceStart()));
                Time.afterFunc(Duration.ofSeconds(3), () -> fired.add("d@" + sinceStart()));
                Go.sleep(Duration.ofSeconds(1));
                Synctest.await();
                fired.add("now=" + sinceStart());
            });
            assertEquals("a@1", fired.get(0), "seed " + seed + ": " + fired);
            assertEquals("now=1", fired.get(1), "seed " + seed + ": " + fired);
            assertEquals(java.util.Set.of("b@2", "c@2"), java.util.Set.copyOf(fired.subList(2, 4)), "seed " + seed + ": " + fired);
            assertEquals("d@3", fired.get(4), "seed " + seed + ": " + fired);
        }
    }

    private static long sinceStart() {
        return Duration.between(START, Time.now()).toSeconds();
    }

    /** The manual engine: equal deadlines fire in the order set (FIFO); the clock jumps only when asked. */
    @Test
    void manualEngineFiresDueTimersInOrderAndAdvancesOnlyWhenAsked() {
        VirtualClock clock = new VirtualClock();
        TimerEngine e = TimerEngine.manual(clock, "test", null);
        List<String> fired = new ArrayList<>();
        class Rec extends TimerEngine.Node {
            final String name;
            Rec(String name) { this.name = name; }
            @Override void fire(TimerEngine engine) {
                synchronized (this) {
                    if (engine.claim(this)) {
                        fired.add(name + "@" + engine.now());
                    }
                }
            }
        }
        for (String[] t : new String[][] {{"x", "20"}, {"p", "10"}, {"q", "10"}, {"r", "10"}, {"y", "20"}}) {
            Rec n = new Rec(t[0]);
            synchronized (n) {
                e.schedule(n, Long.parseLong(t[1]));
            }
        }
        assertEquals(0, e.fireDue(false), "nothing is due at 0");
        assertEquals(0, clock.nanoTime());
        assertEquals(3, e.fireDue(true));
        assertEquals(List.of("p@10", "q@10", "r@10"), fired);
        assertEquals(10, clock.nanoTime());
        assertEquals(2, e.fireDue(true));
        assertEquals(List.of("p@10", "q@10", "r@10", "x@20", "y@20"), fired);
        assertEquals(0, e.fireDue(true), "no timer left");
        assertEquals(20, clock.nanoTime());
        assertEquals(null, e.thread(), "a manual engine has no thread");
        e.checkInvariants();
    }

    @Test
    void tickerTicksOnTheVirtualClock() {
        List<Long> at = new ArrayList<>();
        Synctest.Result r = Synctest.run(() -> {
            Ticker t = Time.newTicker(Duration.ofMinutes(10));
            for (int i = 0; i < 6; i++) {
                at.add(Duration.between(START, t.c().recv()).toMinutes());
            }
            t.stop();
        });
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L, 60L), at);
        assertEquals(Duration.ofHours(1), r.elapsed());
    }

    // ---- issue 6: the virtual clock runs a test that sleeps an hour in milliseconds ------------

    @Test
    void anHourOfSleepsTimeoutsAndDeadlinesInMilliseconds() {
        long began = System.nanoTime();
        Synctest.Result r = Synctest.run(() -> {
            Instant start = Time.now();
            Go.sleep(Duration.ofHours(1));                                     // time.Sleep(time.Hour)
            assertEquals(start.plus(Duration.ofHours(1)), Time.now());

            Chan<String> never = Chan.make();
            String got = Select.select(                                      // select with an hour's timeout
                    never.onRecv(v -> "value"),
                    Time.after(Duration.ofHours(1)).onRecv(t -> "timeout at " + Duration.between(start, t)));
            assertEquals("timeout at PT2H", got);

            try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofHours(1))) {
                ctx.done().recv();                                           // <-ctx.Done()
                assertEquals(Context.DEADLINE_EXCEEDED, ctx.err());
            }
            assertEquals(start.plus(Duration.ofHours(3)), Time.now());
        });
        long realMillis = (System.nanoTime() - began) / 1_000_000;
        assertEquals(Duration.ofHours(3), r.elapsed(), "virtual time: exactly the three hours");
        assertTrue(realMillis < 5_000, "three virtual hours took " + realMillis + " ms of real time");
        assertEquals(0, r.externalWakeups());
    }

    @Test
    void sleepingAnHourTakesNoRealTime() {
        long began = System.nanoTime();
        Synctest.Result r = Synctest.run(() -> Go.sleep(Duration.ofHours(1)));
        long realMillis = (System.nanoTime() - began) / 1_000_000;
        assertEquals(Duration.ofHours(1), r.elapsed());
        assertTrue(realMillis < 3_000, "an hour took " + realMillis + " ms");
    }

    /** Outside any bubble nothing changed: the real clock, the default scheduler. */
    @Test
    void outsideABubbleTimeIsReal() {
        Instant before = Instant.now();
        Instant now = Time.now();
        assertFalse(now.isBefore(before.minusSeconds(1)), now + " vs " + before);
        assertTrue(TimerEngine.current() == TimerEngine.global());
        Synctest.run(() -> assertTrue(TimerEngine.current() != TimerEngine.global()));
    }
}
