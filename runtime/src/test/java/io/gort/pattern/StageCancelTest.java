package io.gort.pattern;

import static io.gort.pattern.PatternTesting.closed;
import static io.gort.pattern.PatternTesting.until;
import static io.gort.pattern.PatternTesting.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sched.GState;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.sync.Mutex;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a cancel reaches a stage goroutine ({@link Stage}'s "cancel by interrupt"): a goroutine blocked
 * in the stage's own receive or send ends at once and counts what it held; a user function that is
 * blocked (Go.sleep, a Mutex) when the context is cancelled is not interrupted — it returns normally
 * and the stage ends after it; an interrupt that is not the canceller's still reaches the goroutine
 * as before (a GoInterruptedException, its panic). Every test ends by checking that no goroutine it
 * started is left.
 */
@Timeout(60)
class StageCancelTest {
    private Set<Long> before;
    private CancelContext ctx;

    @BeforeEach
    void setUp() {
        before = GoroutineLeaks.snapshot();
        ctx = Context.withCancel(Context.background());
    }

    @AfterEach
    void noGoroutineLeft() {
        ctx.cancel();
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void aStageBlockedInItsReceiveEndsAtCancel() {
        Chan<Integer> src = Chan.make();   // never sends, never closes
        Receiver<Integer> out = Pipeline.map(ctx, src, v -> v);
        StageStats m = StageStats.of(out).orElseThrow();
        Goroutine g = goroutineNamed(m.name());
        // The fast path: a plain channel receive, not a select with done.
        until("map to wait in its receive", () -> g.state() == GState.WAITING && g.waitReason() == WaitReason.CHAN_RECEIVE);
        ctx.cancel();
        closed(out, "map's output after the cancel");
        until("map to end", () -> !g.isAlive());
        assertEquals(0, m.items());
        assertEquals(0, m.dropped());
        assertFalse(src.trySend(7), "the interrupted receive left no receiver waiting on src");
    }

    @Test
    void aStageBlockedInItsSendEndsAtCancelAndCountsTheItemDropped() {
        Receiver<Integer> out = Pipeline.map(ctx, Pipeline.generator(ctx, 1, 2, 3), v -> v * 10);
        StageStats m = StageStats.of(out).orElseThrow();
        Goroutine g = goroutineNamed(m.name());
        until("map to wait in its send", () -> g.state() == GState.WAITING && g.waitReason() == WaitReason.CHAN_SEND);
        ctx.cancel();
        until("map to end", () -> !g.isAlive());
        closed(out, "map's output after the cancel: the interrupted send gave nothing");
        assertEquals(0, m.items());
        assertEquals(1, m.dropped());
    }

    @Test
    void everyWorkerOfAFanOutBlockedInItsReceiveEndsAtCancel() {
        Chan<Integer> src = Chan.make();
        Receiver<Integer> out = Channels.fanOut(ctx, src, 3, v -> v);
        StageStats st = StageStats.of(out).orElseThrow();
        until("three workers waiting in their receive", () -> Goroutine.all().stream()
                .filter(g -> g.thread().getName().equals(st.name()))
                .filter(g -> g.state() == GState.WAITING && g.waitReason() == WaitReason.CHAN_RECEIVE).count() == 3);
        ctx.cancel();
        closed(out, "fanOut's output after the cancel");
    }

    @Test
    void aUserFunctionSleepingAtCancelIsNotInterrupted() {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Receiver<Integer> out = Pipeline.map(ctx, Pipeline.generator(ctx, 1, 2), v -> {
            ctx.cancel();   // the cancel lands while fn runs; its canceller runs during the sleep
            try {
                Go.sleep(Duration.ofMillis(300));   // the work under test
                outcome.set(Thread.currentThread().isInterrupted() ? "interrupt status set"
                        : ctx.isDone() ? "slept through the cancel" : "cancel came after the sleep");
            } catch (GoInterruptedException e) {
                outcome.set(e);
                throw e;
            }
            return v;
        });
        StageStats m = StageStats.of(out).orElseThrow();
        until("map to end", () -> m.dropped() == 1);
        closed(out, "map's output");
        assertEquals("slept through the cancel", outcome.get());
        assertEquals(0, m.items());
    }

    @Test
    void aUserFunctionWaitingForAMutexAtCancelIsNotInterrupted() {
        Mutex mu = new Mutex();
        Chan<Boolean> locked = Chan.make(1), cancelled = Chan.make(1);
        Go.spawn(() -> {   // holds the mutex until 300 ms after the cancel: the work under test
            mu.lock();
            locked.send(true);
            cancelled.recv();
            Go.sleep(Duration.ofMillis(300));
            mu.unlock();
        });
        value(locked, "the holder to lock");
        AtomicReference<Object> outcome = new AtomicReference<>();
        Receiver<Integer> out = Pipeline.map(ctx, Pipeline.generator(ctx, 1, 2), v -> {
            ctx.cancel();
            cancelled.send(true);
            try {
                mu.lock();
                mu.unlock();
                outcome.set(Thread.currentThread().isInterrupted() ? "interrupt status set"
                        : ctx.isDone() ? "locked after the cancel" : "cancel came after the lock");
            } catch (GoInterruptedException e) {
                outcome.set(e);
                throw e;
            }
            return v;
        });
        StageStats m = StageStats.of(out).orElseThrow();
        until("map to end", () -> m.dropped() == 1);
        closed(out, "map's output");
        assertEquals("locked after the cancel", outcome.get());
    }

    @Test
    void anInterruptThatIsNotTheCancellersStillReachesTheStage() {
        try (var panics = new PatternTesting.Panics()) {
            Chan<Integer> src = Chan.make();
            Receiver<Integer> out = Pipeline.map(ctx, src, v -> v);
            StageStats m = StageStats.of(out).orElseThrow();
            Goroutine g = goroutineNamed(m.name());
            until("map to wait in its receive", () -> g.state() == GState.WAITING);
            g.thread().interrupt();
            closed(out, "map's output after its goroutine's panic");
            assertInstanceOf(GoInterruptedException.class, panics.one());
            assertFalse(ctx.isDone());
        }
    }

    private static Goroutine goroutineNamed(String name) {
        until("goroutine " + name, () -> Goroutine.all().stream().anyMatch(g -> g.thread().getName().equals(name)));
        return Goroutine.all().stream().filter(g -> g.thread().getName().equals(name)).findFirst().orElseThrow();
    }
}
