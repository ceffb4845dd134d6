package io.gort.errgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.PanicHandler;
import io.gort.sched.WaitReason;
import io.gort.testutil.GoroutineLeaks;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * gort's own rules for {@link Group}, beyond Go's tests ({@link GroupConformanceTest}): the other
 * errors kept as suppressed exceptions, checked and unchecked throwables as errors, cancellation in
 * the middle, no goroutine left behind, interrupts, and misuse.
 */
@Timeout(30)
class GroupTest {

    private static <T> T within(Receiver<T> c, String what) {
        return Select.select(c.onRecv(v -> v), Time.after(Duration.ofSeconds(10)).onRecv(x -> {
            throw new AssertionError("timed out waiting for " + what);
        }));
    }

    @Test
    void otherErrorsAreSuppressedInOrderAndDistinct() {
        Group g = Group.withContext(Context.background());
        Context ctx = g.context();
        Exception first = new IOException("first");
        RuntimeException second = new IllegalStateException("second");
        g.go(() -> {
            throw first;
        });
        // These wait for the group's context, which the first error cancels, so they fail after it.
        g.go(() -> {
            within(ctx.done(), "ctx.done()");
            throw second;
        });
        for (int i = 0; i < 3; i++) {   // three tasks reporting the same ctx.err() singleton
            g.go(() -> {
                within(ctx.done(), "ctx.done()");
                ctx.throwIfDone();
            });
        }
        GroupException e = assertThrows(GroupException.class, g::await);
        assertSame(first, e.getCause());
        List<Throwable> suppressed = List.of(e.getSuppressed());
        assertEquals(2, suppressed.size(), "one each of the distinct later errors: " + suppressed);
        assertEquals(Set.of(second, Context.CANCELED), Set.copyOf(suppressed));
        assertEquals(3, e.errors().size());
        assertSame(first, e.errors().get(0));
        assertTrue(e.getMessage().startsWith("errgroup: java.io.IOException: first"), e.getMessage());
        assertTrue(e.getMessage().contains("2 more errors"), e.getMessage());
        assertEquals(0, first.getSuppressed().length, "the task's own exception is not modified");
        assertSame(first, Context.cause(ctx));
    }

    @Test
    void eachAwaitThrowsAFreshExceptionWithTheSameCause() {
        Group g = new Group();
        Exception boom = new Exception("boom");
        g.go(() -> {
            throw boom;
        });
        GroupException a = assertThrows(GroupException.class, g::await);
        GroupException b = assertThrows(GroupException.class, g::await);
        assertFalse(a == b);
        assertSame(boom, a.getCause());
        assertSame(boom, b.getCause());
    }

    @Test
    void uncheckedExceptionsAndErrorsAreTaskErrorsAndNotPanics() {
        List<Throwable> panics = new CopyOnWriteArrayList<>();
        PanicHandler previous = Goroutine.setPanicHandler((gr, t) -> panics.add(t));
        try {
            AssertionError err = new AssertionError("an Error, Go's panic");
            Group g1 = new Group();
            g1.go(() -> {
                throw err;
            });
            assertSame(err, g1.awaitError());

            RuntimeException rte = new ArithmeticException("/ by zero");
            Group g2 = new Group();
            g2.go(() -> {
                throw rte;
            });
            assertSame(rte, assertThrows(GroupException.class, g2::await).getCause());
            assertEquals(List.of(), panics, "a task's throwable must reach await, not the panic handler");
        } finally {
            Goroutine.setPanicHandler(previous);
        }
    }

