package io.gort.sync;

import io.gort.sched.DeterministicScheduler;
import io.gort.sched.DeadlockException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A mutual exclusion lock: Go's {@code sync.Mutex}. The zero value — {@code new Mutex()} — is
 * unlocked. It is not reentrant (a goroutine that locks it twice deadlocks, as in Go) and is not
 * tied to a goroutine: one goroutine may lock it and another unlock it. A goroutine waiting for it
 * parks (its carrier runs other goroutines) and shows as {@code sync.Mutex.Lock} in a dump.
 *
 * <p><b>Memory model</b> (Go's words, in Java's): the n-th call to {@link #unlock} happens before the
 * m-th call to {@link #lock} returns, for any n &lt; m. A successful {@link #tryLock} is a lock; a
 * failed one establishes no happens-before relation at all.
 *
 * <p><b>Fairness</b>, as Go's (src/sync/mutex.go since Go 1.9; src/internal/sync/mutex.go since 1.24). In <em>normal mode</em> waiters queue
 * FIFO, but a woken waiter does not own the lock: it competes with goroutines that are arriving right
 * now and are already running, and usually loses; it then goes back to the <em>front</em> of the
 * queue. Arrivals may spin briefly before they queue. This gives the best throughput. A waiter that
 * fails to get the lock for more than 1 ms switches the mutex to <em>starvation mode</em>: {@code
 * unlock} then hands the lock directly to the waiter at the front, arrivals neither spin nor try to
 * take it but queue at the tail. The last waiter, or one that waited less than 1 ms, switches back.
 *
 * <p><b>Lock-free state</b>: one int word, {@code state}:
 * <pre>
 *   bit 0  LOCKED    the mutex is held
 *   bit 1  WOKEN     a waiter has been woken (or a spinner promised to take the lock): unlock need not wake another
 *   bit 2  STARVING  starvation mode
 *   bits 3.. waiter count (goroutines parked, or about to park, on {@link #sema})
 * </pre>
 * Invariants: W1 — the waiter count equals the goroutines that counted themselves in and have not yet
 * been released by an unlock's decrement (a waiter removes itself only in the starvation hand-off).
 * W2 — at most one of "WOKEN is set" and "an unlock is releasing the sema" is in flight: an unlock
 * wakes a waiter only by a CAS that sets WOKEN, and a woken waiter clears it in its next CAS. W3 — in
 * starvation mode LOCKED is clear exactly while the lock is being handed to the front waiter; no one
 * else may take it then, because every taker requires STARVING clear.
 *
 * <p><b>Linearization points</b>: lock — the CAS that sets LOCKED (or, after a starvation hand-off,
 * the add that sets it); unlock — the atomic add that clears LOCKED. <b>Ordering</b>: those are
 * volatile read-modify-writes on {@code state}, so the unlocker's writes happen before the next
 * locker's return; a hand-off goes through {@link Sema}, whose release/grant pair also orders them.
 *
 * <p>Deviations from Go: unlock of an unlocked mutex throws {@link IllegalStateException} ("sync:
 * unlock of unlocked mutex") and undoes its subtraction, where Go kills the process (the undo is
 * exact unless the misuse races with other calls: treat the exception as a bug report); the brief
 * spin is up to four rounds of 30 {@link Thread#onSpinWait()}, only on a machine with more than one
 * core and a scheduler with more than one carrier (Go also requires an idle P and an empty local run
 * queue, which a JVM cannot see cheaply).
 * {@code lock} ignores interrupts, as Go's Lock and Java's {@code ReentrantLock.lock} do: the
 * interrupt stays in the thread's status.
 *
 * <p><b>Owner, a diagnostic</b> (ADR 0011): a Go Mutex has no owner, and here neither: any goroutine
 * may unlock it. But {@link #owner()} records the thread whose lock (or tryLock) last succeeded,
 * until an unlock: one plain store on each side, so that the deadlock detector can follow a wait
 * to the holder, and from there to what the holder waits for. A cycle of such waits is reported
 * (and, under {@code -Dgort.deadlock=throw}, its youngest waiter's {@code lock} throws
 * {@link DeadlockException} — the one case where lock does not just wait). The proof assumes each
 * Mutex is unlocked by the goroutine that locked it; see the ADR.
 */
public final class Mutex implements Locker {
    static final int LOCKED = 1, WOKEN = 2, STARVING = 4, WAITER_SHIFT = 3, WAITER = 1 << WAITER_SHIFT;
    /** Go's starvationThresholdNs: 1 ms. */
    static final int STARVATION_THRESHOLD_NANOS = 1_000_000;
    private static final boolean MULTICORE = Runtime.getRuntime().availableProcessors() > 1;
    private static final int ACTIVE_SPIN = 4, ACTIVE_SPIN_CNT = 30;

    private static final VarHandle STATE, SEMA, OWNER;
    static {
        try {
            var l = MethodHandles.lookup();
            STATE = l.findVarHandle(Mutex.class, "state", int.class);
            SEMA = l.findVarHandle(Mutex.class, "sema", Sema.class);
            OWNER = l.findVarHandle(Mutex.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int state;
    private volatile Sema sema;   // made on first contention (Sema.lazy), or by the test constructor
    /**
     * The thread whose lock last succeeded, until unlock (a diagnostic: plain stores by the locker
     * and the unlocker, opaque reads by the deadlock detector). It took the place of the starvation
     * threshold, now in the Sema: a Mutex stays 24 bytes with compressed oops.
     */
    private Thread owner;

    /** An unlocked mutex. */
    public Mutex() {
        this(STARVATION_THRESHOLD_NANOS);
    }

    /**
     * An unlocked mutex with another starvation threshold, for tests only: with -1, every waiter that
     * is woken and loses the race again switches the mutex to starvation mode, so the jcstress tests
     * can force a starvation hand-off without waiting 1 ms.
     */
    Mutex(long starvationThresholdNanos) {
        if (starvationThresholdNanos != STARVATION_THRESHOLD_NANOS) {
            sema = new Sema(Math.toIntExact(starvationThresholdNanos));   // a waiter has a Sema anyway
        }
    }

    /**
     * Locks the mutex; if it is held, parks the calling goroutine until it is available. Ignores
     * interrupts (they stay in the thread's interrupt status).
     */
    @Override
    public void lock() {
        if (!STATE.compareAndSet(this, 0, LOCKED)) {
            lockSlow();
        }
        owner = Thread.currentThread();   // safety: plain, a diagnostic (see owner)
    }

    /**
     * Locks the mutex if it is free right now and reports whether it did. Rarely right to use, as Go's
     * doc says: a correct use of tryLock is rare, and often a sign of a deeper problem.
     */
    public boolean tryLock() {
        int old = state;
        if ((old & (LOCKED | STARVING)) == 0 && STATE.compareAndSet(this, old, old | LOCKED)) {
            owner = Thread.currentThread();
            return true;
        }
        return false;
    }

    /**
     * The thread whose {@link #lock}/{@link #tryLock} last succeeded, if the mutex has not been
     * unlocked since; else null. A racy diagnostic (for the deadlock detector and dumps): a Go
     * Mutex has no owner, and any goroutine may unlock it.
     */
    public Thread owner() {
        return (Thread) OWNER.getOpaque(this);
    }

    /**
     * Unlocks the mutex. It need not have been locked by this goroutine.
     *
     * @throws IllegalStateException "sync: unlock of unlocked mutex"; the mutex is left as it was
     *         (exactly so unless the misuse races with other calls on it)
     */
    @Override
    public void unlock() {
        owner = null;                     // safety: plain, before the releasing add (a diagnostic)
        // One atomic add, as Go's Unlock: it cannot fail, where a CAS fails whenever waiters are
        // counted in the word (a CAS loop here cost 1.4x on the 8-goroutine counter; ADR 0005).
        int next = (int) STATE.getAndAdd(this, -LOCKED) - LOCKED;
        if (next != 0) {
            unlockSlow(next);
        }
    }

    private void lockSlow() {
        long waitStart = 0;
        boolean waited = false;   // Go tests waitStartTime != 0; a bubble's virtual clock reads 0 at its start
        boolean starving = false, awoke = false;
        int iter = spinUseful() ? 0 : ACTIVE_SPIN;
        int old = state;
        for (;;) {
            // Spin while the lock is held in normal mode: the holder may release it soon, and then
            // we take it without parking. Never in starvation mode: the lock goes to a waiter then.
            if ((old & (LOCKED | STARVING)) == LOCKED && iter < ACTIVE_SPIN) {
                // Tell unlock not to wake a waiter while we are about to take the lock.
                if (!awoke && (old & WOKEN) == 0 && (old >>> WAITER_SHIFT) != 0
                        && STATE.compareAndSet(this, old, old | WOKEN)) {
                    awoke = true;
                }
                for (int i = 0; i < ACTIVE_SPIN_CNT; i++) {
                    Thread.onSpinWait();
                }
                iter++;
                old = state;
                continue;
            }
            int next = old;
            if ((old & STARVING) == 0) {
                next |= LOCKED;                       // newcomers do not take a starving mutex
            }
            if ((old & (LOCKED | STARVING)) != 0) {
                next += WAITER;                       // we will park
            }
            if (starving && (old & LOCKED) != 0) {
                next |= STARVING;                     // switch to starvation mode
            }
            if (awoke) {
                next &= ~WOKEN;                       // we were woken (or promised): clear it either way
            }
            if (STATE.compareAndSet(this, old, next)) {
                if ((old & (LOCKED | STARVING)) == 0) {
                    return;                           // locked by this CAS
                }
                boolean queueLifo = waited;           // woken before and lost: back to the front
                if (!waited) {
                    waited = true;
                    waitStart = DeterministicScheduler.nanoTime();   // a Synctest bubble's virtual clock inside one
                }
                Sema s = sema();
                try {
                    s.acquireUninterruptibly(queueLifo, WaitReason.MUTEX_LOCK, this);
                } catch (DeadlockException e) {
                    uncountVictim();
                    throw e;
                }
                starving = starving || DeterministicScheduler.nanoTime() - waitStart > s.starvationThresholdNanos;
                old = state;
                if ((old & STARVING) != 0) {
                    // Handed to us in starvation mode: the state is inconsistent (LOCKED clear, our
                    // waiter still counted) until we fix it here.
                    if ((old & (LOCKED | WOKEN)) != 0 || (old >>> WAITER_SHIFT) == 0) {
                        throw new IllegalStateException("sync: inconsistent mutex state");
                    }
                    int delta = LOCKED - WAITER;
                    if (!starving || (old >>> WAITER_SHIFT) == 1) {
                        delta -= STARVING;            // last waiter, or not starving: back to normal
                    }
                    STATE.getAndAdd(this, delta);
                    return;
                }
                awoke = true;
                iter = iter < ACTIVE_SPIN ? 0 : ACTIVE_SPIN;
            } else {
                old = state;
            }
        }
    }

    /**
     * A deadlock victim left the Sema's queue without a permit: take it out of the waiter count.
     * Race, written out: T1 (an unlocker) may already have decremented the count for a wake-up
     * and released a permit that the victim will never take. Then the permit went to the next
     * queued waiter (whom T1's decrement stands for), or, with the queue empty, is stored for the
     * next waiter to park, which then wakes at once: the count may end one low, but never with a
     * waiter parked and no permit to wake it (W1 holds for parked waiters). A count already at zero
     * is left alone; the stored permit then only causes one spurious wake-up.
     */
    private void uncountVictim() {
        for (int old = state; (old >>> WAITER_SHIFT) > 0; old = state) {
            if (STATE.compareAndSet(this, old, old - WAITER)) {
                return;
            }
        }
    }

    private Sema sema() {
        Sema s = sema;
        return s != null ? s : Sema.lazy(SEMA, this);
    }

    /**
     * Go's canSpin, as far as the JVM can see: spinning helps only if the holder runs on another
     * core, so never on a one-core machine or when the caller's scheduler has one carrier (the
     * holder then waits for this very carrier). Go also wants an idle P and an empty local run queue.
     */
    private static boolean spinUseful() {
        if (!MULTICORE) {
            return false;
        }
        Goroutine g = Goroutine.current();
        return g == null || g.scheduler().parallelism() > 1;
    }

    private void unlockSlow(int next) {
        if (((next + LOCKED) & LOCKED) == 0) {
            STATE.getAndAdd(this, LOCKED);   // undo: it was not locked
            throw new IllegalStateException("sync: unlock of unlocked mutex");
        }
        int old = next;
        if ((old & STARVING) == 0) {
            for (;;) {
                // No waiters, or someone already locked it, or a waiter is woken (or a spinner
                // promised to take it), or it went into starvation mode: nobody to wake.
                if ((old >>> WAITER_SHIFT) == 0 || (old & (LOCKED | WOKEN | STARVING)) != 0) {
                    return;
                }
                int woken = (old - WAITER) | WOKEN;
                if (STATE.compareAndSet(this, old, woken)) {
                    sema().release(1);
                    return;
                }
                old = state;
            }
        } else {
            // Starvation mode: hand the lock to the front waiter. LOCKED stays clear until it sets it,
            // but STARVING keeps newcomers out.
            sema().release(1);
        }
    }

    /** Whether the mutex is held right now (a racy snapshot, for tests and diagnostics). */
    boolean isLocked() {
        return (state & LOCKED) != 0;
    }

    /** Whether the mutex is in starvation mode right now (a racy snapshot, for tests and diagnostics). */
    boolean isStarving() {
        return (state & STARVING) != 0;
    }

    /** Goroutines parked (or about to park) waiting for this mutex; a racy snapshot. */
    int waiters() {
        return state >>> WAITER_SHIFT;
    }

    @Override
    public String toString() {
        int s = state;
        return "Mutex[" + ((s & LOCKED) != 0 ? "locked" : "unlocked")
                + ((s & STARVING) != 0 ? ", starving" : "")
                + ", waiters=" + (s >>> WAITER_SHIFT) + "]";
    }
}
