package io.gort.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One carrier of a {@link WorkStealingScheduler}: Go's P and M together. It owns a local run
 * queue and a {@code runnext} slot, and runs the scheduling loop {@link #run()} on its own
 * platform thread. A helper worker is one the monitor lends while a carrier is stuck; it leaves
 * as soon as it finds no work.
 */
final class Worker implements Runnable {
    /*
     * Fields grouped by who touches them (Tokio's Core / Remote):
     *   Core   (owner thread only): tick, inherited, spinning, current, rng.
     *   Remote (others read, owner writes): runnext (thieves CAS it to null), ring (thieves steal),
     *          schedTick and status (opaque; read by the monitor), woken (set by a waker),
     *          counters (opaque; read by Scheduler.metrics(), see CarrierCounters).
     *
     * runnext: Go's LIFO slot. A goroutine made ready by a goroutine on this carrier goes here
     * and runs next, which makes a hand-off cost one switch. The goroutine it displaces goes to
     * the ring. Putting a task in an empty runnext wakes nobody: this carrier runs it as soon as
     * its current goroutine parks, which in a hand-off is at once. If the current goroutine keeps
     * running instead, the monitor sees this carrier stuck with work and wakes a thief, which
     * takes runnext from a running victim (stealRunnext) - the price is one to two monitor
     * intervals of latency in that case (ADR 0002).
     *
     * Fairness: two goroutines handing off to each other through runnext would keep the ring
     * waiting forever (Go's time-slice inheritance). `inherited` counts runnext picks since the
     * last pick from the ring; once it reaches INHERIT_LIMIT and the ring is not empty, the next
     * pick comes from the ring. Every 61st pass of findRunnable (idle passes included) looks at
     * the global queue first, as Go's schedule() does every 61st schedtick.
     */

    static final int RUNNING = 1, SEARCHING = 0, IDLE = 2;
    static final int INHERIT_LIMIT = Integer.getInteger("gort.runnext.inherit", 128);
    /** How long an idle carrier keeps looking for work before it parks. */
    static final long SPIN_NANOS = Long.getLong("gort.spin.nanos", 20_000);
    /** Wake an idle carrier even when the pushed task lands in an empty runnext (Go's behaviour; ADR 0002 measures it). */
    static final boolean WAKE_ON_RUNNEXT = Boolean.getBoolean("gort.runnext.wake");
    /** How long a thief leaves a running victim's runnext alone before taking it (Go: 3 us). */
    static final long RUNNEXT_GRACE_NANOS = 3_000;

    private static final VarHandle RUNNEXT, SCHED_TICK, STATUS;
    static {
        try {
            var l = MethodHandles.lookup();
            RUNNEXT = l.findVarHandle(Worker.class, "runnext", Runnable.class);
            SCHED_TICK = l.findVarHandle(Worker.class, "schedTick", long.class);
            STATUS = l.findVarHandle(Worker.class, "status", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final WorkStealingScheduler sched;
    final int index;          // position in sched.procs, or -1 for a helper
    final boolean helper;
    final SpmcArrayRunQueue ring = new SpmcArrayRunQueue();
    /** Owner-written counters for {@link Scheduler#metrics()}; a separate object, off the lines thieves read. */
    final CarrierCounters counters = new CarrierCounters();
    Carrier thread;

    // Remote
    private volatile Runnable runnext;
    private long schedTick;           // opaque: tasks started so far
    private int status = SEARCHING;   // opaque
    private volatile boolean woken;

    // Core (owner only)
    private int tick;
    private int inherited;
    private boolean spinning;
    private Runnable current;
    private long rng;

    // Monitor only
    long lastSeenTick;
    int stuckTicks;
    long lastConsumed;
    Runnable lastRunnext;
    int starvedTicks;

    Worker(WorkStealingScheduler sched, int index, boolean helper) {
        this.sched = sched;
        this.index = index;
        this.helper = helper;
        this.rng = System.nanoTime() ^ ((long) index << 32) ^ System.identityHashCode(this);
    }

    long schedTickOpaque() { return (long) SCHED_TICK.getOpaque(this); }
    int statusOpaque() { return (int) STATUS.getOpaque(this); }

    /** Any thread: queued tasks, ring plus runnext (a hint, possibly stale). */
    int runQueueDepth() {
        return ring.size() + (runnext != null ? 1 : 0);
    }

    /** Any thread: this carrier's counters as of a recent moment (opaque reads; see CarrierCounters). */
    CarrierMetrics metrics() {
        CarrierMetrics.Status st = switch (statusOpaque()) {
            case RUNNING -> CarrierMetrics.Status.RUNNING;
            case IDLE -> CarrierMetrics.Status.IDLE;
            default -> CarrierMetrics.Status.SEARCHING;
        };
        return counters.snapshot(index, helper, st, runQueueDepth(), schedTickOpaque());
    }
    Runnable runnextVolatile() { return runnext; }

    /** Any thread: true if this worker holds queued work (a hint). */
    boolean hasLocalWork() {
        return runnext != null || !ring.isEmpty();
    }

    /** Owner only: a task made ready by code running on this carrier. */
    void pushLocal(Runnable task) {
        if (task == current) {
            // The running goroutine yielded (Thread.yield / Go.yield) or re-submitted itself after a
            // park raced with an unpark: Go's Gosched puts it on the global queue, behind others,
            // and wakes an idle carrier in case this one stays busy.
            sched.submitGlobal(task);
            return;
        }
        if (!sched.localQueues || sched.closed) {
            sched.submitGlobal(task);                 // after close: the global queue, where a lent carrier finds it
            return;
        }
        Runnable displaced = (Runnable) RUNNEXT.getAndSet(this, task);
        if (displaced == null) {
            if (WAKE_ON_RUNNEXT) {
                sched.wakeIfIdle();
            }
            return;                                   // see "runnext" above: no wake-up needed
        }
        pushRing(displaced);
        sched.wakeIfIdle();
    }

    private void pushRing(Runnable task) {
        if (!ring.push(task)) {
            ring.drainHalf(sched.global::offer);      // Go's runqputslow
            if (!ring.push(task)) {
                throw new AssertionError("run queue corrupted: full after draining half " + ring);
            }
        }
    }

    /** Any thread: wakes this parked worker; the caller has claimed its idle bit. */
    void wake() {
        woken = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        try {
            for (Runnable task; (task = findRunnable()) != null; ) {
                runTask(task);
            }
        } finally {
            STATUS.setOpaque(this, IDLE);
            sched.workerExited(this);
        }
    }

    private void runTask(Runnable task) {
        if (spinning) {
            spinning = false;
            if (sched.idle.decSpinning() == 0) {
                sched.wakeIfIdle();                   // Go's resetspinning: keep one carrier looking
            }
        }
        current = task;
        SCHED_TICK.setOpaque(this, schedTick + 1);
        STATUS.setOpaque(this, RUNNING);
        try {
            task.run();
        } catch (Throwable t) {
            // A virtual thread's continuation does not throw; if the JDK ever does, keep the carrier.
            System.err.println("gort: carrier " + thread.getName() + " caught " + t);
        } finally {
            current = null;
            STATUS.setOpaque(this, SEARCHING);
        }
    }

    /** Owner only: the next task to run; blocks (parks) while there is none; null means exit. */
    private Runnable findRunnable() {
        for (;;) {
            Runnable r;
            if (helper && sched.takeRecall()) {
                // The stall that brought this helper is over: give the work back and leave (Go's M
                // returning from a syscall gives up when it finds no P).
                handBackLocalWork();
                if (sched.tryRetire(this, false)) {
                    return null;
                }
            }
            if (++tick % 61 == 0 && (r = sched.global.poll()) != null) {
                counters.globalTasks(1);
                return r;                             // Go: every 61st schedule checks the global queue first
            }
            if ((r = localNext()) != null || (r = pollGlobal()) != null) {
                return r;
            }
            if (helper || spinning || 2 * sched.idle.spinning() < sched.procs.length - sched.idle.idle()) {
                if (!helper && !spinning) {
                    spinning = true;
                    sched.idle.incSpinning();
                }
                if ((r = stealWork()) != null) {
                    return r;
                }
                if (spinUntilWork()) {
                    continue;
                }
            }
            if (helper || sched.closed) {
                if (retire()) {
                    return null;
                }
                continue;
            }
            if (parkIdle()) {
                continue;
            }
        }
    }

    /** Owner only: runnext (unless it has had its share) or the head of the ring. */
    private Runnable localNext() {
        Runnable next = runnext;
        if (next != null && (inherited < INHERIT_LIMIT || ring.isEmpty())) {
            if (RUNNEXT.compareAndSet(this, next, null)) {
                inherited++;
                counters.runnextTask();
                return next;
            }
        }
        Runnable r = ring.pop();
        if (r != null) {
            inherited = 0;
            return r;
        }
        next = runnext;
        if (next != null && RUNNEXT.compareAndSet(this, next, null)) {
            inherited++;
            counters.runnextTask();
            return next;
        }
        return null;
    }

    /** Owner only: one task from the global queue, moving a batch of others to the local ring. */
    private Runnable pollGlobal() {
        Runnable r = sched.global.poll();
        if (r == null || !sched.localQueues) {
            if (r != null) {
                counters.globalTasks(1);
            }
            return r;
        }
        int batch = Math.min(sched.global.size() / sched.procs.length, ring.capacity() / 2);
        int moved = 0;
        for (; moved < batch; moved++) {
            Runnable x = sched.global.poll();
            if (x == null) {
                break;
            }
            if (!ring.push(x)) {
                sched.global.offer(x);
                break;
            }
        }
        counters.globalTasks(1 + moved);
        if (moved > 0) {
            // While they moved they were in neither queue, so a carrier going idle may have missed them.
            sched.wakeIfIdle();
        }
        return r;
    }

    /** Owner only: four rounds over the other workers in random order; the last also takes runnext. */
    private Runnable stealWork() {
        if (!sched.localQueues) {
            return null;
        }
        for (int round = 0; round < 4; round++) {
            Worker[] all = sched.all;
            int n = all.length;
            int start = (int) ((nextRandom() >>> 33) % n);
            for (int k = 0; k < n; k++) {
                Worker v = all[(start + k) % n];
                if (v == this) {
                    continue;
                }
                Runnable r = v.ring.stealInto(ring);
                if (r != null) {
                    counters.stole(1 + ring.size());        // our ring was empty: the rest of the batch is in it now
                    return r;
                }
                if (round == 3 && (r = v.stealRunnext()) != null) {
                    counters.stole(1);
                    return r;
                }
            }
            Runnable r = pollGlobal();
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    /** Called by a thief: takes this worker's runnext, giving a running owner a short grace first. */
    private Runnable stealRunnext() {
        Runnable next = runnext;
        if (next == null) {
            return null;
        }
        if (statusOpaque() == RUNNING) {
            // The owner is about to run it when its goroutine parks, which is usually at once.
            long deadline = System.nanoTime() + RUNNEXT_GRACE_NANOS;
            while (System.nanoTime() < deadline) {
                Thread.onSpinWait();
                if (runnext != next || statusOpaque() != RUNNING) {
                    return null;
                }
            }
        }
        return RUNNEXT.compareAndSet(this, next, null) ? next : null;
    }

    /** Owner only: busy-waits up to SPIN_NANOS for work to appear; true if some did. */
    private boolean spinUntilWork() {
        counters.spin();
        long deadline = System.nanoTime() + SPIN_NANOS;
        int k = 0;
        while (System.nanoTime() < deadline) {
            Thread.onSpinWait();
            if ((++k & 7) == 0 && sched.hasWork()) {
                counters.spinFoundWork();
                return true;
            }
        }
        return false;
    }

    /**
     * Owner only: parks this worker until a waker claims it (IdleCarriers C1-C5). Returns true to
     * look for work again.
     */
    private boolean parkIdle() {
        STATUS.setOpaque(this, IDLE);
        sched.idle.markIdle(index);                                 // C1
        if (spinning) {
            spinning = false;
            sched.idle.decSpinning();                               // C2
        }
        VarHandle.fullFence();                                      // C3, pairs with S2
        if (sched.hasWork() || sched.closed) {                      // C4
            if (sched.idle.unmarkIdle(index)) {
                STATUS.setOpaque(this, SEARCHING);
                sched.monitor.workerWoke();
                return true;
            }
            // A waker claimed us between C1 and now: it counted us as spinning; take its wake-up.
        }
        counters.park();
        while (!woken) {                                            // C5
            LockSupport.park(this);
        }
        woken = false;
        spinning = true;                                            // the waker incremented nSpinning for us
        STATUS.setOpaque(this, SEARCHING);
        sched.monitor.workerWoke();
        return true;
    }

    /** Owner only, for a helper or a worker of a closed scheduler: true to exit now. */
    private boolean retire() {
        if (spinning) {
            spinning = false;
            sched.idle.decSpinning();
        }
        return sched.tryRetire(this, true);
    }

    /** Owner only (a recalled helper): moves runnext and the ring to the global queue. */
    private void handBackLocalWork() {
        Runnable next = (Runnable) RUNNEXT.getAndSet(this, null);
        if (next != null) {
            sched.global.offer(next);
        }
        for (Runnable r; (r = ring.pop()) != null; ) {
            sched.global.offer(r);
        }
        sched.wakeIfIdle();
    }

    private long nextRandom() {
        long x = rng;                                               // xorshift64
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        rng = x;
        return x;
    }

    @Override
    public String toString() {
        return (helper ? "helper" : "P" + index) + "[status=" + statusOpaque() + ", tick=" + schedTickOpaque()
                + ", runnext=" + (runnext != null) + ", " + ring + "]";
    }
}
