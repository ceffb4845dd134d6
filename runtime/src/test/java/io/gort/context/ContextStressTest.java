package io.gort.context;

import static io.gort.context.ContextTesting.QUIESCENT;
import static io.gort.context.ContextTesting.await;
import static io.gort.context.ContextTesting.ready;
import static io.gort.context.ContextTesting.stress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.sync.WaitGroup;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Races between deriving, cancelling, stopping and asking for done(), on many goroutines at once,
 * checked against what must hold afterwards: every context below a cancelled one is cancelled,
 * every list is empty ({@link CancelCtx#checkInvariants()}), each AfterFunc either ran or was
 * stopped, exactly once, and no goroutine is left. Scaled by {@code -Dgort.stress=N}; run with
 * {@code -Pstress}.
 */
@Tag("stress")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ContextStressTest {

    /** T1..Tk derive children (and grandchildren) from a parent while T0 cancels it. */
    @Test
    void deriveRacesParentCancel() {
        Set<Long> before = GoroutineLeaks.snapshot();
        int rounds = 200 * stress();
        for (int r = 0; r < rounds; r++) {
            CancelContext parent = Context.withCancel(Context.background());
            List<CancelContext> kids = new CopyOnWriteArrayList<>();
            WaitGroup wg = new WaitGroup();
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < 4; t++) {
                wg.go(() -> {
                    awaitLatch(go);
                    for (int i = 0; i < 50; i++) {
                        CancelContext k = i % 3 == 0 ? Context.withTimeout(parent, Duration.ofHours(1))
                                : Context.withCancel(parent);
                        kids.add(k);
                        kids.add(Context.withCancel(Context.withValue(k, Context.Key.named("v"), i)));
                        if (i % 5 == 0) {
                            k.cancel();
                        }
                    }
                });
            }
            wg.go(() -> {
                awaitLatch(go);
                Go.yield();
                parent.cancel();
            });
            go.countDown();
            wg.await();
            assertEquals(0, ((CancelCtx) parent).childCount());
            for (CancelContext k : kids) {
                assertTrue(k.err() != null && ready(k.done()), "a child of a cancelled parent is not done: " + k);
                ((CancelCtx) k).checkInvariants();
            }
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** Random trees whose every node is cancelled by its own goroutine, all at once. */
    @Test
    void everyNodeCancelledConcurrently() {
        int rounds = 100 * stress();
        for (int r = 0; r < rounds; r++) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            List<CancelContext> all = new ArrayList<>();
            all.add(Context.withCancel(Context.background()));
            for (int i = 0; i < 300; i++) {
                all.add(Context.withCancel(all.get(rnd.nextInt(all.size()))));
            }
            List<Chan<Void>> dones = new ArrayList<>();
            for (CancelContext c : all) {
                if (rnd.nextBoolean()) {
                    dones.add((Chan<Void>) c.done());   // some made before the cancels, some not
                }
            }
            List<CancelContext> order = new ArrayList<>(all);
            Collections.shuffle(order);
            WaitGroup wg = new WaitGroup();
            for (CancelContext c : order) {
                wg.go(() -> {
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        c.done();   // races the cancels
                    }
                    c.cancel();
                });
            }
            wg.await();
            for (Chan<Void> d : dones) {
                assertTrue(ready(d));
            }
            for (CancelContext c : all) {
                assertSame(Context.CANCELED, c.err());
                assertEquals(0, ((CancelCtx) c).childCount());
                ((CancelCtx) c).checkInvariants();
            }
        }
    }

    /** Each AfterFunc either runs or is stopped, never both, never neither. */
    @Test
    void afterFuncStopRacesCancel() {
        Set<Long> before = GoroutineLeaks.snapshot();
        int n = 20_000 * stress();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger stopped = new AtomicInteger();
        for (int batch = 0; batch < n / 100; batch++) {
            CancelContext ctx = Context.withCancel(Context.background());
            List<Context.AfterFunc> stops = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                stops.add(Context.afterFunc(ctx, ran::incrementAndGet));
            }
            WaitGroup wg = new WaitGroup();
            wg.go(ctx::cancel);
            for (Context.AfterFunc s : stops) {
                wg.go(() -> {
                    if (s.stop()) {
                        stopped.incrementAndGet();
                    }
                });
            }
            wg.await();
            assertEquals(0, ((CancelCtx) ctx).childCount());
        }
        // The functions that were not stopped run in goroutines of their own: wait (bounded) for them.
        io.gort.testutil.Waits.until("every AfterFunc to run or be stopped", () -> ran.get() + stopped.get() >= n,
                () -> "ran " + ran + " + stopped " + stopped);
        assertEquals(n, ran.get() + stopped.get(), "ran " + ran + " + stopped " + stopped);
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** Timers firing while the same contexts are being cancelled by hand. */
    @Test
    void deadlinesRaceCancels() {
        Set<Long> before = GoroutineLeaks.snapshot();
        int n = 5_000 * stress();
        CancelContext root = Context.withCancel(Context.background());
        List<CancelContext> all = new ArrayList<>();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < n; i++) {
            CancelContext c = Context.withTimeout(root, Duration.ofNanos(ThreadLocalRandom.current().nextLong(2_000_000)));
            all.add(c);
            if (i % 2 == 0) {
                wg.go(c::cancel);
            }
        }
        wg.await();
        for (CancelContext c : all) {
            await(c.done(), "a timed context");
            assertTrue(c.err() == Context.CANCELED || c.err() == Context.DEADLINE_EXCEEDED);
            assertSame(c.err(), Context.cause(c), "no cause given: the cause is the err");
        }
        assertEquals(0, ((CancelCtx) root).childCount(), "every child detached itself");
        root.cancel();
        GoroutineLeaks.assertNoneLeft(before);
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            if (!l.await(QUIESCENT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("start latch");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
