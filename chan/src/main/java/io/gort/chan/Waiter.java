package io.gort.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A goroutine waiting on a channel: Go's {@code sudog}. A blocked send or receive is one waiter that
 * is its own {@link #owner}; a blocked select has one waiter per case, all pointing at a root waiter
 * that owns the select's single {@link #state}.
 *
 * <p>Who touches what: {@code prev}, {@code next}, {@code queued} — only under the lock of
 * {@link #chan}. {@code elem} — written by the waiting goroutine before it enqueues (a send's value)
 * or by the counterpart that claims it (a receive's value) before the claiming CAS; read by the other
 * side after it. {@code state} — one CAS from {@link #WAITING} decides the waiter's fate, by a
 * counterpart (completion), by {@code close} (completion with {@link #CLOSED}), or by the waiter
 * itself (cancellation on interrupt); nothing writes it afterwards.
 */
final class Waiter {
    /** Nobody has claimed the waiter yet. */
    static final int WAITING = -1;
    /** The waiter gave up (its thread was interrupted): nothing happened on any of its channels. */
    static final int CANCELLED = -2;
    /** Bit 0 of a completed state: the case completed because its channel was closed. */
    static final int CLOSED = 1;

    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    final Waiter owner;        // this, or the select's root waiter
    final int index;           // the select case's index; 0 for a plain send or receive
    final Chan<?> chan;        // null for a select's root
    Object elem;

    Waiter prev, next;         // guarded by chan's lock
    boolean queued;            // guarded by chan's lock

    private volatile int state = WAITING;   // meaningful on the owner only

    /** A plain send or receive: its own owner. */
    Waiter(Chan<?> chan, Object elem) {
        this.thread = Thread.currentThread();
        this.owner = this;
        this.index = 0;
        this.chan = chan;
        this.elem = elem;
    }

    /** A select's root: owns the state, is never queued. */
    Waiter() {
        this.thread = Thread.currentThread();
        this.owner = this;
        this.index = -1;
        this.chan = null;
    }

    /** A select's case {@code index} on {@code chan}. */
    Waiter(Waiter root, int index, Chan<?> chan, Object elem) {
        this.thread = root.thread;
        this.owner = root;
        this.index = index;
        this.chan = chan;
        this.elem = elem;
    }

    /** Completed state for case {@code index}; {@code closed} when its channel closed. */
    static int completed(int index, boolean closed) {
        return (index << 1) | (closed ? CLOSED : 0);
    }

    /**
     * Claims this waiter's owner for this waiter's case: the linearization point of the counterpart's
     * operation on this waiter. Release: the claimer's writes to {@code elem} before it are seen by
     * the waiter after its acquire read of the state ({@link #stateAcquire}).
     */
    boolean tryClaim(boolean closed) {
        return STATE.compareAndSet(owner, WAITING, completed(index, closed));
    }

    /** The owner cancels itself; true if nothing had claimed it. */
    boolean tryCancel() {
        return STATE.compareAndSet(this, WAITING, CANCELLED);
    }

    /** The owner's state; acquire, pairs with the release of {@link #tryClaim}. */
    int stateAcquire() {
        return state;
    }

    boolean isWaiting() {
        return owner.state == WAITING;
    }

    @Override
    public String toString() {
        return "Waiter[case " + index + ", " + thread + ", state " + owner.state + (queued ? ", queued" : "") + "]";
    }
}
