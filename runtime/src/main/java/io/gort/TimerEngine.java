package io.gort;

import io.gort.sched.DeterministicScheduler;
import io.gort.sched.Scheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pending timers of the process and the one platform thread that fires them. {@link Timer},
 * {@link Ticker}, {@link Time#after} and {@link Time#afterFunc} all schedule a {@link Node} here.
 * A pending timer costs its node and one heap slot: no thread, no goroutine.
 *
 * <p>A synctest bubble has an engine of its own in <em>manual</em> mode ({@link #manual}): no
 * thread; its clock is the bubble's {@link VirtualClock}, and the bubble's carrier fires the due
 * timers between goroutine runs ({@link #fireDue}), moving the virtual clock to the earliest
 * deadline when every goroutine of the bubble is blocked. {@link #current()} picks the engine of
 * the caller: its bubble's, else the {@link #global()} one.
 */
final class TimerEngine {
    /*
     * Design: a 4-ary min-heap of nodes ordered by (when, order), where `order` is a sequence
     * number taken at each insertion, so equal deadlines fire in the order they were set (FIFO).
     * Each node knows its heap index, so stop and reset remove it in O(log n). One daemon platform
     * thread, "gort-timers", parks until the earliest deadline, pops every node that is due (at most
     * BATCH per lock hold), and fires them with no engine lock held. Go keeps one heap per P and
     * runs timers from the scheduler loop; gort's carriers are the JDK's business while a virtual
     * thread is mounted, so a single engine thread is the simple equivalent (docs/adr/0004).
     *
     * Time: `when` is nanoseconds since `origin` (the clock's reading when the engine was made), so
     * deadlines are non-negative and compare with `<`; a deadline past Long.MAX_VALUE saturates
     * (Go's runtime.when does the same), and such a timer never fires.
     *
     * Node.index, under `lock`:
     *     >= 0    pending: heap[index] == node
     *     IDLE    not scheduled: new, stopped, or fired
     *     POPPED  taken off the heap by the engine thread, which is about to fire it
     *
     * Transitions (who, which locks; "monitor" is the node's own monitor, the per-timer lock):
     *     IDLE|POPPED|heaped -> heaped   schedule (newTimer, reset, a ticker's next period):
     *                                    monitor + lock
     *     heaped -> POPPED               the engine thread's pop: lock only
     *     POPPED -> IDLE                 the engine thread's claim before it fires: monitor + lock
     *     heaped|POPPED -> IDLE          cancel (stop, and the first half of reset): monitor + lock
     * Every transition out of POPPED holds the node's monitor, and a fire sends only after its own
     * claim succeeded, inside the same monitor hold. Hence stop and fire are serialised per timer:
     *     T1 (engine) pops n: POPPED.           T2 stop() takes n's monitor, cancels: POPPED -> IDLE,
     *     T1 fire(n) waits for the monitor.     drains the channel, returns true (it prevented a send).
     *     T1 claims: n is IDLE, so it sends nothing.
     * Or T1 claims and sends first, and T2's drain (inside the monitor, after that send) removes the
     * value: stop returns true, as Go 1.23 says a sent but unreceived value counts as not fired.
     *
     * Invariants (checkInvariants): I1 heap[0..size) are exactly the nodes with index >= 0, each at
     *   its own index; slots from size on are null. I2 heap order: no node precedes its parent in
     *   (when, order). I3 engine wake-up: if the engine thread is parked, it will wake no later than
     *   heap[0].when (wakesAt <= heap[0].when), so no deadline is missed.
     * Wake-ups: the engine publishes wakesAt under `lock` before it parks; whoever inserts a new
     *   earliest deadline below wakesAt lowers it and unparks the thread (a permit given before the
     *   park makes the park return). Removing the earliest node never unparks: the engine wakes at the
     *   old deadline, finds nothing due, and parks again; and a woken engine keeps sleeping to that old
     *   deadline while it is still ahead, even if the heap is now empty or later. So a
     *   select-with-timeout loop, which adds and removes one timer per iteration, unparks the engine
     *   about once per timeout, not per loop (the first insert after the target passed unparks it).
     * Lock order: node monitor -> engine lock (schedule, cancel, claim) and node monitor -> channel
     *   lock (fire's trySend, stop's drain). The channel lock is never taken under the engine lock,
     *   nor a node monitor under either; receivers take only the channel lock. No cycle.
     * Maintenance: after a change run TimerEngineTest, TimeTest and TimerConformanceTest.
     */

    static final int IDLE = -1, POPPED = -2;
    private static final int ARITY = 4;
    private static final int BATCH = 256;
    private static final long NEVER = Long.MAX_VALUE;
    /** wakesAt while the engine thread runs: it looks at the heap again before parking. */
    private static final long AWAKE = Long.MIN_VALUE;

    /** A timer as the engine sees it. Subclasses fire; they must be short and must not block. */
    abstract static class Node {
        long when;            // under lock: deadline, nanoseconds since origin
        long order;           // under lock: insertion sequence number, the FIFO tie-break
        int index = IDLE;     // under lock: see the table above

        /**
         * Called by the engine thread, with no lock held, after the node was popped. An
         * implementation takes the node's monitor, calls {@link #claim}, and acts only if it
         * returns true.
         */
        abstract void fire(TimerEngine engine);

        @Override
        public String toString() {
            return getClass().getSimpleName() + "[when=" + when + " order=" + order + " index=" + index + "]";
        }
    }

    private static final class Holder {
        static final TimerEngine GLOBAL = new TimerEngine(Clock.SYSTEM, "gort-timers");
    }

    /** The process's engine, started on first use. */
    static TimerEngine global() {
        return Holder.GLOBAL;
    }

    /**
     * The engine of the calling goroutine's synctest bubble, else {@link #global()}. Outside any
     * bubble it costs one volatile read (no bubble open in the process) or, while some bubble is
     * open, one {@code Goroutine.current()} lookup (a scoped-value read).
     */
    static TimerEngine current() {
        DeterministicScheduler d = DeterministicScheduler.current();
        return d != null && d.attachment() instanceof Bubble b ? b.engine : Holder.GLOBAL;
    }

    /**
     * A manual engine (a bubble's): no thread; {@link #fireDue} fires its timers; {@code
     * afterFunc} functions start on {@code scheduler}.
     */
    static TimerEngine manual(VirtualClock clock, String name, Scheduler scheduler) {
        return new TimerEngine(clock, name, scheduler);
    }

    final Clock clock;
    private final long origin;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private Node[] heap = new Node[64];      // under lock
    private int size;                        // under lock
    private final AtomicLong nextOrder = new AtomicLong();   // FIFO tie-breaks, in the order timers are set
    private long wakesAt = AWAKE;            // under lock: when the parked engine thread will look again
    private Thread thread;                   // under lock: started by the first schedule
    private long fired;                      // engine thread only (a statistic; read racily)
    /** Timers popped and not yet fired: set under lock by the engine thread, cleared after firing. */
    private volatile int firing;
    private long unparks;                    // under lock: how often an insert woke the engine thread

    /** Null for a threaded engine; for a manual one, where afterFunc functions start. */
    private final Scheduler scheduler;
    private final boolean manual;

    TimerEngine(Clock clock, String name) {
        this.clock = clock;
        this.origin = clock.nanoTime();
        this.name = name;
        this.scheduler = null;
        this.manual = false;
    }

    private TimerEngine(VirtualClock clock, String name, Scheduler scheduler) {
        this.clock = clock;
        this.origin = clock.nanoTime();
        this.name = name;
        this.scheduler = scheduler;
        this.manual = true;
    }

    /** True for a bubble's engine (no thread; virtual time). */
    boolean isManual() {
        return manual;
    }

    /** Starts an afterFunc function: in the engine's bubble, or as {@code Go.spawn} does. */
    void spawn(Runnable f) {
        if (scheduler != null) {
            scheduler.spawn(f);
        } else {
            Go.spawn(f);
        }
    }

    /** Now, in the engine's time base (nanoseconds since origin). */
    long now() {
        return clock.nanoTime() - origin;
    }

    /** The deadline {@code d} from now, saturating; a zero or negative {@code d} is now. */
    long deadline(Duration d) {
        long now = now();
        long nanos = saturatedNanos(d);
        if (nanos <= 0) {
            return now;
        }
        long w = now + nanos;
        return w < 0 ? NEVER : w;   // overflow: never
    }

    /** {@code d} in nanoseconds, clamped to the long range (Duration's own toNanos throws instead). */
    static long saturatedNanos(Duration d) {
        if (d.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (d.getSeconds() <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return d.toNanos();
    }

    // ---- called with the node's monitor held ---------------------------------------------------

    /**
     * Sets {@code n} to fire at {@code when}, replacing any pending firing. Returns true if a firing
     * was pending (in the heap, or popped and not yet claimed). Caller holds n's monitor.
     */
    boolean schedule(Node n, long when) {
        return schedule(n, when, -1);
    }

    /** A FIFO tie-break number for a node armed now and scheduled later (lazy channel timers). */
    long nextOrder() {
        return nextOrder.getAndIncrement();
    }

    /** As {@link #schedule(Node, long)}, with the tie-break {@code order} (-1: the next one). */
    boolean schedule(Node n, long when, long order) {
        boolean pending, wake;
        Thread t;
        lock.lock();
        try {
            int i = n.index;
            pending = i != IDLE;
            if (i >= 0) {
                removeAt(i);
            }
            n.when = when;
            n.order = order < 0 ? nextOrder.getAndIncrement() : order;
            insert(n);
            wake = n.index == 0 && when < wakesAt;
            if (wake) {
                wakesAt = when;
                unparks++;
            }
            t = thread;
            if (manual) {
                wake = false;    // the bubble's carrier looks at the heap between goroutine runs
            } else if (t == null) {
                t = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
                t.start();
                thread = t;      // only once started: a failed start is retried by the next schedule
                wake = false;    // a new thread looks at the heap before it parks
            }
        } finally {
            lock.unlock();
        }
        if (wake) {
            LockSupport.unpark(t);   // pairs with the park in run(): a permit given first is kept
        }
        return pending;
    }

    /** Unschedules {@code n}; returns true if a firing was pending. Caller holds n's monitor. */
    boolean cancel(Node n) {
        lock.lock();
        try {
            int i = n.index;
            if (i >= 0) {
                removeAt(i);
            }
            n.index = IDLE;
            return i != IDLE;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The engine thread's commitment to fire a popped node: true (and the node is IDLE) if no stop
     * or reset came between the pop and now. Caller (the engine thread) holds n's monitor.
     */
    boolean claim(Node n) {
        lock.lock();
        try {
            if (n.index == POPPED) {
                n.index = IDLE;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** True if {@code n} is scheduled (in the heap or popped, not yet claimed). */
    boolean isPending(Node n) {
        lock.lock();
        try {
            return n.index != IDLE;
        } finally {
            lock.unlock();
        }
    }

    // ---- manual mode: the bubble's carrier ------------------------------------------------------

    /**
     * Manual mode only; called by the bubble's carrier between goroutine runs. Fires every timer
     * due at the clock's now, in (when, order) order; if none is due and {@code advance}, first
     * moves the virtual clock to the earliest deadline (a deadline that saturated to "never" is
     * not one). Returns how many timers fired.
     */
    int fireDue(boolean advance) {
        if (!manual) {
            throw new IllegalStateException("not a manual engine: " + this);
        }
        int total = 0;
        Node[] batch = null;
        for (;;) {
            int k = 0;
            lock.lock();
            try {
                if (size == 0) {
                    return total;
                }
                long now = now();
                long first = heap[0].when;
                if (first > now) {
                    if (!advance || total > 0 || first == NEVER) {
                        return total;
                    }
                    ((VirtualClock) clock).advanceTo(origin + first);   // the only place virtual time moves
                    now = first;
                }
                if (batch == null) {
                    batch = new Node[Math.min(BATCH, Math.max(size, 4))];
                }
                while (size > 0 && heap[0].when <= now && k < batch.length) {
                    Node n = heap[0];
                    removeAt(0);
                    n.index = POPPED;
                    batch[k++] = n;
                }
            } finally {
                lock.unlock();
            }
            for (int i = 0; i < k; i++) {
                Node n = batch[i];
                batch[i] = null;
                fireOne(n);
            }
            fired += k;
            total += k;
        }
    }

    private void fireOne(Node n) {
        try {
            n.fire(this);
        } catch (Throwable e) {
            // A fire is a non-blocking send or a spawn; a failure is a bug (or a user who
            // cast c() to Chan and closed it). Report it and keep the other timers alive.
            Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
            if (h != null) {
                h.uncaughtException(Thread.currentThread(), e);
            } else {
                System.err.println(name + ": a timer's fire threw");
                e.printStackTrace();
            }
        }
    }

    // ---- the engine thread ---------------------------------------------------------------------

    private void run() {
        Node[] batch = new Node[BATCH];
        for (;;) {
            int k = 0;
            long sleep = 0;
            lock.lock();
            try {
                long now = now();
                while (size > 0 && heap[0].when <= now && k < BATCH) {
                    Node n = heap[0];
                    removeAt(0);
                    n.index = POPPED;
                    batch[k++] = n;
                }
                if (k > 0) {
                    firing = k;
                    wakesAt = AWAKE;
                } else {
                    long next = size == 0 ? NEVER : heap[0].when;
                    if (wakesAt != AWAKE && wakesAt > now && wakesAt < next) {
                        next = wakesAt;   // keep an earlier target whose timer was removed (see Wake-ups)
                    }
                    wakesAt = next;
                    sleep = next == NEVER ? NEVER : next - now;
                }
            } finally {
                lock.unlock();
            }
            if (k == 0) {
                if (sleep == NEVER) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, sleep);
                }
                continue;   // a spurious wake-up just looks again
            }
            for (int i = 0; i < k; i++) {
                Node n = batch[i];
                batch[i] = null;
                fireOne(n);
            }
            fired += k;
            firing = 0;
        }
    }

    // ---- the 4-ary heap (lock held) ------------------------------------------------------------

    private static boolean before(Node a, Node b) {
        return a.when < b.when || (a.when == b.when && a.order < b.order);
    }

    private void insert(Node n) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        siftUp(size++, n);
    }

    private void removeAt(int i) {
        Node gone = heap[i];
        int last = --size;
        Node moved = heap[last];
        heap[last] = null;
        gone.index = IDLE;
        if (i != last) {
            siftDown(i, moved);
            if (moved.index == i) {
                siftUp(i, moved);
            }
        }
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);   // give back memory after a burst
        }
    }

    private void siftUp(int i, Node n) {
        while (i > 0) {
            int p = (i - 1) / ARITY;
            Node parent = heap[p];
            if (!before(n, parent)) {
                break;
            }
            heap[i] = parent;
            parent.index = i;
            i = p;
        }
        heap[i] = n;
        n.index = i;
    }

    private void siftDown(int i, Node n) {
        for (;;) {
            int c = i * ARITY + 1;
            if (c >= size) {
                break;
            }
            int end = Math.min(c + ARITY, size);
            int best = c;
            for (int j = c + 1; j < end; j++) {
                if (before(heap[j], heap[best])) {
                    best = j;
                }
            }
            if (!before(heap[best], n)) {
                break;
            }
            heap[i] = heap[best];
            heap[i].index = i;
            i = best;
        }
        heap[i] = n;
        n.index = i;
    }

    // ---- for tests and diagnostics -------------------------------------------------------------

    /**
     * Timers that will still fire: those in the heap plus those popped and not yet fired. The
     * deadlock detector gives up while it is not zero, as Go's checkdead does when a timer is pending.
     */
    int pending() {
        lock.lock();
        try {
            return size + firing;
        } finally {
            lock.unlock();
        }
    }

    /** Pending timers in the heap (popped ones not counted). */
    int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Timers fired so far (read racily: a statistic). */
    long firedCount() {
        return fired;
    }

    /** How often an insertion unparked the engine thread (a new earliest deadline). */
    long unparks() {
        lock.lock();
        try {
            return unparks;
        } finally {
            lock.unlock();
        }
    }

    /** The engine thread, or null before the first timer. */
    Thread thread() {
        lock.lock();
        try {
            return thread;
        } finally {
            lock.unlock();
        }
    }

    /** Checks I1–I3 under the lock; throws AssertionError naming the broken one. */
    void checkInvariants() {
        lock.lock();
        try {
            for (int i = 0; i < heap.length; i++) {
                Node n = heap[i];
                if (i < size && (n == null || n.index != i)) {
                    throw new AssertionError("I1 corrupted: slot " + i + " holds " + n + "; " + this);
                }
                if (i >= size && n != null) {
                    throw new AssertionError("I1 corrupted: slot " + i + " past size holds " + n);
                }
                if (i > 0 && i < size && before(n, heap[(i - 1) / ARITY])) {
                    throw new AssertionError("I2 corrupted: " + n + " precedes its parent " + heap[(i - 1) / ARITY]);
                }
            }
            if (size > 0 && wakesAt != AWAKE && wakesAt > heap[0].when) {
                throw new AssertionError("I3 corrupted: engine wakes at " + wakesAt + " after " + heap[0]);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "TimerEngine[" + name + " pending=" + size + " fired=" + fired + " wakesAt="
                    + (wakesAt == AWAKE ? "awake" : wakesAt == NEVER ? "never" : wakesAt) + " now=" + now()
                    + " first=" + (size > 0 ? heap[0] : "none") + "]";
        } finally {
            lock.unlock();
        }
    }
}
