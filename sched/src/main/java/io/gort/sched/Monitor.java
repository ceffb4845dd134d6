package io.gort.sched;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's sysmon for one {@link WorkStealingScheduler}: a platform thread that looks at the carriers
 * every {@code -Dgort.monitor.interval} microseconds (default 1000). A carrier is stuck when it
 * has been running the same goroutine for a whole interval: a CPU hog, a native frame, a
 * blocking class initializer or file I/O (gort cannot preempt any of them). When a stuck carrier
 * has work queued behind it, or every busy carrier is stuck while the global queue waits, the
 * monitor wakes an idle carrier to steal it, or, if none is idle, lends a temporary carrier
 * (Go's hand-off of a P from an M blocked in a syscall). It records the longest stall it saw.
 * When every carrier has been idle for ten intervals it sleeps until a carrier wakes, and tells
 * the deadlock detector first (the one moment a whole-program deadlock can have formed).
 */
final class Monitor implements Runnable {
    static final long INTERVAL_NANOS = Long.getLong("gort.monitor.interval", 1000) * 1000;
    static final int MAX_HELPERS = Integer.getInteger("gort.monitor.maxhelpers", 256);
    /** Looks for which work behind a stuck carrier must sit unconsumed before a helper is lent for it. */
    static final int STARVE_LOOKS = 2;
    /** Looks for which there must be more helpers than stuck carriers before the extra ones are recalled. */
    static final int RECALL_LOOKS = 2;

    private final WorkStealingScheduler sched;
    private volatile Thread thread;
    private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    private volatile boolean sleeping;
    private int excessLooks;                             // monitor thread only
    private final java.util.concurrent.atomic.AtomicLong helpersLent = new java.util.concurrent.atomic.AtomicLong();
    private volatile long longestStallNanos;
    private long wakeups;                                // monitor thread only writes (opaque); read by metrics()
    private static final VarHandle WAKEUPS;
    static {
        try {
            WAKEUPS = java.lang.invoke.MethodHandles.lookup().findVarHandle(Monitor.class, "wakeups", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Monitor(WorkStealingScheduler sched) {
        this.sched = sched;
    }

    void start(String name) {
        thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
        thread.start();
    }

    /**
     * After close: a helper was lent; start a monitor again if the last one has left. Pairs with
     * the exit check in {@link #run()}: the lender counts its carrier, fences, reads running; the
     * monitor clears running, fences, reads the count. One of them sees the other.
     */
    void ensureRunning(String name) {
        VarHandle.fullFence();
        if (!running.get() && running.compareAndSet(false, true)) {
            start(name);
        }
    }

    long helpersLent() {
        return helpersLent.get();
    }

    long longestStallNanos() {
        return longestStallNanos;
    }

    /** Times this monitor woke an idle carrier to take work waiting behind a stuck one (a recent value). */
    long wakeups() {
        return (long) WAKEUPS.getOpaque(this);
    }

    void helperLent() {
        helpersLent.incrementAndGet();                   // by the monitor, or a submitter after close
    }

    /** A carrier left the idle state: wake the monitor if it sleeps. */
    void workerWoke() {
        VarHandle.fullFence();                           // pairs with the fence in sleepWhileIdle
        if (sleeping) {
            sleeping = false;
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        int idleLooks = 0;
        for (;;) {
            if (sched.closed && sched.liveCarriers() == 0) {
                // Every carrier has left a closed scheduler: leave too, unless a helper was lent meanwhile.
                running.set(false);
                VarHandle.fullFence();
                if (sched.liveCarriers() == 0 || !running.compareAndSet(false, true)) {
                    return;
                }
            }
            LockSupport.parkNanos(this, INTERVAL_NANOS);
            if (look() || sched.closed) {
                idleLooks = 0;
            } else if (++idleLooks >= 10) {
                sleepWhileIdle();
                idleLooks = 0;
            }
        }
    }

    /**
     * One look at the carriers; returns false when all of them were idle.
     *
     * A carrier is stuck when it has run the same task for a whole interval. Work behind it is
     * starved when neither its ring head nor its runnext moved since the last look either. Policy:
     * <ul>
     *   <li>work waits (behind a stuck carrier, or in the global queue while every busy carrier
     *       is stuck) and a carrier is idle: wake it, it steals (cheap, done at the first look);
     *   <li>no carrier is idle or spinning: lend a helper if every live carrier is stuck, or
     *       if some starved work waited STARVE_LOOKS looks while there are fewer helpers than
     *       stuck carriers (one per stuck carrier, as Go has one M per P in a syscall). A
     *       long-running goroutine whose queue others keep draining is not a reason to lend: that
     *       crowded the cores with helpers during bursts of spawning (bench/repro/TreeStats).
     * </ul>
     */
    private boolean look() {
        int stuck = 0, busy = 0;
        boolean workBehindStuck = false, starved = false;
        for (Worker w : sched.all) {
            long tick = w.schedTickOpaque();
            int status = w.statusOpaque();
            if (status != Worker.IDLE) {
                busy++;
            }
            if (status == Worker.RUNNING && tick == w.lastSeenTick) {
                stuck++;
                w.stuckTicks++;
                long stall = w.stuckTicks * INTERVAL_NANOS;
                if (stall > longestStallNanos) {
                    longestStallNanos = stall;
                }
                if (w.hasLocalWork()) {
                    workBehindStuck = true;
                    long consumed = w.ring.consumed();
                    Runnable next = w.runnextVolatile();
                    if (consumed == w.lastConsumed && (next == null || next == w.lastRunnext)) {
                        starved |= ++w.starvedTicks >= STARVE_LOOKS;
                    } else {
                        w.starvedTicks = 0;
                    }
                    w.lastConsumed = consumed;
                    w.lastRunnext = next;
                } else {
                    w.starvedTicks = 0;
                }
            } else {
                w.lastSeenTick = tick;
                w.stuckTicks = 0;
                w.starvedTicks = 0;
            }
        }
        // Helpers beyond the stuck carriers, two looks in a row, are recalled (ADR 0002).
        int excess = sched.helpers() - stuck;
        excessLooks = excess > 0 ? excessLooks + 1 : 0;
        sched.recallHelpers(excessLooks >= RECALL_LOOKS ? excess : 0);
        boolean allStuck = stuck > 0 && stuck >= busy;
        if (stuck > 0 && (workBehindStuck || (allStuck && !sched.global.isEmpty()))) {
            if (sched.idle.idle() > 0) {
                WAKEUPS.setOpaque(this, wakeups + 1);
                sched.wakeIfIdle();
            } else if (sched.idle.spinning() == 0 && sched.helpers() < MAX_HELPERS
                    && (allStuck || (starved && sched.helpers() < stuck))) {
                // Every live carrier is stuck: nobody else can take the work, so lend one. (While
                // regular carriers live, the stuck ones outnumber the helpers then anyway; after
                // close they may all have left and the stuck ones be helpers:
                // CloseWhileRunningStressTest.) Only starved work: one helper per stuck carrier.
                sched.lendCarrier();
            }
        }
        return busy > 0;
    }

    private void sleepWhileIdle() {
        sleeping = true;
        VarHandle.fullFence();                           // pairs with workerWoke's fence
        for (Worker w : sched.all) {
            if (w.statusOpaque() != Worker.IDLE) {
                sleeping = false;
                return;
            }
        }
        Goroutine.probeDeadlock(null);                   // every carrier idle: a deadlock may have formed (ADR 0011)
        while (sleeping && !sched.closed) {
            LockSupport.park(this);
        }
    }
}
