package io.gort.context;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress scenarios for {@link CancelCtx} (Go's {@code cancelCtx}) and {@link AfterFuncCtx}: the
 * races its class comment writes out, run on real hardware with C1/C2 code. A cancel races with a
 * reader of {@code err()} and {@code done()} (err non-null implies done closed, and both imply the
 * canceller's earlier writes are visible), with the lazy creation of the done channel (a channel
 * handed out while cancelling is closed too), with a derive (the child ends cancelled and is not left
 * in the parent's list), with another cancel of a different cause (one cause wins, everywhere, and
 * children inherit it), with a child's own cancel (the list unlink race: every node cancelled once,
 * the list consistent) and with an AfterFunc's {@code stop()} (exactly one of them wins: f runs once
 * or never). The arbiters reach the package-private {@link CancelCtx#childCount()} and {@link
 * CancelCtx#checkInvariants()}: this class sits in {@code io.gort.context} on the class path.
 *
 * <p>Result codes: a cause is {@link #OWN} (1) / {@link #OTHER} (2) for the two exceptions the actors
 * cancel with, {@link #CANCELED_CODE} (3) for {@link Context#CANCELED}, 0 for null, -9 for anything
 * else; a "clean" column is 1 when every context involved has an empty child list where it must and
 * {@code checkInvariants()} holds, 0 otherwise.
 *
 * <p>No actor waits here: {@code tryRecv} never blocks and the contexts' monitors are held for a few
 * writes, never two at once, so no state needs {@code HangGuard}. The one wait, the arbiter of
 * {@link AfterFuncStopVsCancel} waiting for f's goroutine, is bounded ({@link #WAIT_SECONDS}; a
 * timeout is the FORBIDDEN -1). Run:
 * {@code mvn -o -pl jcstress -am package -DskipTests exec:exec -Djcstress.test='io.gort.context'}.
 */
public class ContextStress {
    static final int OWN = 1, OTHER = 2, CANCELED_CODE = 3;
    static final int WAIT_SECONDS = 10;

    /** The two causes the actors cancel with (only identity matters). */
    static final RuntimeException E1 = new RuntimeException("e1");
    static final RuntimeException E2 = new RuntimeException("e2");

    static int code(Throwable t) {
        return t == null ? 0 : t == E1 ? OWN : t == E2 ? OTHER : t == Context.CANCELED ? CANCELED_CODE : -9;
    }

    /** 1 if the receiver reports closed now (a tryRecv that returns (zero, false)), 0 if it would block. */
    static int closed(Receiver<Void> ch) {
        Recv<Void> r = ch.tryRecv();
        return r == null ? 0 : !r.ok() ? 1 : -9;
    }

    static CancelCtx cc(Context c) {
        return (CancelCtx) c;
    }

    /** 1 if every context's invariants hold (checkInvariants throws AssertionError otherwise). */
    static int invariants(Context... cs) {
        try {
            for (Context c : cs) {
                cc(c).checkInvariants();
            }
            return 1;
        } catch (AssertionError e) {
            return 0;
        }
    }

    /** Shared outcomes. */
    @Outcome(expect = FORBIDDEN, desc = "Anything else: err without a closed done (or the reverse), a write before cancel not visible, a context left open or listed, two causes, f run twice or after stop.")
    static class OtherwiseForbidden { }

    // ---- cancel vs err()/done() ------------------------------------------------------------------

    /*
     * Actor 2 reads err() first, then done(), which was made before the race (so the cancel closes
     * that channel, a few writes after its err store). err() != null must imply done() closed, and
     * the write made before cancel(): err() waits out the canceller's lock while the close is
     * pending (Go's Err() takes c.mu). A lazily made done() would hide that window, since done()
     * itself takes the lock when it finds no channel; CancelVsDoneThenErr and LazyDoneVsCancel cover
     * the lazy path.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("done() made; (x = 1; cancel) vs (err(); done().tryRecv(); read x if err != null): err != null implies done closed and x = 1.")
    @Outcome(id = "0, 0, -1", expect = ACCEPTABLE, desc = "Read before the cancel: err null, done open.")
    @Outcome(id = "0, 1, -1", expect = ACCEPTABLE_INTERESTING, desc = "The cancel came between the two reads: err null, then done closed.")
    @Outcome(id = "3, 1, 1", expect = ACCEPTABLE, desc = "Read after the cancel: err CANCELED, done closed, x = 1 visible.")
    @State
    public static class CancelVsErrThenDone {
        final CancelContext c = Context.withCancel(Context.background());
        int x;
        { c.done(); }

        @Actor public void canceller() { x = 1; c.cancel(); }
        @Actor public void reader(III_Result r) {
            ContextException e = c.err();
            r.r2 = closed(c.done());
            r.r1 = code(e);
            r.r3 = e != null ? x : -1;
        }
    }

    /*
     * The other order: done() first (made lazily here, so done() itself races with the cancel's
     * choice between closing a made channel and handing out CLOSED_CHAN), then err(). A done()
     * seen closed must be followed by err() != null and the write made before cancel().
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("(x = 1; cancel) vs (done().tryRecv(); err(); read x if done closed): done closed implies err CANCELED and x = 1.")
    @Outcome(id = "0, 0, -1", expect = ACCEPTABLE, desc = "Read before the cancel: done open, err null.")
    @Outcome(id = "0, 3, -1", expect = ACCEPTABLE_INTERESTING, desc = "The cancel came between the two reads: done open, then err CANCELED.")
    @Outcome(id = "1, 3, 1", expect = ACCEPTABLE, desc = "Read after the cancel: done closed, err CANCELED, x = 1 visible.")
    @State
    public static class CancelVsDoneThenErr {
        final CancelContext c = Context.withCancel(Context.background());
        int x;

        @Actor public void canceller() { x = 1; c.cancel(); }
        @Actor public void reader(III_Result r) {
            int d = closed(c.done());
            r.r1 = d;
            r.r2 = code(c.err());
            r.r3 = d == 1 ? x : -1;
        }
    }

    /*
     * done() made lazily vs cancel: whichever comes first, the channel actor 1 got is closed once
     * both are over (a channel made after or while cancelling must not stay open), and it is the one
     * done() keeps returning.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("done() (first call, makes the channel) vs cancel: the channel actor 1 got is closed afterwards and stays done()'s channel.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "done() saw it open (made it before the cancel, or raced); the cancel closed that very channel.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "done() came after the cancel: it got a closed channel (CLOSED_CHAN).")
    @State
    public static class LazyDoneVsCancel {
        final CancelContext c = Context.withCancel(Context.background());
        Receiver<Void> got;

        @Actor public void getter(III_Result r) { got = c.done(); r.r1 = closed(got); }
        @Actor public void canceller() { c.cancel(); }
        @Arbiter public void after(III_Result r) {
            r.r2 = closed(got);
            r.r3 = c.done() == got ? invariants(c) : 0;
        }
    }

    // ---- cancel vs derive ------------------------------------------------------------------------

    /*
     * Go's propagateCancel vs the parent's cancel: the child is added to the list (and the parent's
     * cancel reaches it) or finds the parent cancelled and is cancelled at once. Either way it ends
     * cancelled with the parent's cause and the parent's list is empty.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("parent.cancel(e1) vs withCancel(parent): the child ends cancelled with cause e1; the parent's list is empty.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "The child was derived before the cancel and still open when the deriver looked; the parent's cancel reached it later.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "The child was already cancelled when the deriver looked: derived after the cancel (cancelled by withCancel), or reached by it just after.")
    @State
    public static class CancelVsDerive {
        final CancelContext parent = Context.withCancel(Context.background());
        CancelContext child;

        @Actor public void canceller() { parent.cancel(E1); }
        @Actor public void deriver(III_Result r) {
            CancelContext k = Context.withCancel(parent);
            r.r1 = k.err() != null ? 1 : 0;
            child = k;
        }
        @Arbiter public void after(III_Result r) {
            r.r2 = child.isDone() && closed(child.done()) == 1 && code(Context.cause(child)) == OWN ? 1 : 0;
            r.r3 = cc(parent).childCount() == 0 ? invariants(parent, child) : 0;
        }
    }

    // ---- child cancel vs parent cancel (the list-unlink race) ------------------------------------

    /*
     * parent has children a, b, c (list order c, b, a: b is in the middle) and b has a child g.
     * Actor 1 cancels b (its own cause e1), actor 2 the parent (e2). If the parent's cancel detaches
     * the list first, b's removeFromOwner leaves the links alone and the parent's canceller finds b
     * ALREADY (and skips g, which b's cancel handles); if b unlinks first, the parent never sees it.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("parent{a, b{g}, c}: b.cancel(e1) vs parent.cancel(e2): all six cancelled once, b and g with the same cause, the lists empty and consistent.")
    @Outcome(id = "1, 1, 5, 1", expect = ACCEPTABLE, desc = "b's own cancel won b: b and g have cause e1; parent, a, c have e2.")
    @Outcome(id = "2, 2, 5, 1", expect = ACCEPTABLE_INTERESTING, desc = "The parent's cancel reached b first: b and g have e2 like the rest.")
    @State
    public static class ChildCancelVsParentCancel {
        final CancelContext parent = Context.withCancel(Context.background());
        final CancelContext a = Context.withCancel(parent);
        final CancelContext b = Context.withCancel(parent);
        final CancelContext c = Context.withCancel(parent);
        final CancelContext g = Context.withCancel(b);

        @Actor public void childCanceller() { b.cancel(E1); }
        @Actor public void parentCanceller() { parent.cancel(E2); }
        @Arbiter public void after(IIII_Result r) {
            r.r1 = code(Context.cause(b));
            r.r2 = code(Context.cause(g));
            int n = 0;
            for (Context x : new Context[] {parent, a, c}) {
                n += code(Context.cause(x)) == OTHER && closed(x.done()) == 1 ? 1 : 0;
            }
            n += closed(b.done()) + closed(g.done());
            r.r3 = n;
            r.r4 = cc(parent).childCount() == 0 && cc(b).childCount() == 0 ? invariants(parent, a, b, c, g) : 0;
        }
    }

    /*
     * Two siblings unlink themselves at once: b (middle) and c (head of the list c, b, a). Both
     * unlinks take the parent's lock; the neighbours' links must come out right in either order,
     * leaving exactly a, with a null back link.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("parent{a, b, c}: b.cancel() vs c.cancel(): both cancelled, the parent's list is exactly {a} and consistent, parent and a not cancelled.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Both siblings cancelled and unlinked; one child (a) left, the list consistent; parent and a still open.")
    @State
    public static class SiblingCancels {
        final CancelContext parent = Context.withCancel(Context.background());
        final CancelContext a = Context.withCancel(parent);
        final CancelContext b = Context.withCancel(parent);
        final CancelContext c = Context.withCancel(parent);

        @Actor public void middle() { b.cancel(); }
        @Actor public void head() { c.cancel(); }
        @Arbiter public void after(III_Result r) {
            r.r1 = closed(b.done()) == 1 && closed(c.done()) == 1 ? 1 : 0;
            r.r2 = cc(parent).childCount();
            r.r3 = parent.err() == null && a.err() == null && closed(a.done()) == 0 && cc(a).prev == null && cc(a).next == null
                    ? invariants(parent, a, b, c) : 0;
        }
    }

    // ---- two causes ------------------------------------------------------------------------------

    /*
     * cancel(e1) vs cancel(e2) on one context with a child: the first cancel to take the lock
     * decides the cause, which both actors read afterwards, and the child inherits it.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("c.cancel(e1); cause(c) vs c.cancel(e2); cause(c): one cause wins; both actors, the arbiter and c's child all see it.")
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "Actor 1's cancel won: cause e1 everywhere.")
    @Outcome(id = "2, 2, 2, 1", expect = ACCEPTABLE, desc = "Actor 2's cancel won: cause e2 everywhere.")
    @State
    public static class TwoCauses {
        final CancelContext c = Context.withCancel(Context.background());
        final CancelContext child = Context.withCancel(c);

        @Actor public void a1(IIII_Result r) { c.cancel(E1); r.r1 = code(Context.cause(c)); }
        @Actor public void a2(IIII_Result r) { c.cancel(E2); r.r2 = code(Context.cause(c)); }
        @Arbiter public void after(IIII_Result r) {
            r.r3 = Context.cause(child) == Context.cause(c) ? code(Context.cause(child)) : -1;
            r.r4 = c.err() == Context.CANCELED && child.err() == Context.CANCELED && cc(c).childCount() == 0
                    ? invariants(c, child) : 0;
        }
    }

    // ---- AfterFunc: stop vs cancel ---------------------------------------------------------------

    /*
     * afterFunc(c, f); (x = 1; c.cancel()) vs stop(). They race for AfterFuncCtx's one-shot flag:
     * stop() returns true and f never runs, or stop() returns false and f runs exactly once, in its
     * own goroutine, seeing x = 1 (the cancel happens-before f starts). f's goroutine is not a
     * jcstress thread: the arbiter waits for it, bounded, and records -1 if it did not run in time.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("afterFunc(c, f): (x = 1; cancel) vs stop(): stop true and f never runs, or stop false and f runs once and sees x = 1.")
    @Outcome(id = "1, 0, -1, 1", expect = ACCEPTABLE, desc = "stop won: it returned true; f did not run; c's list empty.")
    @Outcome(id = "0, 1, 1, 1", expect = ACCEPTABLE, desc = "The cancel won: stop returned false; f ran once and saw x = 1; c's list empty.")
    @State
    public static class AfterFuncStopVsCancel {
        final CancelContext c = Context.withCancel(Context.background());
        final AtomicInteger runs = new AtomicInteger();
        int x;
        volatile int seen = -1;   // f's read of x
        final Context.AfterFunc af = Context.afterFunc(c, () -> {
            seen = x;
            runs.incrementAndGet();
        });

        @Actor public void canceller() { x = 1; c.cancel(); }
        @Actor public void stopper(IIII_Result r) { r.r1 = af.stop() ? 1 : 0; }
        @Arbiter public void after(IIII_Result r) {
            if (r.r1 == 0) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
                while (runs.get() == 0) {
                    if (System.nanoTime() - end > 0) {
                        r.r2 = -1;   // f not run within WAIT_SECONDS: lost
                        r.r3 = -1;
                        return;
                    }
                    Thread.yield();   // let f's goroutine have a carrier (2 shared cores)
                }
            }
            r.r2 = runs.get();
            r.r3 = seen;
            r.r4 = af.stop() ? 0 : cc(c).childCount() == 0 && ((CancelCtx) af).isDone() ? invariants(c, (CancelCtx) af) : 0;
        }
    }
}
