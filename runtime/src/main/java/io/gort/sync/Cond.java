package io.gort.sync;

import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A condition variable: Go's {@code sync.Cond}, a rendezvous point for goroutines waiting for or
 * announcing an event. Each Cond is bound to a {@link Locker} ({@link Mutex}, {@link RWMutex}, or
 * {@link RWMutex#rLocker()}), which must be held when calling {@link #await} and may be held when
 * calling {@link #signal} or {@link #broadcast}. As in Go, wait in a loop:
 * <pre>{@code
 * mu.lock();
 * while (!condition()) {
 *     cond.await();
 * }
 * ... use the condition ...
 * mu.unlock();
 * }</pre>
 * For most simple uses a channel is better (Go's advice): broadcast is closing a channel, signal is
 * sending on one.
 *
 * <p><b>Memory model</b>: a {@link #signal} or {@link #broadcast} call happens before the return of
 * any {@link #await} call that it unblocks.
 *
 * <p><b>No lost wake-up</b> (Go's notifyList, runtime/sema.go): {@code await} takes a ticket
 * ({@code waitTicket}, an atomic counter) <em>before</em> it unlocks the Locker, then parks unless its
 * ticket is already below {@code notifyTicket}. {@code signal} wakes the holder of ticket
 * {@code notifyTicket} and advances it; {@code broadcast} sets it to {@code waitTicket}. A signal that
 * comes between the unlock and the park therefore finds the ticket taken and is not lost: either its
 * waiter's node is queued and is woken, or the waiter finds its ticket notified before it parks.
 * Invariants: C1 — {@code notifyTicket <= waitTicket}; C2 — a ticket t &lt; notifyTicket has been
 * notified (or, if its await gave up, skipped) exactly once; C3 — a node is queued iff its ticket
 * &ge; notifyTicket; a cancelled node stays queued, marked, until the notify ticket reaches it and
 * skips it. The queue fields are guarded by the {@link SpinLock} (never held across a park).
 *
 * <p>Interrupts: an await interrupted while parked re-locks the Locker and throws
 * {@link GoInterruptedException} (status kept), as Java's {@code Condition.await} does; a signal that
 * picked its ticket first wins, and await then returns normally with the status set. A cancelled
 * ticket is skipped by the next signal, which goes on to the next waiter, so no signal is lost to it.
 * Go has no interrupts; this is gort's rule for every wait (see the README's differences from Go).
 */
public final class Cond extends SpinLock {
    private static final VarHandle WAIT_TICKET;
    static {
        try {
            var l = MethodHandles.lookup();
            WAIT_TICKET = l.findVarHandle(Cond.class, "waitTicket", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Node {
        final Thread thread = Thread.currentThread();
        final int ticket;
        Node next;                    // guarded by lock
        boolean cancelled;            // guarded by lock
        volatile boolean notified;    // written once under lock, read by the owner without it

        Node(int ticket) {
            this.ticket = ticket;
        }
    }

    private final Locker locker;
    private volatile int waitTicket;         // next ticket to hand out (atomic, no lock)
    private volatile int notifyTicket;       // next ticket to notify; written under lock
    private Node head, tail;                 // guarded by lock; in queueing order (not ticket order)

    /** A Cond bound to {@code locker} (Go's {@code sync.NewCond}). */
    public Cond(Locker locker) {
        this.locker = Objects.requireNonNull(locker, "locker");
    }

    /** The Locker this Cond is bound to (Go's {@code c.L}). */
    public Locker locker() {
        return locker;
    }

    /**
     * Atomically unlocks the Locker and parks the calling goroutine; when woken by signal or broadcast,
     * locks the Locker again before returning. It cannot return unless woken (no spurious wake-ups),
     * but the condition may have changed again by then: wait in a loop.
     *
     * @throws GoInterruptedException interrupted while parked (the Locker is locked again first)
     */
    public void await() {
        int t = (int) WAIT_TICKET.getAndAdd(this, 1);   // C: the ticket is taken before the unlock
        try {
            locker.unlock();
        } catch (RuntimeException | Error e) {
            abandon(t);   // await without holding the lock: give the ticket up, or it would eat a signal
            throw e;
        }
        try {
            waitTicket(t);
        } finally {
            locker.lock();
        }
    }

    private void waitTicket(int t) {
        Node node = new Node(t);
        lock();
        if (t - notifyTicket < 0) {   // notified between our unlock and here
            unlock();
            return;
        }
        append(node);
        unlock();
        Goroutine g = Goroutine.beginWait(WaitReason.COND_WAIT, this);
        try {
            while (!node.notified) {
                LockSupport.park(this);
                if (Thread.currentThread().isInterrupted() && !node.notified && cancel(node)) {
                    throw Goroutine.interruptedIn(g, "interrupted while waiting on sync.Cond");
                }
            }
        } finally {
            Goroutine.endWait(g);
        }
    }

    /**
     * Gives up a waiting node; false if it was notified first. The node stays queued, marked
     * cancelled, for the signal that reaches its ticket to skip; if its ticket is the next to be
     * notified, the skip happens now (with any cancelled nodes right behind it), so interrupted
     * waiters do not pile up while no one signals.
     */
    private boolean cancel(Node node) {
        lock();
        try {
            if (node.notified) {
                return false;
            }
            node.cancelled = true;
            skipCancelled();
            return true;
        } finally {
            unlock();
        }
    }

    /** Ticket {@code t} will never wait (its await failed before parking): make signals skip it. */
    private void abandon(int t) {
        Node node = new Node(t);
        node.cancelled = true;
        lock();
        try {
            if (t - notifyTicket >= 0) {
                append(node);
                skipCancelled();
            }
        } finally {
            unlock();
        }
    }

    /** Under the lock: while the next ticket to notify belongs to a cancelled node, drop it and move on. */
    private void skipCancelled() {
        for (;;) {
            int t = notifyTicket;
            Node prev = null;
            Node n = head;
            while (n != null && n.ticket != t) {
                prev = n;
                n = n.next;
            }
            if (n == null || !n.cancelled) {
                return;
            }
            unlink(prev, n);
            notifyTicket = t + 1;
        }
    }

    private void append(Node node) {
        if (tail == null) {
            head = tail = node;
        } else {
            tail.next = node;
            tail = node;
        }
    }

    private void unlink(Node prev, Node n) {
        if (prev == null) {
            head = n.next;
        } else {
            prev.next = n.next;
        }
        if (tail == n) {
            tail = prev;
        }
        n.next = null;
    }

    /** Wakes one goroutine waiting on this Cond, if there is any: the one that has waited longest. */
    public void signal() {
        if (waitTicket == notifyTicket) {
            return;   // fast path: nobody has waited since the last notification
        }
        Node woken = null;
        lock();
        try {
            while (waitTicket != notifyTicket) {
                int t = notifyTicket;
                notifyTicket = t + 1;
                // Find ticket t's node. If there is none, its waiter has not queued yet and will see
                // that it is notified. A cancelled one is dropped and the next ticket tried instead.
                Node prev = null;
                Node n = head;
                while (n != null && n.ticket != t) {
                    prev = n;
                    n = n.next;
                }
                if (n == null) {
                    return;
                }
                unlink(prev, n);
                if (!n.cancelled) {
                    n.notified = true;
                    woken = n;
                    return;
                }
            }
        } finally {
            unlock();
            if (woken != null) {
                LockSupport.unpark(woken.thread);
            }
        }
    }

    /** Wakes every goroutine waiting on this Cond. */
    public void broadcast() {
        if (waitTicket == notifyTicket) {
            return;
        }
        Node list;
        lock();
        try {
            notifyTicket = waitTicket;
            list = head;
            head = tail = null;
            for (Node n = list; n != null; n = n.next) {
                if (!n.cancelled) {
                    n.notified = true;
                }
            }
        } finally {
            unlock();
        }
        for (Node n = list; n != null; ) {
            Node next = n.next;
            n.next = null;
            if (n.notified) {
                LockSupport.unpark(n.thread);
            }
            n = next;
        }
    }

    /** Goroutines parked on this Cond now (queued, not cancelled); for tests. */
    int waiting() {
        lock();
        try {
            int k = 0;
            for (Node n = head; n != null; n = n.next) {
                if (!n.cancelled) {
                    k++;
                }
            }
            return k;
        } finally {
            unlock();
        }
    }

    /** Nodes in the queue, cancelled ones included; for tests. */
    int queued() {
        lock();
        try {
            int k = 0;
            for (Node n = head; n != null; n = n.next) {
                k++;
            }
            return k;
        } finally {
            unlock();
        }
    }

    @Override
    public String toString() {
        return "Cond[" + locker + ", waiting=" + (waitTicket - notifyTicket) + "]";
    }
}
