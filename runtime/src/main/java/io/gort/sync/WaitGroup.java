package io.gort.sync;

import io.gort.sched.DeadlockException;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import io.gort.sched.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Waits for a collection of goroutines to finish: Go's {@code sync.WaitGroup}. The usual shape is
 * {@code wg.add(n)} before starting n goroutines, {@code wg.done()} at the end of each, and
 * {@code wg.await()} where you wait — or {@link #go(Runnable)}, which does all three bookkeeping
 * steps around a new goroutine (Go 1.25's {@code WaitGroup.Go}). {@code await} is Go's {@code Wait}
 * ({@link Object#wait()} is final in Java).
 *
 * <p><b>Memory model</b>: a {@link #done()} call happens before the return of any {@link #await}
 * that it unblocks; everything a goroutine started by {@link #go} did happens before such an await
 * returns.
 *
 * <p><b>Rules</b> (Go's): a positive add that starts from a zero counter must happen before the
 * await; a WaitGroup may be reused, but only after every await of the previous round has returned.
 * Breaking them throws, with Go's words, where Go panics: "sync: negative WaitGroup counter",
 * "sync: WaitGroup misuse: Add called concurrently with Wait", "sync: WaitGroup is reused before
 * previous Wait has returned". Unlike Go, a rejected add leaves the counter as it was.
 *
 * <p><b>Lock-free state</b>: one long, {@code state}: the counter in the high 32 bits, the number of
 * waiters in the low 32 (Go's layout). Invariants: G1 — waiters are counted only while the counter is
 * positive (a waiter counts itself in by a CAS that sees a positive counter); G2 — the add that takes
 * the counter to zero with w waiters resets the whole word to 0 and releases exactly w permits on
 * {@link #sema}, one per counted waiter; G3 — a waiter that gives up (interrupt) first uncounts itself
 * by a CAS that still sees a positive counter, so no permit is released for it; if that CAS finds the
 * counter at zero, its permit is on the way and it takes it (returning normally).
 *
 * <p><b>Linearization points</b>: add/done — the CAS on {@code state}; await — its read of a zero
 * counter, or the zeroing add that releases it. <b>Ordering</b>: the zeroing CAS follows every done's
 * CAS in {@code state}'s modification order, and the permit passes through {@link Sema} (lock release
 * / acquire), so every done happens before the woken await returns.
 */
public final class WaitGroup {
    private static final VarHandle STATE, SEMA;
    static {
        try {
            var l = MethodHandles.lookup();
            STATE = l.findVarHandle(WaitGroup.class, "state", long.class);
            SEMA = l.findVarHandle(WaitGroup.class, "sema", Sema.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long state;
    private volatile Sema sema;   // made on the first wait (Sema.lazy)

    /** A WaitGroup with a zero counter. */
    public WaitGroup() { }

    /**
     * Adds {@code delta}, which may be negative, to the counter. When the counter reaches zero, every
     * goroutine blocked in {@link #await} is released.
     *
     * @throws IllegalStateException "sync: negative WaitGroup counter" (the counter is left as it
     *         was), or "sync: WaitGroup misuse: Add called concurrently with Wait"
     */
    public void add(int delta) {
        // One atomic add, as Go: done() is the hot path. A negative result is undone (an undo that is
        // exact unless the misuse races with other adds, which is a bug of the program anyway).
        long d = (long) delta << 32;
        long now = (long) STATE.getAndAdd(this, d) + d;
        int v = (int) (now >> 32);
        int w = (int) now;
        if (v < 0) {
            STATE.getAndAdd(this, -d);
            // Go says "negative" for both (its int32 wraps); past Integer.MAX_VALUE gort says which.
            throw new IllegalStateException(delta > 0 ? "sync: WaitGroup counter overflow" : "sync: negative WaitGroup counter");
        }
        if (w != 0 && delta > 0 && v == delta) {
            // Waiters are counted while the counter was zero: a zeroing add is releasing them.
            throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        if (v > 0 || w == 0) {
            return;
        }
        // The counter is zero and there are waiters (G2). Nothing else can change the word now: a
        // waiter counts itself in or out only while the counter is positive, so a change means an
        // add raced with this one, which Go calls misuse.
        if (!STATE.compareAndSet(this, now, 0L)) {
            throw new IllegalStateException("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        sema().release(w);
    }

    /** Decrements the counter by one: {@code add(-1)}. */
    public void done() {
        add(-1);
    }

    /**
     * Blocks until the counter is zero.
     *
     * @throws GoInterruptedException if interrupted while waiting (the status is kept); a counter
     *         that reached zero meanwhile wins, and await returns normally with the status set
     * @throws IllegalStateException "sync: WaitGroup is reused before previous Wait has returned"
     */
    public void await() {
        await(this);
    }

    /** {@link #await}, recording {@code on} as what the goroutine waits on (SingleFlight: its group). */
    void await(Object on) {
        for (;;) {
            long old = state;
            if ((old >> 32) == 0) {
                return;
            }
            if (STATE.compareAndSet(this, old, old + 1)) {
                break;   // counted in (G1)
            }
        }
        try {
            sema().acquire(WaitReason.WAIT_GROUP, on);
        } catch (GoInterruptedException | DeadlockException e) {
            if (uncount()) {
                throw e;
            }
            // G3: the counter reached zero first; our permit is on its way (and a deadlock it was not).
            sema().acquireUninterruptibly(false, WaitReason.WAIT_GROUP, on);
            if (e instanceof GoInterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        if (state != 0) {
            throw new IllegalStateException("sync: WaitGroup is reused before previous Wait has returned");
        }
    }

    private Sema sema() {
        Sema s = sema;
        return s != null ? s : Sema.lazy(SEMA, this);
    }

    /** G3: removes this waiter from the count while the counter is still positive. */
    private boolean uncount() {
        for (;;) {
            long old = state;
            if ((old >> 32) == 0 || (int) old == 0) {
                return false;
            }
            if (STATE.compareAndSet(this, old, old - 1)) {
                return true;
            }
        }
    }

    /**
     * Starts {@code task} in a new goroutine counted by this WaitGroup: {@code add(1)}, then
     * {@code done()} when the task ends, however it ends (Go 1.25's {@code WaitGroup.Go}). A task that
     * throws is reported by the goroutine's panic handler, as any goroutine's. The add happens before
     * this method returns, so a later {@link #await} waits for the task. The goroutine runs on the
     * caller's scheduler when the caller is a goroutine, else on the default one ({@code Go.spawn}).
     *
     * @return the new goroutine
     */
    public Goroutine go(Runnable task) {
        Objects.requireNonNull(task, "task");
        Goroutine caller = Goroutine.current();
        Scheduler scheduler = caller != null ? caller.scheduler() : Scheduler.byDefault();
        add(1);
        try {
            return scheduler.spawn(() -> {
                try {
                    task.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException | Error e) {
            done();   // the goroutine never started
            throw e;
        }
    }

    /** The counter now; a racy snapshot for diagnostics. */
    public int count() {
        return (int) (state >> 32);
    }

    /** Goroutines counted as waiting now; a racy snapshot for diagnostics and tests. */
    int waiters() {
        return (int) state;
    }

    @Override
    public String toString() {
        long s = state;
        return "WaitGroup[count=" + (s >> 32) + ", waiters=" + (int) s + "]";
    }
}
