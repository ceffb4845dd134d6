package io.gort.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A carrier's local run queue: a bounded ring in which one owner pushes at the tail and pops
 * at the head, and any other carrier may steal half of it from the head. Lock-free; push is
 * wait-free. A task pushed before a steal that returns it happens-before its execution by the
 * thief. Owner-only methods say so; thieves call only {@link #stealInto} and the hints
 * {@link #size()} and {@link #isEmpty()}.
 *
 * <p>This is Go's {@code runq} ({@code runtime/proc.go}: {@code runqput}, {@code runqget},
 * {@code runqgrab}, {@code runqsteal}), FIFO as in Go: the LIFO slot ({@code runnext}) lives in
 * the worker, not here.
 */
final class SpmcArrayRunQueue {
    /*
     * Design: a ring of 2^k slots indexed by two ever-growing counters (they are longs, so they
     * never wrap in practice and no ABA is possible on head). Differs from Chase-Lev in that the
     * owner also takes from the head (FIFO, as Go does), so owner pop and steal both CAS the head
     * and there is no owner/thief race on the last element to special-case. Rejected: a locked
     * deque (the owner would pay for thieves on every push/pop); Chase-Lev LIFO (Go measured FIFO
     * plus a one-element LIFO slot as fairer, and the slot gives the locality LIFO would).
     *
     * State and writers:
     *   head     - CAS by the owner (pop, drainHalf) and by thieves (stealInto).
     *   tail     - owner only, published with setTailRelease.
     *   slots[i] - written only by the owner, and only for i in [tail, head + capacity), i.e.
     *              outside the live range; written before the tail release that publishes it.
     *              The owner clears a slot after its own successful pop CAS (no thief can still
     *              win that slot); thieves never write a victim's slots.
     * Invariants:
     *   I1  0 <= tail - head <= capacity.
     *   I2  slots in [head, tail) hold tasks, each exactly once.
     *   I3  head and tail never move backward.
     * Linearization points:
     *   push      - the tail release store (a full queue linearizes at the head read that saw it).
     *   pop       - the successful head CAS (empty: the head/tail reads that saw them equal).
     *   stealInto - the successful head CAS on the victim; the stolen tasks become visible in
     *               the thief's queue at the thief's tail release, which is its own push.
     * Ordering pairs:
     *   setTailRelease (push, owner)  <->  tailAcquire (stealInto, thief): slot writes made before
     *       the release are visible to a thief that read that tail.
     *   casHead (pop)  <->  casHead (steal): both are volatile RMWs on the same field, so exactly
     *       one of two racing claimants of slot h wins it.
     * Why a thief may read slots with plain loads: it reads them after tailAcquire, so it sees the
     *   owner's writes; the owner rewrites a slot only after head has passed it, and then the
     *   thief's CAS from the old head fails and it discards what it read.
     * Benign races: size() and isEmpty() may be stale by the time they return; callers use them
     *   only as hints, never to decide that work is absent for good (see the park protocol in
     *   IdleCarriers).
     * Maintenance: after any change run RunQueueStress (jcstress) and SpmcArrayRunQueueLincheckTest.
     */

    private static final VarHandle HEAD, TAIL;
    static {
        try {
            var l = MethodHandles.lookup();
            HEAD = l.findVarHandle(SpmcArrayRunQueue.class, "head", long.class);
            TAIL = l.findVarHandle(SpmcArrayRunQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Default capacity: Go's 256. Tests shrink it with {@code -Dgort.runqueue.capacity=4}. */
    static final int DEFAULT_CAPACITY = Integer.getInteger("gort.runqueue.capacity", 256);

    private final Runnable[] slots;
    private final int mask;
    // Padding keeps the owner-written tail and the CAS-contended head off each other's line.
    @SuppressWarnings("unused") private long p00, p01, p02, p03, p04, p05, p06;
    private volatile long head;
    @SuppressWarnings("unused") private long p10, p11, p12, p13, p14, p15, p16;
    private volatile long tail;
    @SuppressWarnings("unused") private long p20, p21, p22, p23, p24, p25, p26;

    SpmcArrayRunQueue() {
        this(DEFAULT_CAPACITY);
    }

    SpmcArrayRunQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("run queue capacity must be a power of two >= 2: " + capacity);
        }
        slots = new Runnable[capacity];
        mask = capacity - 1;
    }

    int capacity() {
        return slots.length;
    }

    private long headAcquire() { return (long) HEAD.getAcquire(this); }
    private long tailAcquire() { return (long) TAIL.getAcquire(this); }
    private long tailPlain() { return (long) TAIL.get(this); }
    private void setTailRelease(long t) { TAIL.setRelease(this, t); }
    private boolean casHead(long expect, long update) { return HEAD.compareAndSet(this, expect, update); }

    /**
     * Owner only. Appends {@code task}; returns false, leaving the queue unchanged, when it is full
     * (the caller then moves half of it to the global queue, as Go's {@code runqputslow} does).
     */
    boolean push(Runnable task) {
        long t = tailPlain();                       // owner only: nobody else writes tail
        long h = headAcquire();                     // pairs with casHead by pop/steal: slots below h are free
        if (t - h >= slots.length) {
            return false;
        }
        slots[(int) t & mask] = task;               // safety: slot t is outside [head, tail), only we write it
        setTailRelease(t + 1);                      // pairs with tailAcquire in stealInto/pop/size
        return true;
    }

    /** Owner only. Takes the oldest task, or returns null when the queue is empty. */
    Runnable pop() {
        for (;;) {
            long h = headAcquire();
            long t = tailPlain();                   // owner only
            if (t == h) {
                return null;
            }
            int i = (int) h & mask;
            Runnable task = slots[i];
            if (casHead(h, h + 1)) {
                slots[i] = null;                    // safety: we won slot h; a thief that read it loses its CAS
                return task;
            }
        }
    }

    /**
     * Owner only. Moves the older half of the queue (at least one task) to {@code sink} and
     * returns how many moved; used when a push finds the queue full.
     */
    int drainHalf(Consumer<Runnable> sink) {
        for (;;) {
            long h = headAcquire();
            long t = tailPlain();                   // owner only
            long n = (t - h + 1) / 2;
            if (n <= 0) {
                return 0;
            }
            Runnable[] batch = new Runnable[(int) n];
            for (int k = 0; k < n; k++) {
                batch[k] = slots[(int) (h + k) & mask];
            }
            if (casHead(h, h + n)) {
                for (int k = 0; k < n; k++) {
                    slots[(int) (h + k) & mask] = null;    // safety: as in pop
                    sink.accept(batch[k]);
                }
                return (int) n;
            }
        }
    }

    /**
     * Called by a thief on a victim's queue: moves half of the victim's tasks (rounded up) into
     * {@code thief}, which must be empty and is owned by the calling thread, and returns one of
     * them to run now (the rest stay in the thief's queue); null when the victim was empty.
     */
    Runnable stealInto(SpmcArrayRunQueue thief) {
        long tt = thief.tailPlain();                // we own the thief queue
        if (tt != thief.headAcquire()) {
            throw new AssertionError("run queue corrupted: stealing into a non-empty queue " + thief);
        }
        for (;;) {
            long h = headAcquire();
            long t = tailAcquire();                 // pairs with setTailRelease in push
            long n = t - h;
            n = n - n / 2;
            if (n <= 0) {
                return null;
            }
            if (n > slots.length / 2) {
                continue;                           // inconsistent h/t snapshot (h read before a pop/steal): retry
            }
            n = Math.min(n, thief.slots.length);    // a smaller thief takes what fits
            for (int k = 0; k < n; k++) {
                // safety: plain reads after tailAcquire; validated by the CAS below
                thief.slots[(int) (tt + k) & thief.mask] = slots[(int) (h + k) & mask];
            }
            if (casHead(h, h + n)) {
                Runnable run = thief.slots[(int) (tt + n - 1) & thief.mask];
                thief.slots[(int) (tt + n - 1) & thief.mask] = null;
                if (n > 1) {
                    thief.setTailRelease(tt + n - 1); // publishes the rest to the thief's own thieves
                }
                if (run == null) {
                    throw new AssertionError("run queue corrupted: stole an empty slot at " + (h + n - 1) + " " + this);
                }
                return run;
            }
        }
    }

    /** How many tasks have ever left this queue (the head counter). Any thread; the monitor uses it to see progress. */
    long consumed() {
        return headAcquire();
    }

    /** A hint: the number of queued tasks, possibly stale. Any thread. */
    int size() {
        long h = headAcquire();
        long t = tailAcquire();
        long n = t - h;
        return n < 0 ? 0 : (int) Math.min(n, slots.length);
    }

    /** A hint: true when no task was queued at the moment of the reads. Any thread. */
    boolean isEmpty() {
        return tailAcquire() == headAcquire();
    }

    /** For tests, on a quiescent queue: checks I1 and I2. */
    void checkInvariants() {
        long h = head, t = tail;
        if (t - h < 0 || t - h > slots.length) {
            throw new AssertionError("run queue corrupted: I1 broken " + this);
        }
        for (long i = h; i < t; i++) {
            if (slots[(int) i & mask] == null) {
                throw new AssertionError("run queue corrupted: I2 broken at " + i + " " + this);
            }
        }
    }

    @Override
    public String toString() {
        return "SpmcArrayRunQueue[head=" + head + ", tail=" + tail + ", capacity=" + slots.length + "]";
    }
}
