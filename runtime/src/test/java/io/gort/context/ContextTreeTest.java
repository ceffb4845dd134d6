package io.gort.context;

import static io.gort.context.ContextTesting.VERY_LONG;
import static io.gort.context.ContextTesting.await;
import static io.gort.context.ContextTesting.ready;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
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
 * gort's own context tests, beyond Go's: the tree at scale (100,000 children of one parent; a chain
 * 100,000 deep, cancelled, walked for values, deadline and name without recursion), the Java shape
 * (try-with-resources cancels; done() in a select against a timer), lazy and shared done channels,
 * the happens-before promise, and no goroutine left behind.
 */
@Timeout(60)
class ContextTreeTest {
    private static final int N = 100_000;

    @Test
    void hundredThousandChildrenCancelledAtOnce() {
        Set<Long> before = GoroutineLeaks.snapshot();
        CancelContext parent = Context.withCancel(Context.background());
        CancelCtx pc = (CancelCtx) parent;
        List<CancelContext> kids = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            kids.add(i % 10 == 0 ? Context.withTimeout(parent, VERY_LONG) : Context.withCancel(parent));
        }
        assertEquals(N, pc.childCount());
        assertEquals(List.of(), GoroutineLeaks.newSince(before), "no goroutine per child");
        for (int i = 0; i < N; i += 1000) {   // some have been asked for done(), most not
            assertFalse(ready(kids.get(i).done()));
        }

        parent.cancel();

