package io.gort.context;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code cancelCtx}: a context that can be cancelled, by its own {@link #cancel()} or by its
 * parent's cancellation, and that cancels its descendants when it is. {@link TimerCtx} (a deadline)
 * and {@link AfterFuncCtx} ({@code context.AfterFunc}) extend it, as Go's embed it. Cancelling is
 * once only, and takes time proportional to the subtree it cancels, iteratively (a chain of any
 * depth cancels without deep recursion); it waits only for a concurrent cancel of part of the same
 * subtree to finish (as Go's waits on the mutex), so that when any cancel call returns, the
 * context and all its descendants are cancelled.
 *
 * <p>Memory model: a cancel happens-before {@link #done()} is observed closed, before {@link #err()}
 * returns non-null and before {@link Contexts#cause} returns the cause, here and in every descendant.
 */
class CancelCtx implements CancelContext {
    /*
     * Design: Go's cancelCtx with its mutex (here the object's monitor, see below) and its children
     * map replaced by an intrusive doubly-linked list through the children themselves (prev/next):
     * adding and removing a child is O(1) and allocates nothing, and a context with no children
     * carries only a null head. ADR 0007 has the alternatives that were rejected.
     *
     * The lock: `synchronized (this)`. Critical sections are a few field writes, plus closing the
     * done channel (which wakes its waiters; Go also closes under c.mu). A monitor parks a
     * contended goroutine on JDK 25 instead of spinning, which matters here because one cancel may
     * close a channel with many waiters while holding it. Nothing ever holds two context locks at
     * once (a parent's cancel takes the children's locks one after the other, after its own is
     * released), so there is no lock order to keep.
     *
     * State and writers:
     *   parent   — final; the context this one was derived from (values, deadline, toString).
     *   owner    — the CancelCtx whose child list this one was put in (the nearest gort cancelCtx
     *              above, or one found behind a foreign parent), null if none; written once, before
     *              this context is published to any other goroutine.
     *   prev, next — links in owner's list: written under owner's lock while owner is not cancelled;
     *              once owner is cancelled its cancel detached the whole list and from then on only
     *              that canceller touches them (it reuses `next` as its work list).
     *   children — head of this context's list; under this lock; null for ever once cancelled.
     *   done     — volatile; null until done() or cancel; then a channel for ever (CLOSED_CHAN if
     *              cancel came first). Written under this lock.
     *   err      — volatile; null until cancelled, then CANCELED or DEADLINE_EXCEEDED for ever.
     *              Written under this lock, after `cause` and before the done channel is closed.
     *   cause    — written once under this lock before `err`; read after a non-null read of err.
     *   doneClosed — volatile; set under this lock right after the done channel is closed (or set).
     *   cancelRoot — the context whose cancel call won this one's cancelSelf (this context, or the
     *              ancestor whose walk reached it); written under this lock before `err`, read
     *              after a non-null read of err.
     *   settle   — volatile (SETTLE): RUNNING, WAITED (a goroutine waits on this monitor for it) or
     *              SETTLED; meaningful on a cancelRoot only: SETTLED once that cancel call has
     *              cancelled its whole subtree (or waited for the parts other calls were cancelling).
     *   deadlineCache — plain; null until deadline() is first asked, then the parent's deadline
     *              (immutable Optional, so a racy read sees null or a complete value; both are fine).
     *
     * Invariants (whenever the lock is free):
     *   I1  err == null  <=>  this context is not cancelled  <=>  children may be non-null.
     *   I2  err != null  =>  done != null, done is closed, doneClosed, cause != null.
     *   I3  a CancelCtx is in at most one list, its owner's, and only while its owner is not
     *       cancelled; a child that has been cancelled itself may still be listed until its
     *       removeFromOwner takes the owner's lock (a window Go's removeChild has too).
     *   I4  every context in `children` has owner == this.
     *
     * Linearization point of cancel: the `err` volatile store under the lock in cancelSelf (the
     * first cancel to take the lock wins; later ones find err set and return). Of done(): the
     * volatile read that returns a channel, or the store that makes it.
     *
     * Ordering pairs (happens-before):
     *   cancelSelf's err store <-> err()'s volatile read: err() != null sees cause and the closed
     *     channel... except for the window between the err store and the close, which err() closes
     *     by waiting for the lock when doneClosed is not yet set (Go's Err() takes the lock too);
     *   the close of the done channel <-> the receive that observes it (gort's channels): a
     *     goroutine that sees done() closed then reads err != null (err was stored before the close);
     *   parent cancel -> child: the child's cancelSelf runs after the parent's, in the same
     *     goroutine, so the parent's cancel happens-before the child's err and done.
     *
     * Races, written out:
     *   child cancel vs parent cancel.  T1 cancels the child C; T2 cancels its owner P. T1: C's
     *   lock, err set, unlock; then P's lock to unlink C. T2: P's lock, err set, list detached,
     *   unlock; then C's lock. If T2 takes P's lock first, T1 sees P.err != null and leaves C's
     *   links alone (T2 owns them now); T2 finds C cancelled (ALREADY) and does not walk its
     *   subtree, which T1 cancels, but waits until T1 has (C settled), so that P's cancel returns
     *   only when every descendant is cancelled, as Go's (which cancels the children under c.mu,
     *   so a cancel that finds C cancelled waits on C.mu). If T1 unlinks first, T2 never sees C.
     *   Either way each context is cancelled once and each link has one writer at a time. A cancel
     *   call that finds its own context already cancelled waits the same way for the call that
     *   won. Waits only go down the tree (a walk waits for a descendant's own cancel), so they
     *   cannot form a cycle; no lock is held while waiting, and the awaited calls run no user code.
     *   add child vs parent cancel.  propagate takes P's lock: if P.err is set the child is
     *   cancelled at once with P's err and cause (not added); otherwise it is added and P's later
     *   cancel will reach it.
     */

    /** The sentinel cancelSelf returns when the context was already cancelled. */
    private static final CancelCtx ALREADY = new CancelCtx();

    private static final int RUNNING = 0, WAITED = 1, SETTLED = 2;
    private static final VarHandle SETTLE;
    static {
        try {
            SETTLE = MethodHandles.lookup().findVarHandle(CancelCtx.class, "settle", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Context parent;
    CancelCtx owner;
    CancelCtx prev, next;
    private CancelCtx children;
    private volatile Chan<Void> done;
    private volatile ContextException err;
    private Throwable cause;
    private volatile boolean doneClosed;
    private CancelCtx cancelRoot;
    private volatile int settle;
    /** The parent's deadline, once asked (Contexts.deadlineOf): a benign-race cache of an immutable value. */
    Optional<Instant> deadlineCache;

    /** A context derived from {@code parent}; the caller then calls {@link Contexts#propagateCancel}. */
    CancelCtx(Context parent) {
        this.parent = parent;
    }

    private CancelCtx() {   // ALREADY
        this.parent = null;
    }

    // ---- Context -------------------------------------------------------------------------------

    @Override
    public Optional<Instant> deadline() {
        return Contexts.deadlineOf(this);
    }

    @Override
    public Receiver<Void> done() {
        Chan<Void> d = done;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            d = done;
            if (d == null) {   // not cancelled (cancel would have set CLOSED_CHAN): made lazily, as Go's
                d = Chan.make();
                done = d;
            }
            return d;
        }
    }

    @Override
    public ContextException err() {
        ContextException e = err;
        if (e != null && !doneClosed) {
            synchronized (this) {
                // the canceller holds the lock from the err store until the close: wait it out, so
                // that err() != null implies done() is closed (Go's Err() takes the lock too)
            }
        }
        return e;
    }

    @Override
    public <T> T value(Context.Key<T> key) {
        return Contexts.lookup(this, key);
    }

    /** The cause of this context (Go reads cancelCtx.cause): null while it is not cancelled. */
    final Throwable causeIfCancelled() {
        return err == null ? null : cause;   // cause was stored before err: the volatile read orders it
    }

    /** The done channel if it has been made (Go's {@code c.done.Load()}), else null. */
    final Chan<Void> doneIfMade() {
        return done;
    }

    @Override
    public String toString() {
        return Contexts.nameOf(this);
    }

    // ---- CancelContext -------------------------------------------------------------------------

    @Override
    public void cancel() {
        cancel(true, Context.CANCELED, null);
    }

    @Override
    public void cancel(Throwable cause) {
        cancel(true, Context.CANCELED, cause);
    }

    @Override
    public void close() {
        cancel(true, Context.CANCELED, null);
    }

    // ---- the cancel ----------------------------------------------------------------------------

    /**
     * Go's {@code cancel(removeFromParent, err, cause)}: cancels this context (if it is not already)
     * with {@code err} and {@code cause} (null: {@code err}), then every descendant with the same
     * pair; detaches it from its owner if {@code removeFromParent}. Any goroutine; blocks only on
     * the short locks and, if another call cancelled this context or a descendant first, until
     * that call has cancelled its subtree. On return this context and every descendant are cancelled.
     */
    final void cancel(boolean removeFromParent, ContextException err, Throwable cause) {
        if (err == null) {
            throw new AssertionError("context: internal error: missing cancel error");
        }
        if (cause == null) {
            cause = err;
        }
        CancelCtx kids = cancelSelf(err, cause, this);
        if (kids == ALREADY) {
            awaitSettled();             // Go: a later cancel waits on c.mu for the first one
            return;
        }
        // Go's order: the children first (under c.mu there), then removeChild and the timer. A
        // context that left its owner's list with its subtree still live would let the owner's
        // cancel return before that subtree is cancelled: nothing would make it wait.
        try {
            cancelDescendants(kids, err, cause, this);
        } finally {
            settled();              // even if a Go.spawn in an AfterFuncCtx failed: never strand waiters
        }
        if (removeFromParent) {
            removeFromOwner();
        }
        afterCancel();
    }

    /** Marks this cancel call's subtree cancelled and wakes the goroutines waiting for it. */
    private void settled() {
        if ((int) SETTLE.getAndSet(this, SETTLED) == WAITED) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * Waits until the cancel call that cancelled this context has cancelled its whole subtree.
     * Called only after this context was found cancelled (err != null read under its lock, which
     * orders the cancelRoot read). Bounded: that call holds no lock it waits under and runs no
     * user code. An interrupt does not end the wait; the status is kept.
     */
    private void awaitSettled() {
        CancelCtx r = cancelRoot;
        if (r.settle == SETTLED) {
            return;
        }
        boolean interrupted = false;
        synchronized (r) {
            while (r.settle != SETTLED) {
                SETTLE.compareAndSet(r, RUNNING, WAITED);
                if (r.settle == SETTLED) {
                    break;
                }
                try {
                    r.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Under this lock, the linearization point: marks this context cancelled, closes (or sets) its
     * done channel and detaches its list of children, which it returns (null if none); ALREADY if
     * it had been cancelled before.
     */
    private CancelCtx cancelSelf(ContextException e, Throwable c, CancelCtx root) {
        synchronized (this) {
            if (err != null) {
                return ALREADY;
            }
            cancelRoot = root;
            cause = c;
            err = e;                    // linearization point; pairs with err()/causeIfCancelled()
            Chan<Void> d = done;
            if (d == null) {
                done = Contexts.CLOSED_CHAN;   // nobody asked yet: hand out the shared closed channel
            } else {
                d.close();              // pairs with the receives that observe it closed
            }
            doneClosed = true;
            CancelCtx kids = children;
            children = null;
            return kids;
        }
    }

    /**
     * Cancels the detached list {@code work} and all below it, iteratively: the canceller owns the
     * links of a detached list (I3), so it threads its work list through {@code next}, pushing
     * each cancelled child's own detached list in front. No allocation, no recursion.
     */
    private static void cancelDescendants(CancelCtx work, ContextException err, Throwable cause, CancelCtx root) {
        while (work != null) {
            CancelCtx c = work;
            work = c.next;
            c.next = null;              // safety: detached; only this canceller writes these links
            c.prev = null;
            CancelCtx kids = c.cancelSelf(err, cause, root);
            if (kids == ALREADY) {
                c.awaitSettled();       // cancelled by its own cancel, which handles its subtree
                continue;
            }
            c.afterCancel();
            if (kids != null) {
                CancelCtx tail = kids;
                while (tail.next != null) {
                    tail = tail.next;
                }
                tail.next = work;
                work = kids;
            }
        }
    }

    /** What a subclass does once cancelled, outside any lock: stop a timer, start a function. */
    void afterCancel() {
    }

    /** Go's removeChild: takes this context out of its owner's list, unless the owner was cancelled. */
    private void removeFromOwner() {
        CancelCtx o = owner;
        if (o == null) {
            return;
        }
        synchronized (o) {
            if (o.err != null) {
                return;                 // o's canceller detached the list and owns our links now
            }
            CancelCtx p = prev, n = next;
            if (p == null) {
                if (o.children != this) {
                    throw new AssertionError("context corrupted: a child is not in its owner's list");
                }
                o.children = n;
            } else {
                p.next = n;
            }
            if (n != null) {
                n.prev = p;
            }
            prev = next = null;
        }
    }

    /**
     * Adds {@code child} to this context's list (Go's {@code p.children[child] = struct{}{}}), or,
     * if this context is already cancelled, cancels the child at once with this one's err and
     * cause. Called by propagateCancel before the child is published.
     */
    final void addChild(CancelCtx child) {
        ContextException e;
        Throwable c;
        synchronized (this) {
            e = err;
            c = cause;
            if (e == null) {
                child.owner = this;
                CancelCtx h = children;
                child.next = h;
                if (h != null) {
                    h.prev = child;
                }
                children = child;
                return;
            }
        }
        child.cancel(false, e, c);
    }

    // ---- tests and debugging -------------------------------------------------------------------

    /** The number of children in this context's list (Go's {@code len(p.children)}). */
    final int childCount() {
        synchronized (this) {
            int n = 0;
            for (CancelCtx c = children; c != null; c = c.next) {
                n++;
            }
            return n;
        }
    }

    /** Checks I1, I2 and I4 (and the list's back links); throws AssertionError naming the one broken. */
    final void checkInvariants() {
        synchronized (this) {
            ContextException e = err;
            if (e != null && (children != null || done == null || !doneClosed || cause == null)) {
                throw new AssertionError("context corrupted: I1/I2 cancelled with children=" + children
                        + " done=" + done + " closed=" + doneClosed + " cause=" + cause);
            }
            CancelCtx prevSeen = null;
            for (CancelCtx c = children; c != null; prevSeen = c, c = c.next) {
                if (c.owner != this || c.prev != prevSeen) {
                    throw new AssertionError("context corrupted: I4 child list link broken at " + c);
                }
            }
        }
    }
}
