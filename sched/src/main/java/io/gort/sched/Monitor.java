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
 * When every carrier has been idle for ten intervals it sleeps until a carrier wakes.
 */
final class Monitor implements Runnable {
    static final long INTERVAL_NANOS = Long.getLong("gort.monitor.interval", 1000) * 1000;
    static final int MAX_HELPERS = Integer.getInteger("gort.monitor.maxhelpers", 256);

    private final WorkStealingScheduler sched;
    private Thread thread;
    private volatile boolean stopped;
    private volatile boolean sleeping;
    private volatile int stuckCarriers;
    private volatile long helpersLent;
    private volatile long longestStallNanos;

    Monitor(WorkStealingScheduler sched) {
        this.sched = sched;
    }

    void start(String name) {
        thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
        thread.start();
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    /** Carriers found stuck at the last look. */
    int stuckCarriers() {
        return stuckCarriers;
    }

    long helpersLent() {
        return helpersLent;
    }

    long longestStallNanos() {
        return longestStallNanos;
    }

    void helperLent() {
        helpersLent++;                                   // written by the monitor or a submitter after close; a hint
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
        while (!stopped) {
            LockSupport.parkNanos(this, INTERVAL_NANOS);
            if (stopped) {
                return;
            }
            if (look()) {
                idleLooks = 0;
            } else if (++idleLooks >= 10) {
                sleepWhileIdle();
                idleLooks = 0;
            }
        }
    }

    /** One look at the carriers; returns false when all of them were idle. */
    private boolean look() {
        int stuck = 0, busy = 0;
        boolean workBehindStuck = false;
        for (Worker w : sched.all) {
            long tick = w.schedTickOpaque();
            int status = w.statusOpaque();
            if (status != Worker.IDLE) {
                busy++;
            }
            if (status == Worker.RUNNING && tick == w.lastSeenTick) {
                stuck++;
                w.stuckTicks++;
                workBehindStuck |= w.hasLocalWork();
                long stall = w.stuckTicks * INTERVAL_NANOS;
                if (stall > longestStallNanos) {
                    longestStallNanos = stall;
                }
            } else {
                w.lastSeenTick = tick;
                w.stuckTicks = 0;
            }
        }
        stuckCarriers = stuck;
        if (stuck > 0 && (workBehindStuck || (stuck >= busy && !sched.global.isEmpty()))) {
            if (sched.idle.idle() > 0) {
                sched.wakeIfIdle();
            } else if (sched.idle.spinning() == 0 && sched.helpers() < MAX_HELPERS) {
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
        while (sleeping && !stopped) {
            LockSupport.park(this);
        }
    }
}