        assertEquals(0, pc.childCount(), "the parent's child set after cancel");
        pc.checkInvariants();
        for (CancelContext k : kids) {
            assertSame(Context.CANCELED, k.err());
            assertTrue(ready(k.done()));
            ((CancelCtx) k).checkInvariants();
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void childrenThatCancelThemselvesLeaveTheParent() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelCtx pc = (CancelCtx) parent;
        List<CancelContext> kids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            kids.add(Context.withCancel(parent));
        }
        // Remove from the middle, the head and the tail of the list; then all the others.
        for (int i : new int[] {5000, 9999, 0, 1, 9998}) {
            kids.get(i).cancel();
            pc.checkInvariants();
        }
        assertEquals(10_000 - 5, pc.childCount());
        kids.forEach(CancelContext::cancel);
        assertEquals(0, pc.childCount(), "a long-lived parent keeps no cancelled child");
        assertNull(parent.err());
        parent.cancel();
    }

    @Test
    void hundredThousandDeepChainCancelledFromTheRoot() throws InterruptedException {
        Context.Key<String> key = Context.Key.named("k");
        CancelContext root = Context.withCancel(Context.withValue(Context.background(), key, "v"));
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(N / 1000);
        Context c = root;
        for (int i = 0; i < N; i++) {
            c = switch (i % 4) {
                case 0 -> Context.withCancel(c);
                case 1 -> Context.withValue(c, Context.Key.named("x" + i), i);
                case 2 -> Context.withTimeout(c, VERY_LONG);
                default -> {
                    if (i % 1000 == 3) {
                        Context.afterFunc(c, ran::countDown);   // an AfterFunc node every 1000 levels
                    }
                    yield Context.withCancel(c);
                }
            };
        }
        Context leaf = c;
        // walks up the chain without recursion
        assertEquals("v", leaf.value(key));
        assertNull(leaf.value(Context.Key.named("absent")));
        assertTrue(leaf.deadline().isPresent());
        assertTrue(leaf.toString().startsWith("context.Background.WithValue(k, v).WithCancel.WithCancel.WithValue(x1, 1)"));

        root.cancel();
        assertSame(Context.CANCELED, leaf.err());
        assertTrue(ready(leaf.done()));
        assertSame(Context.CANCELED, Context.cause(leaf));
        assertTrue(ran.await(20, java.util.concurrent.TimeUnit.SECONDS), "AfterFuncs run: " + (N / 1000 - ran.getCount()));
    }

    @Test
    void deepChainOfCancelsCancelledLeafFirstAndRootFirst() {
        List<CancelContext> chain = new ArrayList<>();
        Context c = Context.background();
        for (int i = 0; i < N; i++) {
            CancelContext k = Context.withCancel(c);
            chain.add(k);
            c = k;
        }
        chain.getLast().cancel();   // detaches the leaf only
        assertNull(chain.get(N - 2).err());
        assertEquals(0, ((CancelCtx) chain.get(N - 2)).childCount());
        Exception why = new Exception("root");
        Go.spawn(() -> chain.getFirst().cancel(why));   // on a goroutine's (virtual thread's) stack
        await(chain.get(N - 2).done(), "the deepest live context, cancelled from the root");
        for (CancelContext k : chain.subList(0, N - 1)) {
            assertSame(Context.CANCELED, k.err());
        }
        assertSame(why, Context.cause(chain.get(N - 2)));
        assertSame(Context.CANCELED, Context.cause(chain.getLast()), "cancelled before the root: its own cause");
    }

    @Test
    void tryWithResourcesCancels() {
        CancelContext escaped;
        Exception cause = new Exception("x");
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            escaped = ctx;
            assertNull(ctx.err());
        }
        assertSame(Context.CANCELED, escaped.err());
        try (CancelContext ctx = Context.withTimeout(Context.background(), VERY_LONG)) {
            escaped = ctx;
            ctx.cancel(cause);   // the first cancel counts; close() after it does nothing
        }
        assertSame(cause, Context.cause(escaped));
    }

    @Test
    void doneInSelectWithATimer() {
        Set<Long> before = GoroutineLeaks.snapshot();
        Instant start = Time.now();
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
            Chan<String> results = Chan.make();   // nobody sends: the context must win
            String r = Select.select(
                    results.onRecv(v -> v),
                    ctx.done().onRecv(x -> "gave up: " + ctx.err().getMessage()),
                    Time.after(Duration.ofSeconds(20)).onRecv(t -> "timer"));
            assertEquals("gave up: context deadline exceeded", r);
            assertTrue(Duration.between(start, Time.now()).compareTo(Duration.ofMillis(20)) >= 0, "done too early");
            assertTrue(!Time.now().isBefore(ctx.deadline().orElseThrow()), "done before its deadline");
        }
        // and the other way round: a timer that fires first
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            String r = Select.select(
                    ctx.done().onRecv(x -> "done"),
                    Time.after(Duration.ofMillis(5)).onRecv(t -> "timer"));
            assertEquals("timer", r);
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void doneIsLazyStableAndSharedWhenCancelledFirst() {
        CancelContext a = Context.withCancel(Context.background());
        assertNull(((CancelCtx) a).doneIfMade(), "done() made before anyone asked");
        var d = a.done();
        assertSame(d, a.done(), "successive calls to done() return the same channel");
        a.cancel();
        assertSame(d, a.done());
        assertTrue(ready(d));

        CancelContext b = Context.withCancel(Context.background());
        b.cancel();
        assertSame(Contexts.CLOSED_CHAN, b.done(), "cancelled before done(): the shared closed channel");
        assertTrue(ready(b.done()));
        CancelContext c = Context.withCancel(b);   // born cancelled
        assertSame(Contexts.CLOSED_CHAN, c.done());
    }

    @Test
    void cancelHappensBeforeDoneObservedAndErr() throws Exception {
        for (int i = 0; i < 50; i++) {
            CancelContext ctx = Context.withCancel(Context.background());
            int[] data = new int[1];
            Chan<Boolean> ok = Chan.make(1);
            Go.spawn(() -> {
                ctx.done().recv();
                ok.send(data[0] == 42 && ctx.err() == Context.CANCELED);
            });
            data[0] = 42;   // plain write before the cancel
            ctx.cancel();
            boolean seen = Select.select(ok.onRecv(v -> v), Time.after(Duration.ofSeconds(20)).onRecv(t -> false));
            assertTrue(seen, "a goroutine that saw done() closed must see the writes before cancel, and err()");
        }
    }

    @Test
    void errNonNullImpliesDoneClosed() {
        for (int i = 0; i < 500; i++) {
            CancelContext ctx = Context.withCancel(Context.background());
            var d = ctx.done();
            Go.spawn(ctx::cancel);
            while (ctx.err() == null) {
                Thread.onSpinWait();
            }
            assertTrue(ready(d), "err() != null but done() not closed");
        }
    }

    @Test
    void deadlineIsTheEarlierOfParentAndOwn() {
        Instant soon = Time.now().plus(Duration.ofHours(1));
        try (CancelContext p = Context.withDeadline(Context.background(), soon)) {
            CancelContext later = Context.withDeadline(p, soon.plus(Duration.ofHours(1)));
            assertEquals(Optional.of(soon), later.deadline(), "a later deadline than the parent's is the parent's");
            assertTrue(later.toString().endsWith(".WithCancel"), later.toString());
            CancelContext earlier = Context.withDeadline(p, soon.minus(Duration.ofMinutes(30)));
            assertEquals(Optional.of(soon.minus(Duration.ofMinutes(30))), earlier.deadline());
            assertEquals(Optional.of(soon), Context.withValue(p, Context.Key.named("k"), 1).deadline());
            assertEquals(Optional.empty(), Context.withoutCancel(p).deadline());
        }
    }

    @Test
    void deadlineStringIsGoLike() {
        try (CancelContext c = Context.withTimeout(Context.background(), Duration.ofHours(2))) {
            String s = c.toString();
            assertTrue(s.matches("context\\.Background\\.WithDeadline\\(.+ \\[1h59m5\\d(\\.\\d+)?s\\]\\)"), s);
        }
        assertEquals("0s", Contexts.goDuration(Duration.ZERO));
        assertEquals("1.5s", Contexts.goDuration(Duration.ofMillis(1500)));
        assertEquals("2m3.000000004s", Contexts.goDuration(Duration.ofSeconds(123, 4)));
        assertEquals("1h0m0s", Contexts.goDuration(Duration.ofHours(1)));
        assertEquals("250ms", Contexts.goDuration(Duration.ofMillis(250)));
        assertEquals("1.2µs", Contexts.goDuration(Duration.ofNanos(1200)));
        assertEquals("10ns", Contexts.goDuration(Duration.ofNanos(10)));
        assertEquals("-1.5s", Contexts.goDuration(Duration.ofMillis(-1500)));
    }

    @Test
    void cancelStopsTheTimerAndAlreadyPassedDeadlineIsDoneAtOnce() {
        CancelContext c = Context.withDeadline(Context.background(), Time.now().minus(Duration.ofSeconds(1)));
        assertSame(Context.DEADLINE_EXCEEDED, c.err(), "done at once");
        assertTrue(ready(c.done()));
        c.cancel();
        assertSame(Context.DEADLINE_EXCEEDED, c.err(), "a later cancel does not change err");

        Set<Long> before = GoroutineLeaks.snapshot();
        CancelContext t = Context.withTimeout(Context.background(), Duration.ofMillis(30));
        t.cancel();
        assertSame(Context.CANCELED, t.err());
        Time.sleep(Duration.ofMillis(60));   // the work being tested: past the stopped deadline
        assertSame(Context.CANCELED, t.err(), "a stopped timer must not fire");
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void afterFuncOnAForeignParentAndStopAfterStart() {
        Set<Long> before = GoroutineLeaks.snapshot();
        ContextXTest.CustomCause foreign = new ContextXTest.CustomCause();   // a well-behaved foreign context
        Chan<Void> ran = Chan.make();
        Context.AfterFunc stop = Context.afterFunc(foreign, ran::close);
        assertEquals(1, GoroutineLeaks.newSince(before).size(), "one watcher goroutine for a foreign parent");
        foreign.cancel();
        await(ran, "AfterFunc on a foreign parent");
        assertFalse(stop.stop(), "already started");

        Context.AfterFunc stop2 = Context.afterFunc(new ContextXTest.CustomCause(), () -> { });
        assertTrue(stop2.stop(), "stop before the parent is done");
        assertFalse(stop2.stop());
        GoroutineLeaks.assertNoneLeft(before);   // the watcher ended with stop
    }

    @Test
    void valuesOfWithoutCancelAndItHidesCause() {
        Context.Key<Integer> k = Context.Key.named("n");
        CancelContext p = Context.withCancelCause(Context.withValue(Context.background(), k, 7));
        Context w = Context.withoutCancel(p);
        p.cancel(new Exception("gone"));
        assertEquals(7, w.value(k));
        assertNull(w.err());
        assertNull(Context.cause(w));
        assertTrue(((Chan<Void>) w.done()).isNil());
        CancelContext child = Context.withCancel(w);   // lives on after p
        assertNull(child.err());
        assertEquals(0, ((CancelCtx) p).childCount());
        child.cancel();
    }

    /** A foreign context without a toString of its own: Go prints its type name. */
    static final class Nameless implements Context {
        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public io.gort.chan.Receiver<Void> done() {
            return Chan.nil();
        }

        @Override
        public ContextException err() {
            return null;
        }

        @Override
        public <T> T value(Key<T> key) {
            return null;
        }
    }

    @Test
    void namesOfForeignParents() {
        CancelContext c = Context.withCancel(new Nameless());
        assertEquals(Nameless.class.getName() + ".WithCancel", c.toString());
        Context o = new ContextTesting.Other(Context.todo());
        assertEquals("context.TODO.WithoutCancel", Context.withoutCancel(o).toString(), "a foreign toString is used");
        c.cancel();
    }

    @Test
    void throwIfDoneAndIsDone() {
        CancelContext c = Context.withCancel(Context.background());
        assertFalse(c.isDone());
        c.throwIfDone();
        c.cancel();
        assertTrue(c.isDone());
        CanceledException e = org.junit.jupiter.api.Assertions.assertThrows(CanceledException.class, c::throwIfDone);
        assertSame(Context.CANCELED, e);
    }
}
