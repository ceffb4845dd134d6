package io.gort.sync;

import io.gort.sched.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A reader/writer mutual exclusion lock: Go's {@code sync.RWMutex}. Any number of readers or one
 * writer may hold it. {@code new RWMutex()} is unlocked. Once a writer is waiting in {@link #lock},
 * new {@link #rLock} calls wait until it has had the lock and released it, so a stream of readers
 * cannot starve a writer; it follows that a reader must not take the read lock recursively (the
 * second rLock can deadlock behind a waiting writer), exactly as in Go. Not tied to a goroutine.
 *
 * <p><b>Memory model</b> (Go's, in Java's words): the n-th {@link #unlock} happens before the m-th
 * {@link #lock} returns, for n &lt; m; for any rLock call there is an n such that the n-th unlock
 * happens before that rLock returns, and the matching rUnlock happens before the (n+1)-th lock
 * returns. Successful tryLock/tryRLock are lock/rLock; failed ones establish nothing.
 *
 * <p><b>Lock-free state</b> (Go's algorithm, sync/rwmutex.go):
 * <pre>
 *   w            a {@link Mutex} that writers take first, so they queue among themselves
 *   readerCount  readers holding or waiting for the read lock; minus MAX_READERS while a writer
 *                holds or waits (so a negative count means "a writer is pending": readers queue)
 *   readerWait   readers the pending writer still waits to depart
 *   writerSem    the pending writer parks here until the last departing reader releases it
 *   readerSem    readers that arrived while a writer was pending park here
 * </pre>
 * Invariants: R1 — readerCount &ge; 0 without a writer, and readerCount + MAX_READERS &ge; 0 with one;
 * R2 — between a writer's lock and its unlock, readerCount + MAX_READERS counts the readers queued on
 * readerSem; unlock adds MAX_READERS back and releases exactly that many; R3 — readerWait reaches zero
 * exactly once per writer, when the last reader that held the lock at the writer's arrival leaves.
 *
 * <p><b>Linearization points</b>: rLock — the add to readerCount when it leaves it &ge; 0, otherwise
 * the writer's unlock that releases it; rUnlock — its add to readerCount; lock — the subtraction of
 * MAX_READERS when no reader was active, otherwise the last reader's release of writerSem; unlock —
 * the addition of MAX_READERS. All are volatile read-modify-writes on the same words, or pass through
 * a {@link Sema}, which orders the writes before them with the reads after.
 *
 * <p>Deviations from Go: misuse throws {@link IllegalStateException} with Go's words ("sync: RUnlock
 * of unlocked RWMutex", "sync: Unlock of unlocked RWMutex") and undoes its own change, where Go kills
 * the process. The undo is exact when the misuse does not race with other calls; a misuse that races
 * with a lock or rLock can leave a writer or reader parked for good, so treat the exception as a
 * fatal bug report, as Go does (rLock/rUnlock stay one atomic add each, which a checking CAS loop
 * would slow down under read contention). Waits ignore interrupts, as Go's lock calls cannot fail.
 */
public final class RWMutex implements Locker {
    static final int MAX_READERS = 1 << 30;

    private static final VarHandle READER_COUNT, READER_WAIT, WRITER_SEM, READER_SEM;
    static {
        try {
            var l = MethodHandles.lookup();
            WRITER_SEM = l.findVarHandle(RWMutex.class, "writerSem", Sema.class);
            READER_SEM = l.findVarHandle(RWMutex.class, "readerSem", Sema.class);
            READER_COUNT = l.findVarHandle(RWMutex.class, "readerCount", int.class);
            READER_WAIT = l.findVarHandle(RWMutex.class, "readerWait", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Mutex w = new Mutex();
    private volatile Sema writerSem;   // made on first use (Sema.lazy), as readerSem
    private volatile Sema readerSem;
    private volatile int readerCount;
    private volatile int readerWait;
    private final Locker rLocker = new Locker() {
        @Override
        public void lock() {
            rLock();
        }

        @Override
        public void unlock() {
            rUnlock();
        }

        @Override
        public String toString() {
            return "rLocker of " + RWMutex.this;
        }
    };

    /** An unlocked RWMutex. */
    public RWMutex() { }

    /**
     * Locks for reading; parks while a writer holds the lock or waits for it. Must not be used
     * recursively (see the class doc).
     */
    public void rLock() {
        if ((int) READER_COUNT.getAndAdd(this, 1) + 1 < 0) {
            // A writer is pending: wait for it to release us.
            readerSem().acquireUninterruptibly(false, WaitReason.RW_MUTEX_RLOCK, this);
        }
    }

    /** Locks for reading if no writer holds or waits for the lock, and reports whether it did. */
    public boolean tryRLock() {
        for (;;) {
            int c = readerCount;
            if (c < 0) {
                return false;
            }
            if (READER_COUNT.compareAndSet(this, c, c + 1)) {
                return true;
            }
        }
    }

    /**
     * Undoes one {@link #rLock}; other readers may still hold the lock.
     *
     * @throws IllegalStateException "sync: RUnlock of unlocked RWMutex"
     */
    public void rUnlock() {
        int r = (int) READER_COUNT.getAndAdd(this, -1) - 1;
        if (r < 0) {
            rUnlockSlow(r);
        }
    }

    private void rUnlockSlow(int r) {
        if (r + 1 == 0 || r + 1 == -MAX_READERS) {
            READER_COUNT.getAndAdd(this, 1);   // undo: no reader held it
            throw new IllegalStateException("sync: RUnlock of unlocked RWMutex");
        }
        // A writer is pending: the last reader it waits for wakes it.
        if ((int) READER_WAIT.getAndAdd(this, -1) - 1 == 0) {
            writerSem().release(1);
        }
    }

    /** Locks for writing; parks until no reader or writer holds the lock. */
    @Override
    public void lock() {
        w.lock();   // first, resolve competition with other writers
        // Announce the pending writer to readers.
        int r = (int) READER_COUNT.getAndAdd(this, -MAX_READERS);
        // Wait for the readers that hold the lock now.
        if (r != 0 && (int) READER_WAIT.getAndAdd(this, r) + r != 0) {
            writerSem().acquireUninterruptibly(false, WaitReason.RW_MUTEX_LOCK, this);
        }
    }

    /** Locks for writing if no reader or writer holds the lock, and reports whether it did. */
    public boolean tryLock() {
        if (!w.tryLock()) {
            return false;
        }
        if (!READER_COUNT.compareAndSet(this, 0, -MAX_READERS)) {
            w.unlock();
            return false;
        }
        return true;
    }

    /**
     * Unlocks for writing; the readers that queued meanwhile all get the read lock.
     *
     * @throws IllegalStateException "sync: Unlock of unlocked RWMutex"
     */
    @Override
    public void unlock() {
        // Announce to readers there is no active writer.
        int r = (int) READER_COUNT.getAndAdd(this, MAX_READERS) + MAX_READERS;
        if (r >= MAX_READERS) {
            READER_COUNT.getAndAdd(this, -MAX_READERS);   // undo: no writer held it
            throw new IllegalStateException("sync: Unlock of unlocked RWMutex");
        }
        if (r > 0) {
            readerSem().release(r);   // the readers that queued behind this writer
        }
        w.unlock();   // let other writers proceed
    }

    private Sema writerSem() {
        Sema s = writerSem;
        return s != null ? s : Sema.lazy(WRITER_SEM, this);
    }

    private Sema readerSem() {
        Sema s = readerSem;
        return s != null ? s : Sema.lazy(READER_SEM, this);
    }

    /** A {@link Locker} whose lock and unlock are this RWMutex's {@link #rLock} and {@link #rUnlock}. */
    public Locker rLocker() {
        return rLocker;
    }

    /** Readers holding or queued for the read lock, and whether a writer is pending; a racy snapshot. */
    @Override
    public String toString() {
        int c = readerCount;
        return c < 0 ? "RWMutex[writer pending, readers=" + (c + MAX_READERS) + "]" : "RWMutex[readers=" + c + "]";
    }
}
