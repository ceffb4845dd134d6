package io.gort.sync;

import io.gort.chan.Chan;
import io.gort.context.Context;
import io.gort.context.ContextException;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A weighted semaphore: Go's {@code golang.org/x/sync/semaphore.Weighted}. It bounds concurrent
 * access to a resource of {@link #size()} units; each caller asks for some number of units and
 * gives back the same number when done. {@code new Semaphore(n)} is {@code NewWeighted(n)};
 * {@link #acquire(Context, long)} is {@code Acquire(ctx, n)} (the error it returns is thrown);
 * {@link #acquire(long)} is {@code Acquire(context.Background(), n)}; {@link #acquire(long,
 * Duration)} is {@code Acquire} with a {@code context.WithTimeout}; {@link #tryAcquire(long)} and
 * {@link #release(long)} are {@code TryAcquire} and {@code Release}.
 *
 * <p><b>Fairness.</b> Waiters are served strictly first in, first out: a waiter at the head that
 * asks for more units than are free blocks every later request, even a smaller one that would fit.
 * A large request is therefore never starved by a stream of small ones (think of a semaphore of N
 * units used as a read-write lock: readers take 1, a writer takes N). For the same reason
 * {@link #tryAcquire(long)} fails while anyone waits, even if enough units are free. When the head
 * waiter gives up (interrupt, timeout), the waiters behind it are served at once if they now fit.
 *
 * <p><b>Too large.</b> A request for more than {@link #size()} units can never succeed. As in Go it
 * does not join the queue (it would block everyone behind it forever): it waits alone until it is
 * interrupted ({@link #acquire(long)}) or times out ({@link #acquire(long, Duration)}).
 *
 * <p><b>Memory model.</b> A {@code release} that frees units happens before the {@code acquire}
 * (or {@code tryAcquire}) that obtains them.
 *
 * <p><b>Interrupts.</b> Go has none; Java does. A goroutine (or thread) interrupted while it waits
 * in {@code acquire} wakes and throws {@link GoInterruptedException} with its interrupt status
 * still set, and nothing was acquired. If its units were granted before the interrupt was seen,
 * the grant wins: {@code acquire} returns normally, holding the units, and the interrupt status
 * stays set for the next wait (the rule of gort's channels). An {@code acquire} that does not need
 * to wait ignores the interrupt status, as Go would. The timed form treats an interrupt the same
 * way (it throws; it does not return false).
 *
 * <p><b>Misuse</b> throws and leaves the semaphore as it was: a negative weight or size,
 * {@link IllegalArgumentException}; releasing more than is held, {@link IllegalStateException}
 * "semaphore: released more than held" (Go panics, after having already subtracted).
 *
 * <p>Every wait parks the goroutine, never its carrier thread; a goroutine dump shows it as
 * {@code semacquire} on this semaphore.
 */
public final class Semaphore extends SpinLock {
    /*
     * Design: x/sync's semaphore.go, a counter and a FIFO list of waiters under one mutex, with the
     * mutex replaced by a spin lock that is never held across a park (as gort's Chan: the holder
     * runs a few field writes, and a virtual thread is not preempted, so only a descheduled carrier
     * makes others spin; they yield after a few tries: {@link SpinLock}). Go's `ready` channel per waiter becomes a
     * volatile `state` written under the lock, and the granted waiters are unparked after the
     * unlock. The lock was chosen over ReentrantLock by measuring the uncontended acquire+release
     * pair (HACKING.md, "Semaphore and SingleFlight").
     *
     * Deviations from Go: release() of more than is held throws before changing anything (Go has
     * already subtracted when it panics); negative weights are rejected (Go would let acquire(-1)
     * grow the semaphore); a grant that races an interrupt or a timeout wins (Go, when it sees the
     * context done after the grant, gives the units back: with a Duration the deadline is ours to
     * read, and the grant was simply first; an interrupt follows gort's channels and j.u.c). The
     * cancel-signal hook of acquire0, which acquire(Context, n) uses, keeps Go's rules exactly: a signal
     * already cancelled when the lock is taken fails even if units are free, and a waiter granted
     * while (or after) its signal was cancelled gives the units back and fails (go.dev/issue/63615:
     * a cancel that happened before the units were released must make the Acquire fail). A
     * timeout measured from the call itself cannot have expired before the call.
     *
     * State and writers (all under `lock`):
     *   cur — units held; acquire's fast path and grantLocked add, release subtracts.
     *   head, tail — the FIFO queue of WAITING waiters, linked by prev/next.
     *   queued — the number of waiters in the queue (for tests and toString).
     *   Waiter.state — WAITING while queued; set once to GRANTED (grantLocked) or CANCELLED (the
     *     waiter itself, cancel()); read without the lock by the parked waiter.
     *
     * Invariants, whenever the lock is free (checkInvariants):
     *   I1  0 <= cur <= size.
     *   I2  a waiter is in the queue iff its state is WAITING; every queued waiter has n <= size.
     *   I3  the queue is empty, or its head asks for more than size - cur (otherwise grantLocked
     *       would have granted it: every operation that frees units or removes the head ends with
     *       grantLocked).
     *
     * Linearization points (all inside the lock):
     *   acquire — the fast path's `cur += n`; for a queued waiter, grantLocked's `cur += n` with
     *             the GRANTED store; a cancelled wait — its CANCELLED store (nothing happened).
     *   tryAcquire — the locked check (and add).
     *   release — `cur -= n`; the grants it makes are linearized right after it, in queue order.
     *
     * Ordering pairs: lock CAS (acquire) <-> unlock setRelease, for all state above; the GRANTED
     *   volatile store under the lock <-> the parked waiter's volatile read of state (so the
     *   releaser's writes before release() are visible to the waiter that got its units);
     *   LockSupport.unpark <-> park (the JDK's).
     * Races, written out:
     *   grant vs cancel.  T1 (waiter) wakes from park on interrupt or deadline; T2 (releaser)
     *   holds the lock. Both decide under the lock, so exactly one of: T2 grants first (state =
     *   GRANTED; T1 then locks, sees GRANTED, returns holding the units), or T1 cancels first
     *   (state = CANCELLED, unlinked; T2 never sees it). No CAS is needed: state changes only
     *   under the lock.
     *   head cancels with units free.  Waiters A(2), B(1), size 2, cur 1: A blocks B. A times
     *   out and unlinks itself; B now fits, so cancel() ends with grantLocked, which grants B
     *   (Go issue 63615's notifyWaiters; TestAllocCancelDoesntStarve).
     *   unpark after unlock.  grantLocked chains the granted waiters through `next` (they are
     *   off the queue) and the caller unparks them after unlock. A granted waiter that woke
     *   spuriously may already have returned; its node is not reused, so the late unpark only
     *   leaves a permit on its thread, which every park loop tolerates.
     * Maintenance: after any change run SemaphoreTest, the conformance port SemaphoreGoTest and
     *   the stress tier (SemaphoreStressTest).
     */

    private static final int WAITING = 0, GRANTED = 1, CANCELLED = 2;

    /** A goroutine (or thread) queued for {@link #n} units: one per blocked acquire, never reused. */
    private static final class Waiter {
        final long n;
        final Thread thread = Thread.currentThread();
        Waiter prev, next;             // under the lock while queued; next is then the wake chain
        volatile int state = WAITING;  // written under the lock only

        Waiter(long n) {
            this.n = n;
        }
    }

    /**
     * A source of cancellation other than a deadline: the hook {@link #acquire(Context, long)} plugs a context into
     * (Go's {@code ctx.Done()}). {@link #cancelled()} must become true before {@code wake} is run,
     * and stay true.
     */
    interface CancelSignal {
        /** True once cancelled. */
        boolean cancelled();

        /**
         * Runs {@code wake} once when this is cancelled (at once, or not at all, if it already
         * is); returns an action that undoes the registration, run when the wait ends.
         */
        Runnable onCancel(Runnable wake);
    }

    /** acquire0's results. */
    static final int ACQUIRED = 0, TIMED_OUT = 1, SIGNALLED = 2;

    private final long size;
    private long cur;                // under the lock
    private Waiter head, tail;       // under the lock
    private int queued;              // under the lock

    /**
     * {@code NewWeighted(size)}: a semaphore of {@code size} units, none held. A size of 0 is
     * allowed, as in Go: only {@code acquire(0)} then succeeds.
     *
     * @throws IllegalArgumentException if {@code size < 0}
     */
    public Semaphore(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("semaphore: negative size " + size);
        }
        this.size = size;
    }

    /** The total number of units. */
    public long size() {
        return size;
    }

    /**
     * Acquires {@code n} units, waiting until they are free and every earlier waiter has been
     * served. A request for more than {@link #size()} waits until interrupted.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws GoInterruptedException if interrupted while waiting; nothing was acquired
     */
    public void acquire(long n) {
        int r = acquire0(n, false, 0L, null);
        if (r != ACQUIRED) {
            throw new AssertionError("semaphore corrupted: untimed acquire returned " + r);
        }
    }

    /**
     * Go's {@code Acquire(ctx, n)}: acquires {@code n} units, waiting until they are free and every
     * earlier waiter has been served, or until {@code ctx} is done, whichever comes first; then it
     * throws {@code ctx.err()} and nothing was acquired. As in x/sync, a context that is already
     * done when the call starts fails it even if the units are free (go.dev/issue/63615: its being
     * done "happened before" the acquire), and units granted to a waiter whose context became done
     * are given back (the cancellation wins). A request for more than {@link #size()} waits, without
     * joining the queue, until {@code ctx} is done. With a context that is never done ({@link
     * Context#background()}) this is {@link #acquire(long)}.
     *
     * @throws ContextException {@code ctx.err()}, {@link Context#CANCELED} or {@link
     *         Context#DEADLINE_EXCEEDED}, if {@code ctx} was done first; nothing was acquired
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws NullPointerException if {@code ctx} is null
     * @throws GoInterruptedException if interrupted while waiting; nothing was acquired
     */
    public void acquire(Context ctx, long n) {
        Objects.requireNonNull(ctx, "ctx");
        // Go: done := ctx.Done(); a nil channel (background, todo, withoutCancel) never fires
        CancelSignal signal = ((Chan<Void>) ctx.done()).isNil() ? null : new ContextSignal(ctx);
        if (acquire0(n, false, 0L, signal) == SIGNALLED) {
            ContextException e = ctx.err();
            throw e != null ? e : Context.CANCELED;   // a foreign context whose err() lags its done()
        }
    }

    /**
     * A context as acquire0's cancel signal: cancelled once {@code ctx.err()} is set (a context's
     * err() is non-null once its done() is closed); {@code wake} is registered with {@link
     * Context#afterFunc}, which runs it in its own goroutine after the cancel, and unregistered
     * with the handle's {@code stop}.
     */
    private record ContextSignal(Context ctx) implements CancelSignal {
        @Override
        public boolean cancelled() {
            return ctx.err() != null;
        }

        @Override
        public Runnable onCancel(Runnable wake) {
            Context.AfterFunc stop = Context.afterFunc(ctx, wake);
            return stop::stop;
        }
    }

    /**
     * Acquires {@code n} units, waiting at most {@code timeout}: true if acquired, false if the time
     * ran out first (then nothing was acquired). A non-positive timeout does not wait: it succeeds
     * only where {@link #tryAcquire(long)} would.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws NullPointerException if {@code timeout} is null
     * @throws GoInterruptedException if interrupted while waiting; nothing was acquired
     */
    public boolean acquire(long n, Duration timeout) {
        long nanos = saturatedNanos(timeout);
        if (nanos <= 0) {
            return tryAcquire(n);
        }
        long deadline = System.nanoTime() + nanos;
        return acquire0(n, true, deadline, null) == ACQUIRED;
    }

    /**
     * Acquires {@code n} units if they are free and nobody is waiting, without waiting; true if it
     * did. False while any waiter is queued, even if {@code n} units are free (first in, first out).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public boolean tryAcquire(long n) {
        checkWeight(n);
        lock();
        boolean ok = head == null && size - cur >= n;
        if (ok) {
            cur += n;
        }
        unlock();
        return ok;
    }

    /**
     * Gives back {@code n} units and wakes the waiters at the head of the queue that now fit.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalStateException "semaphore: released more than held" if fewer than {@code n}
     *         units are held; the semaphore is left unchanged
     */
    public void release(long n) {
        checkWeight(n);
        lock();
        if (n > cur) {
            unlock();
            throw new IllegalStateException("semaphore: released more than held");
        }
        cur -= n;
        Waiter wake = head == null ? null : grantLocked();
        unlock();
        unparkAll(wake);
    }

    // ---- the wait --------------------------------------------------------------------------------

    /**
     * The one acquire: ACQUIRED, TIMED_OUT (only if {@code timed}, after {@code deadline}) or
     * SIGNALLED (only if {@code signal} is not null: it was cancelled, before the call or while
     * waiting). A signal already cancelled on entry fails even if units are free (Go: a done context
     * "happened before" the acquire). Throws GoInterruptedException on interrupt while waiting.
     */
    int acquire0(long n, boolean timed, long deadline, CancelSignal signal) {
        checkWeight(n);
        lock();
        if (signal != null && signal.cancelled()) {
            unlock();   // cancelled before the call, or while it waited for the lock: fail (Go)
            return SIGNALLED;
        }
        if (head == null && size - cur >= n) {
            cur += n;           // linearization point: the fast path
            unlock();
            return ACQUIRED;
        }
        if (n > size) {
            unlock();
            return waitTooLarge(timed, deadline, signal);
        }
        Waiter me = new Waiter(n);
        if (tail == null) {
            head = me;
        } else {
            tail.next = me;
            me.prev = tail;
        }
        tail = me;
        queued++;
        unlock();
        return await(me, timed, deadline, signal);
    }

    /** Parks until {@code me} is granted, or cancels it on interrupt, deadline or signal. */
    private int await(Waiter me, boolean timed, long deadline, CancelSignal signal) {
        Goroutine g = Goroutine.beginWait(WaitReason.SEMACQUIRE, this, timed);
        Thread t = me.thread;
        Runnable unregister = signal == null ? null : signal.onCancel(() -> LockSupport.unpark(t));
        try {
            while (me.state == WAITING) {   // volatile read; pairs with the GRANTED store
                long left = 0;
                if (timed && (left = deadline - System.nanoTime()) <= 0) {
                    return cancel(me) ? TIMED_OUT : ACQUIRED;
                }
                if (Thread.currentThread().isInterrupted()) {
                    if (cancel(me)) {
                        throw Goroutine.interruptedIn(g, "interrupted in semaphore acquire");
                    }
                    return ACQUIRED;   // granted first: the grant wins, the status stays set
                }
                if (signal != null && signal.cancelled()) {
                    if (!cancel(me)) {
                        release(me.n);   // granted, but cancelled first: give the units back (Go)
                    }
                    return SIGNALLED;
                }
                if (timed) {
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
            }
            if (signal != null && signal.cancelled()) {
                release(me.n);   // Go: granted, then found the context done; a cancel wins
                return SIGNALLED;
            }
            return ACQUIRED;
        } finally {
            if (unregister != null) {
                unregister.run();
            }
            Goroutine.endWait(g);
        }
    }

    /**
     * The waiter gives up: true if it was still WAITING (it is now CANCELLED and off the queue),
     * false if it had been granted (it holds its units). If it was the head, the waiters behind it
     * that now fit are granted (Go's notifyWaiters after a cancelled head).
     */
    private boolean cancel(Waiter me) {
        lock();
        if (me.state == GRANTED) {
            unlock();
            return false;
        }
        me.state = CANCELLED;   // linearization point of the failed wait
        boolean wasHead = head == me;
        unlink(me);
        Waiter wake = wasHead && head != null ? grantLocked() : null;
        unlock();
        unparkAll(wake);
        return true;
    }

    /** A request larger than the semaphore: waits, unqueued, until the wait ends some other way. */
    private int waitTooLarge(boolean timed, long deadline, CancelSignal signal) {
        Goroutine g = Goroutine.beginWait(WaitReason.SEMACQUIRE, this, timed);
        Thread t = Thread.currentThread();
        Runnable unregister = signal == null ? null : signal.onCancel(() -> LockSupport.unpark(t));
        try {
            for (;;) {
                long left = 0;
                if (timed && (left = deadline - System.nanoTime()) <= 0) {
                    return TIMED_OUT;
                }
                if (t.isInterrupted()) {
                    throw Goroutine.interruptedIn(g, "interrupted in semaphore acquire");
                }
                if (signal != null && signal.cancelled()) {
                    return SIGNALLED;
                }
                if (timed) {
                    LockSupport.parkNanos(this, left);
                } else {
                    LockSupport.park(this);
                }
            }
        } finally {
            if (unregister != null) {
                unregister.run();
            }
            Goroutine.endWait(g);
        }
    }

    /**
     * Grants the waiters at the head of the queue while they fit, in order, and stops at the first
     * that does not (it blocks the rest: no starvation of large requests). Returns the granted
     * waiters chained through {@code next}, for {@link #unparkAll} after the unlock. Lock held.
     */
    private Waiter grantLocked() {
        Waiter first = null, last = null;
        for (Waiter w = head; w != null && size - cur >= w.n; w = head) {
            cur += w.n;          // linearization point of w's acquire
            unlink(w);
            w.state = GRANTED;   // pairs with the volatile read in await
            // safety: w may return from acquire from here on; only this chain reads w.next now
            if (last == null) {
                first = w;
            } else {
                last.next = w;
            }
            last = w;
        }
        return first;
    }

    private void unlink(Waiter w) {   // lock held
        Waiter p = w.prev, nx = w.next;
        if (p == null) {
            head = nx;
        } else {
            p.next = nx;
        }
        if (nx == null) {
            tail = p;
        } else {
            nx.prev = p;
        }
        w.prev = w.next = null;
        queued--;
    }

    private static void unparkAll(Waiter w) {
        while (w != null) {
            Waiter nx = w.next;
            LockSupport.unpark(w.thread);
            w = nx;
        }
    }


    // ---- helpers, tests, debugging ---------------------------------------------------------------

    private static void checkWeight(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: negative weight " + n);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE / 2;   // far enough: never expires
        }
    }

    /** The number of queued waiters (tests wait for a waiter to be queued with it). */
    int queuedWaiters() {
        lock();
        int q = queued;
        unlock();
        return q;
    }

    /** Units held now. */
    long held() {
        lock();
        long c = cur;
        unlock();
        return c;
    }

    /** Checks I1-I3; throws AssertionError naming the broken one. For tests, at quiescence or not. */
    void checkInvariants() {
        lock();
        try {
            if (cur < 0 || cur > size) {
                throw new AssertionError("semaphore corrupted: I1 cur=" + cur + " size=" + size);
            }
            int count = 0;
            Waiter prev = null;
            for (Waiter w = head; w != null; prev = w, w = w.next) {
                if (w.state != WAITING || w.n > size || w.prev != prev) {
                    throw new AssertionError("semaphore corrupted: I2 at waiter " + count + " " + this);
                }
                count++;
            }
            if (prev != tail || count != queued) {
                throw new AssertionError("semaphore corrupted: I2 tail/count " + count + " " + queued);
            }
            if (head != null && size - cur >= head.n) {
                throw new AssertionError("semaphore corrupted: I3 head fits " + head.n + " cur=" + cur);
            }
        } finally {
            unlock();
        }
    }

    @Override
    public String toString() {
        lock();
        try {
            StringBuilder b = new StringBuilder("Semaphore[size ").append(size).append(", held ").append(cur)
                    .append(", waiters [");
            int shown = 0;
            for (Waiter w = head; w != null && shown < 8; w = w.next, shown++) {
                b.append(shown == 0 ? "" : ", ").append(w.n);
            }
            if (queued > shown) {
                b.append(", ... ").append(queued - shown).append(" more");
            }
            return b.append("]]").toString();
        } finally {
            unlock();
        }
    }
}