    @Test
    void firstErrorCancelsTheOthersInTheMiddle() {
        var before = GoroutineLeaks.snapshot();
        Group g = Group.withContext(Context.background());
        Context ctx = g.context();
        AtomicInteger stoppedByCancel = new AtomicInteger();
        Chan<Boolean> allRunning = Chan.make(8);
        for (int i = 0; i < 8; i++) {
            g.go(() -> {
                allRunning.send(true);
                // Loop "working" until cancelled (each step a receive that is never ready).
                Chan<Boolean> never = Chan.make();
                Select.select(never.onRecv(x -> x), ctx.done().onRecv(x -> false));
                stoppedByCancel.incrementAndGet();
                throw ctx.err();
            });
        }
        for (int i = 0; i < 8; i++) {
            within(allRunning, "worker " + i + " to start");
        }
        assertFalse(ctx.isDone(), "nothing failed yet");
        Exception doom = new Exception("doomed");
        g.go(() -> {
            throw doom;
        });
        GroupException e = assertThrows(GroupException.class, g::await);
        assertSame(doom, e.getCause());
        assertEquals(8, stoppedByCancel.get());
        assertEquals(List.of(Context.CANCELED), List.of(e.getSuppressed()));
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void parentCancelReachesTheTasks() {
        var before = GoroutineLeaks.snapshot();
        try (CancelContext parent = Context.withCancel(Context.background())) {
            Group g = Group.withContext(parent);
            Context ctx = g.context();
            Chan<Boolean> started = Chan.make(4);
            for (int i = 0; i < 4; i++) {
                g.go(() -> {
                    started.send(true);
                    ctx.done().recv();
                    throw ctx.err();
                });
            }
            for (int i = 0; i < 4; i++) {
                within(started, "task " + i);
            }
            parent.cancel();
            assertSame(Context.CANCELED, g.awaitError());
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void concurrentAwaitsAllSeeTheFirstError() {
        Group g = new Group();
        Chan<Boolean> gate = Chan.make();
        Exception boom = new Exception("boom");
        g.go(() -> {
            gate.recv();
            throw boom;
        });
        Chan<Throwable> seen = Chan.make(3);
        for (int i = 0; i < 3; i++) {
            Go.spawn(() -> seen.send(g.awaitError()));
        }
        gate.close();
        for (int i = 0; i < 3; i++) {
            assertSame(boom, within(seen, "await " + i));
        }
    }

    @Test
    void groupMayBeAwaitedAgainAfterMoreTasksButTheFirstErrorStays() {
        Group g = Group.withContext(Context.background());
        assertNull(g.awaitError());
        assertTrue(g.context().isDone(), "await cancels the context even without an error");
        Exception later = new Exception("later");
        g.go(() -> {
            throw later;
        });
        assertSame(later, g.awaitError());
        assertSame(Context.CANCELED, Context.cause(g.context()), "the context was cancelled by the first await");
    }

    @Test
    void setLimitNegativeRemovesTheLimit() {
        Group g = new Group();
        g.setLimit(0);
        assertFalse(g.tryGo(() -> { }));
        g.setLimit(-1);
        for (int i = 0; i < 100; i++) {
            assertTrue(g.tryGo(() -> { }));
        }
        assertNull(g.awaitError());
    }

    @Test
    void goWaitingForASlotIsInterruptible() {
        var before = GoroutineLeaks.snapshot();
        Group g = new Group();
        g.setLimit(0);
        AtomicInteger ran = new AtomicInteger();
        Chan<Throwable> outcome = Chan.make(1);
        Goroutine caller = Go.spawn(() -> {
            try {
                g.go(ran::incrementAndGet);
                outcome.send(new AssertionError("go() returned with a limit of 0"));
            } catch (GoInterruptedException e) {
                outcome.send(e);
            }
        });
        until(() -> caller.waitReason() == WaitReason.SEMACQUIRE, "go() to park for a slot");
        caller.thread().interrupt();
        assertTrue(within(outcome, "go() to give up") instanceof GoInterruptedException);
        assertNull(g.awaitError());
        assertEquals(0, ran.get());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void awaitIsInterruptible() {
        Group g = new Group();
        Chan<Boolean> release = Chan.make();
        g.go(release::recv);
        Chan<Throwable> outcome = Chan.make(1);
        Goroutine waiter = Go.spawn(() -> {
            try {
                g.await();
                outcome.send(new AssertionError("await returned while a task was running"));
            } catch (GoInterruptedException e) {
                outcome.send(e);
            }
        });
        until(() -> waiter.waitReason() == WaitReason.WAIT_GROUP, "await to park");
        waiter.thread().interrupt();
        assertTrue(within(outcome, "await to give up") instanceof GoInterruptedException);
        release.close();
        g.await();
    }

    // ---- misuse ----------------------------------------------------------------------------------

    @Test
    void setLimitWhileActiveThrowsGoWordsAndKeepsTheLimit() {
        Group g = new Group();
        g.setLimit(2);
        Chan<Boolean> release = Chan.make();
        assertTrue(g.tryGo(release::recv));
        assertTrue(g.tryGo(release::recv));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.setLimit(5));
        assertEquals("errgroup: modify limit while 2 goroutines in the group are still active", e.getMessage());
        assertFalse(g.tryGo(() -> { }), "the limit is still 2");
        release.close();
        assertNull(g.awaitError());
        g.setLimit(5);   // fine once none is active
    }

    @Test
    void setLimitWhileUnlimitedTasksAreActiveThrowsToo() {
        Group g = new Group();
        Chan<Boolean> release = Chan.make();
        g.go(release::recv);
        assertThrows(IllegalStateException.class, () -> g.setLimit(1));
        release.close();
        g.await();
    }

    @Test
    void nullsAndZeroGroupContext() {
        Group g = new Group();
        assertThrows(NullPointerException.class, () -> g.go(null));
        assertThrows(NullPointerException.class, () -> g.tryGo(null));
        IllegalStateException e = assertThrows(IllegalStateException.class, g::context);
        assertTrue(e.getMessage().startsWith("errgroup:"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Group.withContext(null));
        assertNull(g.awaitError());
    }

    @Test
    void toStringShowsState() {
        Group g = new Group();
        g.setLimit(3);
        assertTrue(g.toString().contains("limit=3"), g.toString());
        assertTrue(g.toString().contains("errors=0"), g.toString());
    }

    private static void until(java.util.function.BooleanSupplier cond, String what) {
        io.gort.testutil.Waits.until(what, cond);
    }
}
