package io.gort.sync;

import io.gort.sched.GState;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A counting semaphore with a queue of parked waiters: Go's runtime semaphore ({@code semacquire} /
 * {@code semrelease} in runtime/sema.go), which {@link Mutex}, {@link RWMutex} and {@link WaitGroup}
 * park on. A permit is a wake-up ticket, not a resource: the primitives above keep their own state
 * in an atomic word and use a Sema only to sleep and to be woken.
 *
 * <p><b>Invariants</b> (all fields below {@code lock} are guarded by it):
 * <ol>
 *   <li>I1: {@code permits > 0} implies the queue holds no waiter that is not yet granted — a release
 *       grants the head waiter directly and stores a permit only when the queue is empty.</li>
 *   <li>I2: a {@link Node} is granted at most once, under the lock, and is out of the queue from then on.
 *       A waiter that gives up (interrupt) leaves the queue under the lock; if it was granted first, it
 *       keeps the permit and returns normally (the interrupt status stays set), so no permit is lost.</li>
 *   <li>I3: the lock is a {@link SpinLock} held for a few field writes only, never across a park or an unpark.</li>
 * </ol>
 *
 * <p><b>Linearization points</b>: an acquire that finds a permit takes it under the lock; a parked
 * acquire completes when a release sets its node's {@code granted} under the lock. A release either
 * grants the head node or increments {@code permits}, under the lock.
 *
 * <p><b>Memory ordering</b>: everything a releaser did before {@link #release} happens before the
 * woken acquirer returns: the releaser's lock release (or its volatile write of {@code granted})
 * pairs with the acquirer's lock acquire (or its volatile read of {@code granted}).
 *
 * <p>Deviation from Go: Go's {@code semrelease} adds a permit and wakes a waiter that must then win it
 * against newcomers; here a release with a waiter queued hands its permit to that waiter (Go's
 * {@code handoff} mode, always). Mutex fairness does not depend on it: the woken Mutex waiter still
 * competes for the Mutex's own state word, as in Go.
 */
final class Sema extends SpinLock {

    /** A parked acquirer: Go's sudog for a semaphore. */
    static final class Node {
        final Thread thread = Thread.currentThread();
        Node prev, next;             // guarded by the Sema's lock
        boolean queued;              // guarded by the Sema's lock
        volatile boolean granted;    // written once, under the lock; read by the owner without it
    }

    /** Mutex only: its starvation threshold (kept here, not in the Mutex, so a Mutex stays 24 bytes). */
    final int starvationThresholdNanos;

    Sema() {
        this(Mutex.STARVATION_THRESHOLD_NANOS);
    }

    Sema(int starvationThresholdNanos) {
        this.starvationThresholdNanos = starvationThresholdNanos;
    }

    private int permits;             // guarded by lock
    private Node head, tail;         // guarded by lock
    private int waiting;             // guarded by lock: queued nodes

    /**
     * The Sema in {@code owner}'s field {@code handle}, made and installed by CAS if there is none
     * yet: the primitives make theirs on first contention, so an uncontended Mutex costs no Sema.
     * The CAS publishes the new Sema safely (volatile); a loser uses the winner's.
     */
    static Sema lazy(VarHandle handle, Object owner) {
        Sema s = new Sema();
        Sema witness = (Sema) handle.compareAndExchange(owner, (Sema) null, s);
        return witness != null ? witness : s;
    }

    /** Takes a permit if one is stored; never parks. */
    boolean tryAcquire() {
        lock();
        try {
            if (permits > 0) {
                permits--;
                return true;
            }
            return false;
        } finally {
            unlock();
        }
    }

    /**
     * Waits for a permit, ignoring interrupts (Go's {@code Lock} cannot fail): an interrupt that
     * arrives meanwhile is kept in the thread's status. {@code lifo}: queue at the head, as Go does
     * for a Mutex waiter that was woken and lost the race again.
     *
     * <p>One exception, for a {@link Mutex} ({@code on}): when the deadlock detector picked this
     * waiter as the victim of a cycle of Mutex waits (ADR 0011), it leaves the queue and throws
     * {@link io.gort.sched.DeadlockException}, having taken no permit (if the permit was granted
     * first, it returns normally and the victim mark is dropped). The Mutex then uncounts itself.
     */
    void acquireUninterruptibly(boolean lifo, WaitReason reason, Object on) {
        Node node = new Node();   // allocated outside the critical section
        lock();
        if (permits > 0) {
            permits--;
            unlock();
            return;
        }
        enqueue(node, lifo);
        unlock();
        boolean interrupted = false;
        Goroutine g = Goroutine.beginWait(reason, on);
        Mutex m = on instanceof Mutex x ? x : null;
        if (m != null) {
            probeCycle(g, m);
        }
        try {
            while (!node.granted) {
                LockSupport.park(on);
                if (Thread.interrupted()) {
                    interrupted = true;
                    if (m != null && g.isDeadlockArmed() && cancel(node)) {
                        RuntimeException e = g.takeDeadlock();
                        if (e != null) {
                            interrupted = false;         // that interrupt was the detector's
                            throw e;
                        }
                        enqueueAgain(node);              // the mark went away meanwhile: wait on
                    }
                }
            }
        } finally {
            if (m != null ? Goroutine.endCancellableWait(g) : endWait(g)) {
                interrupted = false;                     // the detector's interrupt, for a wait that ended anyway
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean endWait(Goroutine g) {
        Goroutine.endWait(g);
        return false;
    }

    /** Back in the queue after a cancel that found no victim mark to take (at the tail: rare). */
    private void enqueueAgain(Node node) {
        lock();
        if (permits > 0) {
            permits--;
            node.granted = true;
        } else {
            enqueue(node, false);
        }
        unlock();
    }

    /**
     * A waiter for Mutex {@code m}: if its holder waits for a Mutex too, a cycle may have closed;
     * tell the deadlock detector. The fence orders our WAITING before reading the holder's state
     * (the holder does the same the other way round), so of two goroutines that close a cycle at
     * once, at least one sees the other waiting.
     */
    private static void probeCycle(Goroutine g, Mutex m) {
        VarHandle.fullFence();
        Thread owner = m.owner();
        if (owner == null) {
            return;
        }
        if (owner == Thread.currentThread()) {
            Goroutine.probeDeadlock(g);                  // locks a Mutex it holds: a cycle of one
            return;
        }
        Goroutine o = Goroutine.ofThread(owner);
        if (o != null && o.state() == GState.WAITING && o.waitReason() == WaitReason.MUTEX_LOCK) {
            Goroutine.probeDeadlock(g);
        }
    }

    /**
     * Waits for a permit. Interrupted while parked: leaves the queue and throws
     * {@link GoInterruptedException} with the interrupt status kept, having taken no permit — unless
     * the permit was granted first, in which case it returns normally and the status stays set.
     */
    void acquire(WaitReason reason, Object on) {
        Node node = new Node();
        lock();
        if (permits > 0) {
            permits--;
            unlock();
            return;
        }
        enqueue(node, false);
        unlock();
        Goroutine g = Goroutine.beginWait(reason, on);
        try {
            while (!node.granted) {
                LockSupport.park(on);
                if (Thread.currentThread().isInterrupted() && !node.granted && cancel(node)) {
                    throw Goroutine.interruptedIn(g, "interrupted while waiting on " + reason);
                }
            }
        } finally {
            Goroutine.endWait(g);
        }
    }

    /** Removes a waiting node; false if it was granted meanwhile (then it holds a permit). */
    private boolean cancel(Node node) {
        lock();
        try {
            if (node.granted) {
                return false;
            }
            unlink(node);
            return true;
        } finally {
            unlock();
        }
    }

    /** Releases {@code n} permits: grants up to n queued waiters in order, stores the rest. */
    void release(int n) {
        while (n > 0) {
            Node woken = null;
            lock();
            try {
                Node h = head;
                if (h == null) {
                    permits += n;
                    return;
                }
                unlink(h);
                h.granted = true;
                woken = h;
                n--;
            } finally {
                unlock();
                if (woken != null) {
                    LockSupport.unpark(woken.thread);
                }
            }
        }
    }

    /** Whether a waiter is parked (or about to park) here; for tests and heuristics. */
    int waiting() {
        lock();
        try {
            return waiting;
        } finally {
            unlock();
        }
    }

    private void enqueue(Node node, boolean lifo) {
        node.queued = true;
        waiting++;
        if (head == null) {
            head = tail = node;
        } else if (lifo) {
            node.next = head;
            head.prev = node;
            head = node;
        } else {
            node.prev = tail;
            tail.next = node;
            tail = node;
        }
    }

    private void unlink(Node node) {
        if (!node.queued) {
            return;
        }
        node.queued = false;
        waiting--;
        if (node.prev == null) {
            head = node.next;
        } else {
            node.prev.next = node.next;
        }
        if (node.next == null) {
            tail = node.prev;
        } else {
            node.next.prev = node.prev;
        }
        node.prev = node.next = null;
    }
}
