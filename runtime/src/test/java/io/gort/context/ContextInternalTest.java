package io.gort.context;

import static io.gort.context.ContextTesting.VERY_LONG;
import static io.gort.context.ContextTesting.ready;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.context.ContextTesting.Other;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's {@code src/context/context_test.go} (golang/go, the Go 1.21+ file whose XTests are
 * unchanged through go1.23: XTestParentFinishesChild, XTestChildFinishesFirst, XTestCancelRemoves,
 * XTestCustomContextGoroutines), the white-box tests that look at the unexported types: Go's {@code
 * pc.children} is {@link CancelCtx#childCount()} plus the {@code owner} link; {@code
 * parentCancelCtx(c.Context)} is the owner a child was hung under; Go's {@code goroutines} counter
 * is {@link Contexts#WATCHERS}.
 *
 * <p>Not applicable: nothing; the map membership checks become owner checks (a child's owner is the
 * context whose list holds it, {@link CancelCtx#checkInvariants()}).
 */
@Timeout(60)
class ContextInternalTest {

    @Test
    void testParentFinishesChild() {
        // Context tree:
        // parent -> cancelChild
        // parent -> valueChild -> timerChild
        // parent -> afterChild
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext cancelChild = Context.withCancel(parent);
        Context valueChild = Context.withValue(parent, Context.Key.named("key"), "value");
        CancelContext timerChild = Context.withTimeout(valueChild, VERY_LONG);
        Context.AfterFunc afterStop = Context.afterFunc(parent, () -> { });
        try {
            assertFalse(ready(parent.done()), "<-parent.Done() should block");
            assertFalse(ready(cancelChild.done()), "<-cancelChild.Done() should block");
            assertFalse(ready(timerChild.done()), "<-timerChild.Done() should block");
            assertFalse(ready(valueChild.done()), "<-valueChild.Done() should block");

            // The parent's children should be the three cancelable children.
            CancelCtx pc = (CancelCtx) parent;
            CancelCtx cc = (CancelCtx) cancelChild;
            TimerCtx tc = (TimerCtx) timerChild;
            AfterFuncCtx ac = (AfterFuncCtx) afterStop;
            assertEquals(3, pc.childCount(), "bad linkage: pc.children");
            assertSame(pc, cc.owner, "bad linkage: parentCancelCtx(cancelChild.Context)");
            assertSame(pc, tc.owner, "bad linkage: parentCancelCtx(timerChild.Context)");
            assertSame(pc, ac.owner, "bad linkage: parentCancelCtx(afterChild.Context)");
            pc.checkInvariants();

            parent.cancel();
            assertEquals(0, pc.childCount(), "pc.cancel didn't clear pc.children");
            pc.checkInvariants();

            // parent and children should all be finished.
            for (Context c : List.of(parent, cancelChild, valueChild, timerChild)) {
                assertTrue(ready(c.done()), "<-" + c + ".Done() blocked, but shouldn't have");
                assertSame(Context.CANCELED, c.err(), c + ".Err()");
            }

            // WithValue of a canceled parent is canceled.
            Context precanceledChild = Context.withValue(parent, Context.Key.named("key"), "value");
            assertTrue(ready(precanceledChild.done()), "<-precanceledChild.Done() blocked");
            assertSame(Context.CANCELED, precanceledChild.err());
        } finally {
            cancelChild.cancel();
            timerChild.cancel();
            afterStop.stop();
        }
    }

    @Test
    void testChildFinishesFirst() {
        try (CancelContext cancelable = Context.withCancel(Context.background())) {
            for (Context parent : List.of(Context.background(), cancelable)) {
                CancelContext child = Context.withCancel(parent);
                assertFalse(ready(parent.done()), "<-parent.Done() should block");
                assertFalse(ready(child.done()), "<-child.Done() should block");

                CancelCtx cc = (CancelCtx) child;
                CancelCtx pc = parent instanceof CancelCtx p ? p : null;   // null when parent == Background()
                assertSame(pc, cc.owner, "bad linkage: parentCancelCtx(cc.Context)");
                if (pc != null) {
                    assertEquals(1, pc.childCount(), "bad linkage: pc.children");
                }

                child.cancel();
                if (pc != null) {
                    assertEquals(0, pc.childCount(), "child's cancel didn't remove self from pc.children");
                    pc.checkInvariants();
                }

                // child should be finished.
                assertTrue(ready(child.done()), "<-child.Done() blocked, but shouldn't have");
                assertSame(Context.CANCELED, child.err());

                // parent should not be finished.
                assertFalse(ready(parent.done()), "<-parent.Done() should block");
                assertNull(parent.err());
            }
        }
    }

    @Test
    void testCancelRemoves() {
        CancelCtx ctx = (CancelCtx) Context.withCancel(Context.background());
        assertEquals(0, ctx.childCount(), "after creation");
        CancelContext cancel = Context.withCancel(ctx);
        assertEquals(1, ctx.childCount(), "with WithCancel child");
        cancel.cancel();
        assertEquals(0, ctx.childCount(), "after canceling WithCancel child");

        ctx = (CancelCtx) Context.withCancel(Context.background());
        assertEquals(0, ctx.childCount(), "after creation");
        cancel = Context.withTimeout(ctx, Duration.ofMinutes(60));
        assertEquals(1, ctx.childCount(), "with WithTimeout child");
        cancel.cancel();
        assertEquals(0, ctx.childCount(), "after canceling WithTimeout child");

        ctx = (CancelCtx) Context.withCancel(Context.background());
        assertEquals(0, ctx.childCount(), "after creation");
        Context.AfterFunc stop = Context.afterFunc(ctx, () -> { });
        assertEquals(1, ctx.childCount(), "with AfterFunc child");
        stop.stop();
        assertEquals(0, ctx.childCount(), "after stopping AfterFunc child");
    }

    /** Go's myDoneCtx: delegates everything but done(), which is a new channel on every call. */
    record MyDone(Context inner) implements Context {
        @Override
        public Optional<Instant> deadline() {
            return inner.deadline();
        }

        @Override
        public Receiver<Void> done() {
            return Chan.make();
        }

        @Override
        public ContextException err() {
            return inner.err();
        }

        @Override
        public <T> T value(Key<T> key) {
            return inner.value(key);
        }
    }

    private long g;

    private void checkNoGoroutine() {
        assertEquals(g, Contexts.WATCHERS.get(), "goroutines created");
    }

    private void checkCreatedGoroutine() {
        long now = Contexts.WATCHERS.get();
        assertEquals(g + 1, now, "goroutines created, want 1");
        g = now;
    }

    @Test
    void testCustomContextGoroutines() {
        Set<Long> before = GoroutineLeaks.snapshot();
        List<CancelContext> deferred = new ArrayList<>();
        synchronized (Contexts.WATCHERS) {   // other test classes may run in parallel: none do today
            g = Contexts.WATCHERS.get();

            CancelContext cancel0 = Context.withCancel(new MyDone(Context.background()));
            cancel0.cancel();
            checkCreatedGoroutine();

            cancel0 = Context.withTimeout(new MyDone(Context.background()), VERY_LONG);
            cancel0.cancel();
            checkCreatedGoroutine();

            checkNoGoroutine();

            CancelContext ctx1 = Context.withCancel(Context.background());
            deferred.add(ctx1);
            checkNoGoroutine();

            Other ctx2 = new Other(ctx1);   // Go's myCtx
            CancelContext ctx3 = Context.withCancel(ctx2);
            deferred.add(ctx3);
            checkNoGoroutine();

            deferred.add(Context.withCancel(new MyDone(ctx2)));
            checkCreatedGoroutine();   // ctx1 is not providing done(), must not be used

            CancelContext ctx4 = Context.withTimeout(ctx3, VERY_LONG);
            deferred.add(ctx4);
            checkNoGoroutine();

            CancelContext ctx5 = Context.withCancel(ctx4);
            deferred.add(ctx5);
            checkNoGoroutine();

            ctx5.cancel();
            checkNoGoroutine();

            CancelContext cancel6 = Context.withTimeout(ctx5, VERY_LONG);
            deferred.add(cancel6);
            checkNoGoroutine();

            // Check applied to a canceled context.
            cancel6.cancel();
            ctx1.cancel();
            deferred.add(Context.withCancel(ctx5));
            checkNoGoroutine();

            deferred.forEach(CancelContext::cancel);
            checkNoGoroutine();
        }
        GoroutineLeaks.assertNoneLeft(before);   // the watchers ended with their children
    }
}
