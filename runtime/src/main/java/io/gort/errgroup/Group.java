package io.gort.errgroup;

import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sched.GoInterruptedException;
import io.gort.sync.Semaphore;
import io.gort.sync.WaitGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A collection of goroutines working on subtasks of one overall task: Go's {@code
 * golang.org/x/sync/errgroup.Group}. Like a {@link WaitGroup} that also collects the tasks' errors
 * and, when made by {@link #withContext}, cancels a context at the first one.
 *
 * <pre>{@code
 * // Go:  g, ctx := errgroup.WithContext(parent)
 * //      g.Go(func() error { return fetch(ctx, url) })
 * //      if err := g.Wait(); err != nil { ... }
 * Group g = Group.withContext(parent);
 * Context ctx = g.context();
 * g.go(() -> fetch(ctx, url));
 * g.await();          // throws GroupException(cause = the first error), or:
 * Throwable err = g.awaitError();   // Go's shape: the first error, or null
 * }</pre>
 *
 * <p><b>Shape.</b> {@code new Group()} is Go's zero Group: no limit, no context, nothing cancelled on
 * error. A {@link Task} is {@code func() error}: it fails by throwing, checked or unchecked.
 * {@link #await()} is Go's {@code Wait} ({@link Object#wait()} is final) in Java's shape: it waits for
 * every task, then throws a {@link GroupException} whose cause is the first error and whose
 * suppressed exceptions are the later, distinct ones (the issue's {@code errors.Join} idea; Go keeps
 * only the first). {@link #awaitError()} is Go's shape, for ported code that tests {@code err !=
 * nil}: it returns the first error itself, or null.
 *
 * <p><b>Panics.</b> Go distinguishes a returned error from a panic; a panicking task crashes a Go
 * program (x/sync briefly re-panicked in {@code Wait}, then reverted that in 2025, golang/sync commit
 * 7fad2c9, because it delayed crashes and hid stacks). Java has only exceptions, and an uncaught
 * exception in a goroutine does not end the program, so a task that throws an unchecked exception
 * or an {@link Error} has failed like any other: its throwable is recorded as the task's error,
 * cancels the context if it is the first, and reaches {@code await}, stack intact. Nothing goes to
 * the goroutine panic handler. Go's arguments against re-panicking do not apply: the stack lives in
 * the throwable, and {@code await} is always reached because a task's end is counted in a {@code
 * finally}.
 *
 * <p><b>Limit.</b> {@link #setLimit(int)} bounds the active goroutines: {@link #go} then waits for a
 * free slot (parked, wait reason {@code semacquire}), {@link #tryGo} returns false. A limit of 0
 * lets nothing start ({@code go} waits until interrupted, as Go's blocks forever). Changing the
 * limit while goroutines of the group are active throws {@link IllegalStateException} "errgroup:
 * modify limit while N goroutines in the group are still active" (Go panics; Go notices only when
 * a limit was already set, gort counts every active goroutine of the group).
 *
 * <p><b>Memory model</b> (Go's, through the {@link WaitGroup}): everything a task did happens before
 * the {@code await}/{@code awaitError} that waited for it returns; a {@code go}/{@code tryGo} call
 * happens before its task starts; the first error's recording happens before the context is
 * cancelled, and so before {@code ctx.done()} is seen closed.
 *
 * <p><b>Rules</b> (Go's): the first {@code go} must happen before an {@code await} that should wait
 * for it; a group is for one task (it may be awaited again after more {@code go} calls, as Go's
 * tests do, but its first error stays the first, and its context, once cancelled by an {@code
 * await}, stays cancelled). {@code await} may be called by several goroutines at once.
 *
 * <p>Tasks run as new goroutines on the caller's scheduler when the caller is a goroutine, else on
 * {@link io.gort.Go#spawn}'s default one. Interrupts: {@code go} waiting for a slot and {@code await}
 * throw {@link GoInterruptedException} with the status kept; nothing was started, and the group
 * (and its context) carries on.
 */
public final class Group {
    /*
     * Design: errgroup.go, with gort's WaitGroup for Go's wg, a Semaphore for Go's `sem chan token`
     * (a token send is acquire(1), the receive in done() is release(1)), and a small monitor for
     * Go's errOnce + err, widened to keep every distinct error.
     *
     * State and writers:
     *   ctx   — final; null for a zero Group.
     *   wg    — counts the started tasks not yet ended (active goroutines).
     *   sem   — written by setLimit only (Go's rule: not while tasks are active); volatile so a go()
     *           on another goroutine sees the latest limit. Each task captures the semaphore it
     *           acquired and releases that one, so a later setLimit never makes a task release a
     *           permit it did not take (Go's done() reads g.sem again at the end).
     *   first, others, seen — under `errors`' monitor, written by the ending tasks.
     * Invariants: E1 first == null implies others is empty. E2 first and each element of others
     *   are pairwise distinct by identity (seen holds them all). S1 a task holds one permit of the
     *   semaphore it captured from its go() until just before its wg.done().
     * Linearization points: go — the wg.add(1) inside WaitGroup.go; a task's failure — its entry
     *   into the monitor (the first one in sets `first`); await — the return of wg.await().
     * Ordering pairs: error recording (monitor exit) -> wg.done() <-> wg.await() return -> the
     *   monitor entry in await that reads them; sem.release (task end) <-> sem.acquire (next go).
     * The race Go's comment on Wait describes, written out: T1 (task) records the first error, then
     *   cancels ctx with it; T2 (await) returns from wg.await() only after T1's wg.done(), which
     *   follows T1's cancel, so await's own ctx.cancel(first) is a no-op and the cause is the error.
     */

    private final CancelContext ctx;
    private final WaitGroup wg = new WaitGroup();
    private volatile Semaphore sem;   // null: no limit; its size() is the limit

    private final Object errors = new Object();
    private Throwable first;                                                        // under errors
    private final List<Throwable> others = new ArrayList<>();                       // under errors
    private final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // under errors

    /** Go's zero {@code errgroup.Group}: no limit, no context, nothing cancelled on error. */
    public Group() {
        this.ctx = null;
    }

    private Group(CancelContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A group with a context derived from {@code parent} (Go's {@code errgroup.WithContext}): {@link
     * #context()} is cancelled the first time a task fails, with that error as its {@link
     * Context#cause}, or the first time {@link #await} returns, whichever is first (then its cause is
     * {@link Context#CANCELED}, unless a task failed).
     *
     * @throws NullPointerException "cannot create context from nil parent" if {@code parent} is null
     */
    public static Group withContext(Context parent) {
        return new Group(Context.withCancelCause(parent));
    }

    /**
     * The context {@link #withContext} derived (the second result of Go's {@code WithContext}).
     *
     * @throws IllegalStateException for a group made by {@code new Group()}, which has none
     */
    public Context context() {
        if (ctx == null) {
            throw new IllegalStateException("errgroup: a Group made by new Group() has no context; use Group.withContext");
        }
        return ctx;
    }

    /**
     * Runs {@code task} in a new goroutine (Go's {@code g.Go(f)}), first waiting, if a limit is set,
     * until that does not take the active goroutines of the group past it. The first task to fail
     * cancels the group's context, if it has one; its error is what {@link #await} reports.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws GoInterruptedException if interrupted while waiting for a slot; the task was not started
     */
    public void go(Task task) {
        Objects.requireNonNull(task, "task");
        Semaphore s = sem;
        if (s != null) {
            s.acquire(1);
        }
        start(task, s);
    }

    /**
     * Runs {@code task} in a new goroutine only if the active goroutines of the group are below the
     * limit now (Go's {@code g.TryGo(f)}); true if it started it. Always true without a limit.
     *
     * @throws NullPointerException if {@code task} is null
     */
    public boolean tryGo(Task task) {
        Objects.requireNonNull(task, "task");
        Semaphore s = sem;
        if (s != null && !s.tryAcquire(1)) {
            return false;
        }
        start(task, s);
        return true;
    }

    private void start(Task task, Semaphore s) {
        try {
            wg.go(() -> {
                try {
                    task.run();
                } catch (Throwable t) {   // every throwable is the task's error (class javadoc: Panics)
                    fail(t);
                } finally {
                    if (s != null) {
                        s.release(1);   // S1: before the wg.done() that WaitGroup.go runs next
                    }
                }
            });
        } catch (RuntimeException | Error e) {
            if (s != null) {
                s.release(1);   // the goroutine never started (WaitGroup.go has undone its add)
            }
            throw e;
        }
    }

    private void fail(Throwable t) {
        boolean isFirst;
        synchronized (errors) {
            if (!seen.add(t)) {
                return;   // E2: the same throwable (say ctx.err()) from several tasks is kept once
            }
            isFirst = first == null;
            if (isFirst) {
                first = t;
            } else {
                others.add(t);
            }
        }
        if (isFirst && ctx != null) {
            ctx.cancel(t);
        }
    }

    /**
     * Limits the active goroutines of the group to {@code n} (Go's {@code g.SetLimit(n)}); a negative
     * {@code n} removes the limit; 0 lets no task start.
     *
     * @throws IllegalStateException "errgroup: modify limit while N goroutines in the group are
     *         still active" if tasks of the group are running (the limit is left as it was)
     */
    public void setLimit(int n) {
        int active = wg.count();
        if (active != 0) {
            throw new IllegalStateException("errgroup: modify limit while " + active + " goroutines in the group are still active");
        }
        sem = n < 0 ? null : new Semaphore(n);
    }

    /**
     * Waits until every task started by {@link #go}/{@link #tryGo} has ended (Go's {@code g.Wait()}),
     * cancels the group's context (if any), then throws if a task failed.
     *
     * @throws GroupException if a task failed: its cause is the first error (the one Go's {@code Wait}
     *         returns), its suppressed exceptions the other distinct errors, in the order recorded
     * @throws GoInterruptedException if interrupted while waiting (the context is not cancelled)
     */
    public void await() {
        Throwable f = awaitError();
        if (f != null) {
            List<Throwable> rest;
            synchronized (errors) {
                rest = List.copyOf(others);
            }
            throw new GroupException(f, rest);
        }
    }

    /**
     * Go's {@code err := g.Wait()}: waits as {@link #await} does, cancels the context, and returns the
     * first error itself (the exception a task threw), or null if none failed.
     *
     * @throws GoInterruptedException if interrupted while waiting (the context is not cancelled)
     */
    public Throwable awaitError() {
        wg.await();
        Throwable f;
        synchronized (errors) {
            f = first;
        }
        if (ctx != null) {
            ctx.cancel(f);   // a null cause records Context.CANCELED
        }
        return f;
    }

    @Override
    public String toString() {
        int errs;
        synchronized (errors) {
            errs = first == null ? 0 : 1 + others.size();
        }
        Semaphore s = sem;
        return "Group[active=" + wg.count() + ", limit=" + (s == null ? "none" : s.size()) + ", errors=" + errs
                + (ctx == null ? "" : ", ctx=" + ctx) + "]";
    }
}
