package io.gort.chan;

import io.gort.sched.DeterministicScheduler;

import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Go's {@code select} statement:
 * <pre>{@code
 * select {                               int n = Select.select(
 * case v := <-in:                            in.onRecv(v -> v * 2),
 *     return v * 2                           out.onSend(x, () -> 0),
 * case out <- x:                             Time.after(Duration.ofSeconds(1)).onRecv(t -> -1));
 *     return 0
 * case <-time.After(time.Second):
 *     return -1
 * }
 * }</pre>
 * If one or more cases can proceed, one of them is chosen uniformly at random; otherwise the
 * {@link #onDefault default} runs if there is one; otherwise the goroutine waits on all the channels
 * at once until one case can proceed. Exactly one case happens: the others neither sent nor received.
 * The chosen case's body then runs and its result is what {@code select} returns. Cases on a
 * {@link Chan#nil() nil channel} never fire; {@code select()} with no cases waits forever.
 *
 * <p>A send case on a closed channel, when chosen, throws "send on closed channel". Interrupted
 * while waiting, select throws {@link GoInterruptedException} and no case happened (see {@link Chan}).
 */
public final class Select {
    /*
     * Design: Go's runtime/select.go, with the locks taken less.
     *   Pass 1 (no lock held across cases): visit the cases in a random order (pollorder, a
     *     Fisher-Yates shuffle), each with only its own channel's lock: the first that can proceed
     *     happens, as a trySend/tryRecv would. Linearizable case by case: the selecting goroutine is
     *     running, so it needs no claim on itself, and a case found not ready was not ready at the
     *     moment its lock was held. Go holds every lock for this pass. Without a default, a case
     *     whose channel looks not ready by a racy read (Chan.mayRecv/maySend) is not even locked:
     *     pass 2 looks again under the locks, so such a hint can cost time but never a case.
     *   Pass 2 (only when nothing was ready and there is no default): lock all the channels in id
     *     order (lockorder; duplicates once), look again in pollorder (something may have become
     *     ready), else enqueue one Waiter per case, in pollorder (so cases on one channel queue in
     *     a random order, as Go permutes them), all owned by one root, and unlock all. With every
     *     lock held, no counterpart can see half of the registration.
     *   Wait: park until the root's state leaves WAITING. A counterpart that finds one of the
     *     case waiters claims the root by CAS (Waiter.tryClaim) under that channel's lock: so at
     *     most one case completes, and a losing counterpart just drops that waiter and moves on.
     *   Pass 3: dequeue the other cases' waiters, one channel lock at a time (the outcome is
     *     decided, so no atomicity across channels is needed; Go holds every lock here too).
     * Rejected: registering one channel at a time in pass 2. The select would then have to claim
     *   itself before claiming a counterpart found on a later channel, and roll back when that
     *   counterpart was gone, while another counterpart may have seen the transient state and
     *   dropped its waiter: a lost wake-up. Kotlin's select solves it with a registration phase
     *   that defers such claims; holding the locks is simpler and the pass is rare.
     * A select with one live case and no default is that plain send or receive (as Go compiles it).
     */

    private Select() { }

    /** The default case: taken when no other case can proceed at once; its result is {@code then.get()}. */
    public static <R> Case<R> onDefault(Supplier<? extends R> then) {
        return new Case.DefaultCase<>(Objects.requireNonNull(then, "then"));
    }

    /** The default case, with a null result. */
    public static <R> Case<R> onDefault() {
        return new Case.DefaultCase<>(null);
    }

    /**
     * Runs a select over {@code cases} and returns the chosen case's result.
     *
     * @throws IllegalArgumentException if more than one default case is given
     * @throws ChannelClosedException "send on closed channel" if a send case on a closed channel is chosen
     * @throws GoInterruptedException if interrupted while waiting (no case happened)
     */
    @SafeVarargs
    @SuppressWarnings("unchecked")
    public static <R> R select(Case<? extends R>... cases) {
        int n = cases.length;
        Case.DefaultCase<? extends R> dflt = null;
        int live = 0, lastLive = -1;
        for (int i = 0; i < n; i++) {
            Case<? extends R> c = Objects.requireNonNull(cases[i], "case");
            if (c instanceof Case.DefaultCase<? extends R> d) {
                if (dflt != null) {
                    throw new IllegalArgumentException("select: multiple defaults");
                }
                dflt = d;
            } else if (!c.chan.isNil()) {
                live++;
                lastLive = i;
            }
        }
        if (live == 0) {
            if (dflt != null) {
                return dflt.complete();
            }
            throw Chan.parkForever(n == 0 ? WaitReason.SELECT_NO_CASES : WaitReason.SELECT);
        }
        if (live == 1 && dflt == null) {
            return single(cases[lastLive]);
        }
        if (live == 1) {
            // One live case and a default: Go compiles this to selectnbrecv/selectnbsend, a plain
            // non-blocking operation. No poll order to shuffle, nothing allocated.
            Case<? extends R> c = cases[lastLive];
            if (c instanceof Case.RecvCase<?, ? extends R> rc) {
                Object v = c.chan.recv0(false);
                if (v != Chan.WOULD_BLOCK) {
                    return rc.complete(v == Chan.CLOSED_MARK ? null : v);
                }
            } else {
                Case.SendCase<?, ? extends R> sc = (Case.SendCase<?, ? extends R>) c;
                if (sc.chan.trySend0(sc.value)) {
                    return sc.complete();
                }
            }
            return dflt.complete();
        }

        // Pass 1: the cases in a random order, one lock at a time. Without a default, a case that
        // looks not ready without the lock is skipped: pass 2 looks again under the locks.
        int[] order = pollOrder(n);
        boolean blocking = dflt == null;
        for (int i : order) {
            Case<? extends R> c = cases[i];
            if (c.chan == null || c.chan.isNil()) {
                continue;
            }
            if (c instanceof Case.RecvCase<?, ? extends R> rc) {
                // (A lazy timer's channel always gets the look: recv0 fires it if it is due.)
                if (blocking && c.chan.timer == null && !c.chan.mayRecv()) {
                    continue;
                }
                Object v = c.chan.recv0(false);
                if (v != Chan.WOULD_BLOCK) {
                    return rc.complete(v == Chan.CLOSED_MARK ? null : v);
                }
            } else {
                Case.SendCase<?, ? extends R> sc = (Case.SendCase<?, ? extends R>) c;
                if (blocking && !c.chan.maySend()) {
                    continue;
                }
                if (sc.chan.trySend0(sc.value)) {
                    return sc.complete();
                }
            }
        }
        if (dflt != null) {
            return dflt.complete();
        }
        return block(cases, order);
    }

    private static <R> R single(Case<? extends R> c) {
        if (c instanceof Case.RecvCase<?, ? extends R> rc) {
            Object v = c.chan.recv0(true);
            return rc.complete(v == Chan.CLOSED_MARK ? null : v);
        }
        Case.SendCase<?, ? extends R> sc = (Case.SendCase<?, ? extends R>) c;
        @SuppressWarnings("unchecked") Chan<Object> ch = (Chan<Object>) sc.chan;
        ch.send(sc.value);
        return sc.complete();
    }

    /** A uniformly random permutation of 0..n-1 (Go's pollorder). */
    private static int[] pollOrder(int n) {
        int[] order = new int[n];
        // Inside a Synctest bubble: the bubble's seeded source (replayable); else ThreadLocalRandom.
        RandomGenerator rnd = DeterministicScheduler.random();
        for (int i = 1; i < n; i++) {
            int j = rnd.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return order;
    }

    /** Pass 2, the wait and pass 3. */
    private static <R> R block(Case<? extends R>[] cases, int[] order) {
        int n = cases.length;
        Chan<?>[] locks = lockOrder(cases);
        for (Chan<?> c : locks) {
            c.lock();
        }
        // Pass 2: look again with every lock held.
        for (int i : order) {
            Case<? extends R> c = cases[i];
            if (c.chan == null || c.chan.isNil()) {
                continue;
            }
            if (c instanceof Case.RecvCase<?, ? extends R> rc) {
                Object v = c.chan.recvLocked();
                if (v != Chan.WOULD_BLOCK) {
                    Waiter w = c.chan.takeWake();
                    unlockAll(locks);
                    Chan.wake(w);
                    if (v != Chan.CLOSED_MARK) {
                        c.chan.countSelected(false, 0);
                    }
                    return rc.complete(v == Chan.CLOSED_MARK ? null : v);
                }
            } else {
                Case.SendCase<?, ? extends R> sc = (Case.SendCase<?, ? extends R>) c;
                int r = sc.chan.sendLocked(sc.value);
                if (r != Chan.S_BLOCK) {
                    Waiter w = c.chan.takeWake();
                    unlockAll(locks);
                    if (r == Chan.S_CLOSED) {
                        throw Chan.sendOnClosed();
                    }
                    Chan.wake(w);
                    c.chan.countSelected(true, 0);
                    return sc.complete();
                }
            }
        }
        // Enqueue in poll order, not case order: cases on the same channel are then queued in a
        // random order, so a counterpart arriving later picks one of them at random (Go enqueues in
        // lock order, which starts from the poll order "to permute cases on the same channel").
        // In case order, the first such case would always win (ChanTest.pseudoRandomCaseOfAParkedSelect).
        Waiter root = new Waiter();
        Waiter[] waiters = new Waiter[n];
        for (int i : order) {
            Case<? extends R> c = cases[i];
            if (c.chan == null || c.chan.isNil()) {
                continue;
            }
            boolean send = c instanceof Case.SendCase;
            Waiter w = new Waiter(root, i, c.chan, send ? ((Case.SendCase<?, ?>) c).value : null);
            waiters[i] = w;
            c.chan.enqueue(w, send);
        }
        unlockAll(locks);

        // Lazy timers (Go 1.23): a timer channel's timer is in the heap only while someone waits on
        // it. `counted` cases (in index order) told their timer; each is told again when we leave.
        int counted = 0;
        try {
            for (; counted < n; counted++) {
                if (isTimerRecv(cases, waiters, counted)) {
                    waiters[counted].chan.timer.blocked();
                }
            }
        } catch (RuntimeException | Error e) {
            // A timer could not be armed (no engine thread, out of memory): give up the select,
            // unless a counterpart already completed it, in which case that case happened.
            if (root.tryCancel()) {
                dequeueOthers(cases, waiters, -1);
                unblockTimers(cases, waiters, counted);
                throw e;
            }
        }
        int s, k;
        long t0 = Chan.anyCounted(cases) ? System.nanoTime() : 0;   // ChanStats: time the wait only if asked
        try {
            s = await(root, cases, waiters);
            k = s >> 1;
            dequeueOthers(cases, waiters, k);
        } finally {
            unblockTimers(cases, waiters, counted);
        }
        Case<? extends R> c = cases[k];
        boolean closed = (s & Waiter.CLOSED) != 0;
        if (t0 != 0 && !closed) {
            c.chan.countSelected(c instanceof Case.SendCase, System.nanoTime() - t0);
        }
        if (c instanceof Case.RecvCase<?, ? extends R> rc) {
            return rc.complete(closed ? null : waiters[k].elem);
        }
        if (closed) {
            throw Chan.sendOnClosed();
        }
        return ((Case.SendCase<?, ? extends R>) c).complete();
    }

    private static int await(Waiter root, Case<?>[] cases, Waiter[] waiters) {
        int s = root.stateAcquire();
        if (s != Waiter.WAITING) {
            return s;
        }
        Goroutine g = Goroutine.beginWait(WaitReason.SELECT, null);
        try {
            while ((s = root.stateAcquire()) == Waiter.WAITING) {
                LockSupport.park(root);
                if (Thread.currentThread().isInterrupted() && root.tryCancel()) {
                    dequeueOthers(cases, waiters, -1);
                    throw Goroutine.interruptedIn(g, "interrupted in select");
                }
            }
            return s;
        } finally {
            Goroutine.endWait(g);
        }
    }

    private static boolean isTimerRecv(Case<?>[] cases, Waiter[] waiters, int i) {
        return waiters[i] != null && waiters[i].chan.timer != null && cases[i] instanceof Case.RecvCase;
    }

    /** Tells the timers of the first {@code counted} cases that this select no longer waits on them. */
    private static void unblockTimers(Case<?>[] cases, Waiter[] waiters, int counted) {
        for (int i = 0; i < counted; i++) {
            if (isTimerRecv(cases, waiters, i)) {
                waiters[i].chan.timer.unblocked();
            }
        }
    }

    /** Pass 3: takes every waiter but case {@code k}'s off its channel, one lock at a time. */
    private static void dequeueOthers(Case<?>[] cases, Waiter[] waiters, int k) {
        for (int i = 0; i < waiters.length; i++) {
            Waiter w = waiters[i];
            // safety: `queued` was last written true by this goroutine under the lock; reading false
            // here can only mean a counterpart dequeued it (it is never queued again).
            if (w != null && i != k && w.queued) {
                w.chan.lock();
                w.chan.remove(w, cases[i] instanceof Case.SendCase);
                w.chan.unlock();
            }
        }
    }

    /** The distinct live channels of {@code cases}, sorted by id: the order in which pass 2 locks. */
    private static Chan<?>[] lockOrder(Case<?>[] cases) {
        Chan<?>[] a = new Chan<?>[cases.length];
        int m = 0;
        for (Case<?> c : cases) {
            Chan<?> ch = c.chan;
            if (ch == null || ch.isNil()) {
                continue;
            }
            long id = ch.id();
            int j = m;                       // insertion sort: selects have few cases
            while (j > 0 && a[j - 1].id() > id) {
                a[j] = a[j - 1];
                j--;
            }
            if (j > 0 && a[j - 1] == ch) {   // already there: undo the shift
                System.arraycopy(a, j + 1, a, j, m - j);
                continue;
            }
            a[j] = ch;
            m++;
        }
        return m == a.length ? a : java.util.Arrays.copyOf(a, m);
    }

    private static void unlockAll(Chan<?>[] locks) {
        for (Chan<?> c : locks) {
            c.unlock();
        }
    }
}
