package io.gort.context;

import static io.gort.context.ContextTesting.QUIESCENT;
import static io.gort.context.ContextTesting.SHORT;
import static io.gort.context.ContextTesting.VERY_LONG;
import static io.gort.context.ContextTesting.await;
import static io.gort.context.ContextTesting.quietFor;
import static io.gort.context.ContextTesting.ready;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.context.ContextTesting.Other;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import io.gort.testutil.GoroutineLeaks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Port of Go's {@code src/context/x_test.go} (golang/go, the Go 1.21+ file, unchanged in its tests
 * through go1.23: read from the code index), the black-box tests of package context. Go's {@code
 * otherContext} is {@link Other}; {@code quiescent(t)} is {@link ContextTesting#QUIESCENT}; Go's
 * {@code t.Fatalf} on a timeout is a bounded wait that fails with a goroutine dump.
 *
 * <p>Not applicable, or changed:
 * <ul>
 *   <li>TestWithValueChecksKey: Go also panics for a non-comparable key ({@code []byte}); gort's keys
 *       are {@link Context.Key}s compared by identity, so only the nil-key half applies.
 *   <li>TestInvalidDerivedFail: {@code WithValue(nil, "foo", "bar")} uses a string key; here a Key.
 *   <li>TestAllocs: Go counts heap allocations per call; the JVM has no such counter that a test can
 *       trust (escape analysis, TLABs). What it guards, that deriving and cancelling stays cheap, is
 *       kept as "no goroutine per child" in {@link ContextTreeTest} and measured by ContextBenchmark.
 *   <li>TestCustomContextGoroutines is in {@link ContextInternalTest} (Go's context_test.go).
 * </ul>
 */
@Timeout(60)
class ContextXTest {

    @Test
    void testBackground() {
        Context c = Context.background();
        assertNotNull(c);
        assertFalse(ready(c.done()), "<-c.Done() should block");
        assertEquals("context.Background", String.valueOf(c));
    }

    @Test
    void testTODO() {
        Context c = Context.todo();
        assertNotNull(c);
        assertFalse(ready(c.done()), "<-c.Done() should block");
        assertEquals("context.TODO", String.valueOf(c));
    }

    @Test
    void testWithCancel() {
        CancelContext c1 = Context.withCancel(Context.background());
        assertEquals("context.Background.WithCancel", String.valueOf(c1));

        Other o = new Other(c1);
        CancelContext c2 = Context.withCancel(o);
        List<Context> contexts = List.of(c1, o, c2);
        for (int i = 0; i < contexts.size(); i++) {
            Context c = contexts.get(i);
            assertFalse(((Chan<Void>) c.done()).isNil(), "c[" + i + "].Done() is nil");
            assertNull(c.err(), "c[" + i + "].Err()");
            assertFalse(ready(c.done()), "<-c[" + i + "].Done() should block");
        }

        c1.cancel();   // should propagate synchronously
        for (int i = 0; i < contexts.size(); i++) {
            Context c = contexts.get(i);
            assertTrue(ready(c.done()), "<-c[" + i + "].Done() blocked, but shouldn't have");
            assertSame(Context.CANCELED, c.err(), "c[" + i + "].Err()");
        }
    }

    private static void testDeadline(Context c, String name) {
        await(c.done(), name + ": context not timed out after " + QUIESCENT);
        assertSame(Context.DEADLINE_EXCEEDED, c.err(), name + ": c.Err()");
    }

    @Test
    void testDeadline() {
        CancelContext c = Context.withDeadline(Context.background(), Time.now().plus(SHORT));
        assertTrue(String.valueOf(c).startsWith("context.Background.WithDeadline("), String.valueOf(c));
        testDeadline(c, "WithDeadline");

        c = Context.withDeadline(Context.background(), Time.now().plus(SHORT));
        Other o = new Other(c);
        testDeadline(o, "WithDeadline+otherContext");

        c = Context.withDeadline(Context.background(), Time.now().plus(SHORT));
        o = new Other(c);
        c = Context.withDeadline(o, Time.now().plus(VERY_LONG));
        testDeadline(c, "WithDeadline+otherContext+WithDeadline");

        c = Context.withDeadline(Context.background(), Time.now().minus(SHORT));
        testDeadline(c, "WithDeadline+inthepast");

        c = Context.withDeadline(Context.background(), Time.now());
        testDeadline(c, "WithDeadline+now");
    }

    @Test
    void testTimeout() {
        CancelContext c = Context.withTimeout(Context.background(), SHORT);
        assertTrue(String.valueOf(c).startsWith("context.Background.WithDeadline("), String.valueOf(c));
        testDeadline(c, "WithTimeout");

        c = Context.withTimeout(Context.background(), SHORT);
        Other o = new Other(c);
        testDeadline(o, "WithTimeout+otherContext");

        c = Context.withTimeout(Context.background(), SHORT);
        o = new Other(c);
        c = Context.withTimeout(o, VERY_LONG);
        testDeadline(c, "WithTimeout+otherContext+WithTimeout");
    }

    @Test
    void testCanceledTimeout() {
        CancelContext c = Context.withTimeout(Context.background(), java.time.Duration.ofSeconds(1));
        Other o = new Other(c);
        c = Context.withTimeout(o, VERY_LONG);
        c.cancel();   // should propagate synchronously
        assertTrue(ready(c.done()), "<-c.Done() blocked, but shouldn't have");
        assertSame(Context.CANCELED, c.err());
    }

    // Go's key1 and key2 are distinct types with the same int; here distinct Key objects named as
    // Go prints them.
    static final Context.Key<String> K1 = Context.Key.named("context_test.key1");
    static final Context.Key<String> K2 = Context.Key.named("context_test.key2(1)");
    static final Context.Key<String> K3 = Context.Key.named("context_test.key2(3)");

    private static void check(Context c, String nm, String v1, String v2, String v3) {
        assertEquals(v1, c.value(K1), nm + ".Value(k1)");
        assertEquals(v2, c.value(K2), nm + ".Value(k2)");
        assertEquals(v3, c.value(K3), nm + ".Value(k3)");
    }

    @Test
    void testValues() {
        Context c0 = Context.background();
        check(c0, "c0", null, null, null);

        Context c1 = Context.withValue(Context.background(), K1, "c1k1");
        check(c1, "c1", "c1k1", null, null);
        assertEquals("context.Background.WithValue(context_test.key1, c1k1)", String.valueOf(c1));

        Context c2 = Context.withValue(c1, K2, "c2k2");
        check(c2, "c2", "c1k1", "c2k2", null);
        assertEquals("context.Background.WithValue(context_test.key1, c1k1).WithValue(context_test.key2(1), c2k2)",
                String.valueOf(c2));

        Context c3 = Context.withValue(c2, K3, "c3k3");
        check(c3, "c2", "c1k1", "c2k2", "c3k3");

        Context c4 = Context.withValue(c3, K1, null);
        check(c4, "c4", null, "c2k2", "c3k3");
        assertEquals("context.Background.WithValue(context_test.key1, c1k1).WithValue(context_test.key2(1), c2k2)"
                + ".WithValue(context_test.key2(3), c3k3).WithValue(context_test.key1, <nil>)", String.valueOf(c4));

        Other o0 = new Other(Context.background());
        check(o0, "o0", null, null, null);

        Other o1 = new Other(Context.withValue(Context.background(), K1, "c1k1"));
        check(o1, "o1", "c1k1", null, null);

        Context o2 = Context.withValue(o1, K2, "o2k2");
        check(o2, "o2", "c1k1", "o2k2", null);

        Other o3 = new Other(c4);
        check(o3, "o3", null, "c2k2", "c3k3");

        Context o4 = Context.withValue(o3, K3, null);
        check(o4, "o4", null, "c2k2", null);
    }

    /** Go's TestAllocs, as "no goroutine per child": deriving from gort's contexts starts none. */
    @Test
    void testAllocs() {
        Set<Long> before = GoroutineLeaks.snapshot();
        long watchers = Contexts.WATCHERS.get();
        Context bg = Context.background();
        CancelContext root = Context.withCancel(bg);
        Context v = Context.withValue(root, K1, "x");
        List<CancelContext> kids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            kids.add(Context.withCancel(v));
            kids.add(Context.withTimeout(v, VERY_LONG));
        }
        assertEquals(List.of(), GoroutineLeaks.newSince(before), "goroutines started by deriving contexts");
        assertEquals(watchers, Contexts.WATCHERS.get(), "watcher goroutines for gort parents");
        root.cancel();
        for (CancelContext k : kids) {
            assertSame(Context.CANCELED, k.err());
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void testSimultaneousCancels() {
        CancelContext root = Context.withCancel(Context.background());
        List<CancelContext> all = new ArrayList<>(List.of(root));
        // Create a tree of contexts, breadth first, four children each.
        for (int q = 0; q < all.size() && all.size() < 100; q++) {
            for (int i = 0; i < 4; i++) {
                all.add(Context.withCancel(all.get(q)));
            }
        }
        // Start all the cancels in a random order.
        List<CancelContext> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled);
        WaitGroup wg = new WaitGroup();
        wg.add(shuffled.size());
        for (CancelContext c : shuffled) {
            Go.spawn(() -> {
                c.cancel();
                wg.done();
            });
        }
        // Wait on all the contexts in a random order.
        Collections.shuffle(shuffled);
        for (CancelContext c : shuffled) {
            await(c.done(), "<-ctx.Done()");
        }
        // Wait for all the cancel functions to return.
        Chan<Void> done = Chan.make();
        Go.spawn(() -> {
            wg.await();
            done.close();
        });
        await(done, "the cancel functions");
        for (CancelContext c : all) {
            ((CancelCtx) c).checkInvariants();
            assertEquals(0, ((CancelCtx) c).childCount());
        }
    }

    @Test
    void testInterlockedCancels() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext child = Context.withCancel(parent);
        Go.spawn(() -> {
            parent.done().recv();
            child.cancel();
        });
        parent.cancel();
        await(child.done(), "child.Done()");
    }

    @Test
    void testLayersCancel() {
        testLayers(System.nanoTime(), false);
    }

    @Test
    void testLayersTimeout() {
        testLayers(System.nanoTime(), true);
    }

    private static void testLayers(long seed, boolean testTimeout) {
        Random r = new Random(seed);
        String prefix = "seed=" + seed + " ";
        final int minLayers = 30;
        List<Context.Key<Object>> vals = new ArrayList<>();
        List<CancelContext> cancels = new ArrayList<>();
        int numTimers = 0;
        Context ctx = Context.background();
        for (int i = 0; i < minLayers || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    Context.Key<Object> v = Context.Key.named("value" + i);
                    ctx = Context.withValue(ctx, v, v);
                    vals.add(v);
                }
                case 1 -> {
                    CancelContext c = Context.withCancel(ctx);
                    ctx = c;
                    cancels.add(c);
                }
                default -> {
                    CancelContext c = Context.withTimeout(ctx, testTimeout ? SHORT : VERY_LONG);
                    ctx = c;
                    cancels.add(c);
                    numTimers++;
                }
            }
        }
        Context last = ctx;
        Runnable checkValues = () -> {
            for (Context.Key<Object> key : vals) {
                assertSame(key, last.value(key), prefix + "ctx.Value(" + key + ")");
            }
        };
        if (!testTimeout) {
            assertFalse(ready(ctx.done()), prefix + "ctx should not be canceled yet");
        }
        assertTrue(String.valueOf(ctx).startsWith("context.Background."), prefix + ctx);
        checkValues.run();
        if (testTimeout) {
            await(ctx.done(), prefix + "ctx should have timed out");
            checkValues.run();
        } else {
            cancels.get(r.nextInt(cancels.size())).cancel();
            assertTrue(ready(ctx.done()), prefix + "ctx should be canceled");
            checkValues.run();
        }
        cancels.forEach(CancelContext::cancel);   // Go leaves them to the GC; here, stop the timers
    }

    @Test
    void testWithCancelCanceledParent() {
        CancelContext parent = Context.withCancelCause(Context.background());
        Exception cause = new Exception("Because!");
        parent.cancel(cause);

        CancelContext c = Context.withCancel(parent);
        assertTrue(ready(c.done()), "child not done immediately upon construction");
        assertSame(Context.CANCELED, c.err(), "child not canceled");
        assertSame(cause, Context.cause(c), "child has wrong cause");
    }

    @Test
    void testWithCancelSimultaneouslyCanceledParent() {
        // Cancel the parent goroutine concurrently with creating a child.
        for (int i = 0; i < 100; i++) {
            CancelContext parent = Context.withCancelCause(Context.background());
            Exception cause = new Exception("Because!");
            Go.spawn(() -> parent.cancel(cause));

            CancelContext c = Context.withCancel(parent);
            await(c.done(), "child");
            assertSame(Context.CANCELED, c.err(), "child not canceled");
            assertSame(cause, Context.cause(c), "child has wrong cause");
        }
    }

    @Test
    void testWithValueChecksKey() {
        // Go's first half (a non-comparable key panics) has no counterpart: Keys compare by identity.
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Context.withValue(Context.background(), null, "bar"));
        assertEquals("nil key", e.getMessage());
    }

    @Test
    void testInvalidDerivedFail() {
        String want = "cannot create context from nil parent";
        assertEquals(want, assertThrows(NullPointerException.class, () -> Context.withCancel(null)).getMessage());
        assertEquals(want, assertThrows(NullPointerException.class,
                () -> Context.withDeadline(null, Time.now().plus(SHORT))).getMessage());
        assertEquals(want, assertThrows(NullPointerException.class,
                () -> Context.withValue(null, K1, "bar")).getMessage());
        // and the rest of the family, which Go's test leaves out
        assertEquals(want, assertThrows(NullPointerException.class, () -> Context.withCancelCause(null)).getMessage());
        assertEquals(want, assertThrows(NullPointerException.class, () -> Context.withTimeout(null, SHORT)).getMessage());
        assertEquals(want, assertThrows(NullPointerException.class, () -> Context.withoutCancel(null)).getMessage());
    }

    @Test
    void testDeadlineExceededSupportsTimeout() {
        assertTrue(Context.DEADLINE_EXCEEDED.timeout(), "wrong value for timeout");
        assertEquals("context deadline exceeded", Context.DEADLINE_EXCEEDED.getMessage());
        assertEquals("context canceled", Context.CANCELED.getMessage());
    }

    // ---- TestCause's table --------------------------------------------------------------------

    private static final java.time.Duration FOREVER = java.time.Duration.ofSeconds(1_000_000);
    private static final Exception PARENT_CAUSE = new Exception("parentCause");
    private static final Exception CHILD_CAUSE = new Exception("childCause");
    private static final Exception TOO_SLOW = new Exception("tooSlow");
    private static final Exception FINISHED_EARLY = new Exception("finishedEarly");

    static Stream<Arguments> causeTable() {
        return Stream.of(
                row("Background", Context::background, null, null),
                row("TODO", Context::todo, null, null),
                row("WithCancel", () -> {
                    CancelContext ctx = Context.withCancel(Context.background());
                    ctx.cancel();
                    return ctx;
                }, Context.CANCELED, Context.CANCELED),
                row("WithCancelCause", () -> {
                    CancelContext ctx = Context.withCancelCause(Context.background());
                    ctx.cancel(PARENT_CAUSE);
                    return ctx;
                }, Context.CANCELED, PARENT_CAUSE),
                row("WithCancelCause nil", () -> {
                    CancelContext ctx = Context.withCancelCause(Context.background());
                    ctx.cancel(null);
                    return ctx;
                }, Context.CANCELED, Context.CANCELED),
                row("WithCancelCause: parent cause before child", () -> {
                    CancelContext parent = Context.withCancelCause(Context.background());
                    CancelContext ctx = Context.withCancelCause(parent);
                    parent.cancel(PARENT_CAUSE);
                    ctx.cancel(CHILD_CAUSE);
                    return ctx;
                }, Context.CANCELED, PARENT_CAUSE),
                row("WithCancelCause: parent cause after child", () -> {
                    CancelContext parent = Context.withCancelCause(Context.background());
                    CancelContext ctx = Context.withCancelCause(parent);
                    ctx.cancel(CHILD_CAUSE);
                    parent.cancel(PARENT_CAUSE);
                    return ctx;
                }, Context.CANCELED, CHILD_CAUSE),
                row("WithCancelCause: parent cause before nil", () -> {
                    CancelContext parent = Context.withCancelCause(Context.background());
                    CancelContext ctx = Context.withCancel(parent);
                    parent.cancel(PARENT_CAUSE);
                    ctx.cancel();
                    return ctx;
                }, Context.CANCELED, PARENT_CAUSE),
                row("WithCancelCause: parent cause after nil", () -> {
                    CancelContext parent = Context.withCancelCause(Context.background());
                    CancelContext ctx = Context.withCancel(parent);
                    ctx.cancel();
                    parent.cancel(PARENT_CAUSE);
                    return ctx;
                }, Context.CANCELED, Context.CANCELED),
                row("WithCancelCause: child cause after nil", () -> {
                    CancelContext parent = Context.withCancel(Context.background());
                    CancelContext ctx = Context.withCancelCause(parent);
                    parent.cancel();
                    ctx.cancel(CHILD_CAUSE);
                    return ctx;
                }, Context.CANCELED, Context.CANCELED),
                row("WithCancelCause: child cause before nil", () -> {
                    CancelContext parent = Context.withCancel(Context.background());
                    CancelContext ctx = Context.withCancelCause(parent);
                    ctx.cancel(CHILD_CAUSE);
                    parent.cancel();
                    return ctx;
                }, Context.CANCELED, CHILD_CAUSE),
                row("WithTimeout", () -> {
                    CancelContext ctx = Context.withTimeout(Context.background(), java.time.Duration.ZERO);
                    ctx.cancel();
                    return ctx;
                }, Context.DEADLINE_EXCEEDED, Context.DEADLINE_EXCEEDED),
                row("WithTimeout canceled", () -> {
                    CancelContext ctx = Context.withTimeout(Context.background(), FOREVER);
                    ctx.cancel();
                    return ctx;
                }, Context.CANCELED, Context.CANCELED),
                row("WithTimeoutCause", () -> {
                    CancelContext ctx = Context.withTimeoutCause(Context.background(), java.time.Duration.ZERO, TOO_SLOW);
                    ctx.cancel();
                    return ctx;
                }, Context.DEADLINE_EXCEEDED, TOO_SLOW),
                row("WithTimeoutCause canceled", () -> {
                    CancelContext ctx = Context.withTimeoutCause(Context.background(), FOREVER, TOO_SLOW);
                    ctx.cancel();
                    return ctx;
                }, Context.CANCELED, Context.CANCELED),
                row("WithTimeoutCause stacked", () -> {
                    CancelContext parent = Context.withCancelCause(Context.background());
                    CancelContext ctx = Context.withTimeoutCause(parent, java.time.Duration.ZERO, TOO_SLOW);
                    parent.cancel(FINISHED_EARLY);
                    return ctx;
                }, Context.DEADLINE_EXCEEDED, TOO_SLOW),
                row("WithTimeoutCause stacked canceled", () -> {
                    CancelContext parent = Context.withCancelCause(Context.background());
                    CancelContext ctx = Context.withTimeoutCause(parent, FOREVER, TOO_SLOW);
                    parent.cancel(FINISHED_EARLY);
                    return ctx;
                }, Context.CANCELED, FINISHED_EARLY),
                row("WithoutCancel", () -> Context.withoutCancel(Context.background()), null, null),
                row("WithoutCancel canceled", () -> {
                    CancelContext parent = Context.withCancelCause(Context.background());
                    Context ctx = Context.withoutCancel(parent);
                    parent.cancel(FINISHED_EARLY);
                    return ctx;
                }, null, null),
                row("WithoutCancel timeout", () -> {
                    CancelContext parent = Context.withTimeoutCause(Context.background(), java.time.Duration.ZERO, TOO_SLOW);
                    Context ctx = Context.withoutCancel(parent);
                    parent.cancel();
                    return ctx;
                }, null, null));
    }

    private static Arguments row(String name, Supplier<Context> ctx, ContextException err, Throwable cause) {
        return Arguments.of(name, ctx, err, cause);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("causeTable")
    void testCause(String name, Supplier<Context> mk, ContextException err, Throwable cause) {
        Context ctx = mk.get();
        assertSame(err, ctx.err(), "ctx.Err()");
        assertSame(cause, Context.cause(ctx), "Cause(ctx)");
    }

    @Test
    void testCauseRace() {
        Exception cause = new Exception("TestCauseRace");
        CancelContext ctx = Context.withCancelCause(Context.background());
        Go.spawn(() -> ctx.cancel(cause));
        long deadline = System.nanoTime() + QUIESCENT.toNanos();
        for (;;) {
            // Poll Cause, rather than waiting for Done, to test that access to the cause is ordered.
            Throwable err = Context.cause(ctx);
            if (err != null) {
                assertSame(cause, err, "Cause returned");
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("cause never set");
            }
            Go.yield();
        }
    }

    @Test
    void testWithoutCancel() {
        Context.Key<String> key = Context.Key.named("key");
        String value = "value";
        Context ctx = Context.withValue(Context.background(), key, value);
        ctx = Context.withoutCancel(ctx);
        assertEquals(Optional.empty(), ctx.deadline());
        assertTrue(((Chan<Void>) ctx.done()).isNil(), "ctx.Done() want nil");
        assertNull(ctx.err());
        assertSame(value, ctx.value(key));
        assertEquals("context.Background.WithValue(key, value).WithoutCancel", String.valueOf(ctx));
    }

    /** Go's customDoneContext: delegates everything but done(), which is its own channel. */
    record CustomDone(Context inner, Chan<Void> donec) implements Context {
        @Override
        public Optional<Instant> deadline() {
            return inner.deadline();
        }

        @Override
        public Receiver<Void> done() {
            return donec;
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

    @Test
    void testCustomContextPropagation() {
        Set<Long> before = GoroutineLeaks.snapshot();
        Exception cause = new Exception("TestCustomContextPropagation");
        Chan<Void> donec = Chan.make();
        CancelContext ctx1 = Context.withCancelCause(Context.background());
        CustomDone ctx2 = new CustomDone(ctx1, donec);
        try (CancelContext ctx3 = Context.withCancel(ctx2)) {
            ctx1.cancel(cause);
            donec.close();

            await(ctx3.done(), "ctx3.Done()");
            assertSame(Context.CANCELED, ctx3.err(), "child not canceled");
            assertSame(cause, Context.cause(ctx3), "child has wrong cause");
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** Go's customCauseContext: a foreign context with its own done channel and error. */
    static final class CustomCause implements Context {
        final Mutex mu = new Mutex();
        Chan<Void> done = Chan.make();
        ContextException err;
        CancelContext cancelChild;

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public Receiver<Void> done() {
            mu.lock();
            try {
                return done;
            } finally {
                mu.unlock();
            }
        }

        @Override
        public ContextException err() {
            mu.lock();
            try {
                return err;
            } finally {
                mu.unlock();
            }
        }

        @Override
        public <T> T value(Key<T> key) {
            return null;
        }

        void cancel() {
            mu.lock();
            err = Context.CANCELED;
            done.close();
            CancelContext c = cancelChild;
            mu.unlock();
            if (c != null) {
                c.cancel();
            }
        }
    }

    @Test
    void testCustomContextCause() {
        Set<Long> before = GoroutineLeaks.snapshot();
        // If we cancel a custom context, Err and Cause return Canceled.
        CustomCause ccc = new CustomCause();
        ccc.cancel();
        assertSame(Context.CANCELED, ccc.err());
        assertSame(Context.CANCELED, Context.cause(ccc));

        // A child of a custom context cancelled with a cause has that cause; the parent is not
        // cancelled.
        CustomCause ccc2 = new CustomCause();
        CancelContext ctx = Context.withCancelCause(ccc2);
        Exception cause = new Exception("TestCustomContextCause");
        ctx.cancel(cause);
        assertSame(Context.CANCELED, ctx.err());
        assertSame(cause, Context.cause(ctx));
        assertNull(ccc2.err());
        assertNull(Context.cause(ccc2));

        // Cancelling the parent now keeps the child's cause, and the parent has no cause but its err.
        ccc2.cancel();
        assertSame(Context.CANCELED, ctx.err());
        assertSame(cause, Context.cause(ctx));
        assertSame(Context.CANCELED, ccc2.err());
        assertSame(Context.CANCELED, Context.cause(ccc2));

        // A custom context that cancels its child itself.
        CustomCause ccc3 = new CustomCause();
        CancelContext ctx3 = Context.withCancel(ccc3);
        ccc3.cancelChild = ctx3;
        ccc3.cancel();
        assertSame(Context.CANCELED, ctx3.err());
        assertSame(Context.CANCELED, Context.cause(ctx3));
        assertSame(Context.CANCELED, ccc3.err());
        assertSame(Context.CANCELED, Context.cause(ccc3));
        GoroutineLeaks.assertNoneLeft(before);
    }

    // ---- AfterFunc ------------------------------------------------------------------------------

    @Test
    void testAfterFuncCalledAfterCancel() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Void> donec = Chan.make();
        Context.AfterFunc stop = Context.afterFunc(ctx, donec::close);
        assertTrue(quietFor(donec, SHORT), "AfterFunc called before context is done");
        ctx.cancel();
        await(donec, "AfterFunc called after context is canceled");
        assertFalse(stop.stop(), "stop() = true, want false");
    }

    @Test
    void testAfterFuncCalledAfterTimeout() {
        try (CancelContext ctx = Context.withTimeout(Context.background(), SHORT)) {
            Chan<Void> donec = Chan.make();
            Context.afterFunc(ctx, donec::close);
            await(donec, "AfterFunc called after context timed out");
        }
    }

    @Test
    void testAfterFuncCalledImmediately() {
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        Chan<Void> donec = Chan.make();
        Context.afterFunc(ctx, donec::close);
        await(donec, "AfterFunc called for already-canceled context");
    }

    @Test
    void testAfterFuncNotCalledAfterStop() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Void> donec = Chan.make();
        Context.AfterFunc stop = Context.afterFunc(ctx, donec::close);
        assertTrue(stop.stop(), "stop() = false, want true");
        ctx.cancel();
        assertTrue(quietFor(donec, SHORT), "AfterFunc called for already-canceled context");
        assertFalse(stop.stop(), "stop() = true, want false");
        assertEquals(0, ((CancelCtx) ctx).childCount(), "a stopped AfterFunc stays in its context");
    }

    /** Cancelling a context does not wait for its AfterFuncs to finish. */
    @Test
    void testAfterFuncCalledAsynchronously() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Boolean> donec = Chan.make();
        Context.AfterFunc stop = Context.afterFunc(ctx, () -> donec.send(true));   // blocks until read
        try {
            ctx.cancel();
            // After cancel returns, read from donec and unblock the AfterFunc.
            await(donec, "AfterFunc called after context is canceled");
        } finally {
            stop.stop();
        }
    }
}
