package io.gort.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The event counters of one carrier ({@link Worker}): what Go keeps per P and per M for
 * {@code runtime/metrics} and {@code GODEBUG=schedtrace} ({@code p.schedtick}, steals, spinning
 * and parked Ms), read by {@link Scheduler#metrics()}.
 *
 * <p>Single writer: only the carrier thread that owns the worker increments them, with an opaque
 * store of {@code plain read + n} (no atomic read-modify-write, no fence: on x86 and ARM an opaque
 * store is an ordinary store). Any other thread reads them with opaque loads and gets a
 * <b>recent value, not necessarily the latest</b>: counters are diagnostics, never used to decide
 * anything. Each counter only grows. No happens-before edge is promised between a counted event
 * and a reader that sees the count.
 *
 * <p>Cost on the carrier's paths: one plain load and one store to a line of its own (this object
 * is separate from the {@code Worker}, whose {@code runnext} and ring indices thieves read) on
 * the runnext pick, the global-queue poll, a successful steal, each spin phase and each park;
 * nothing on the paths of {@code execute()} or of a goroutine's own park and unpark.
 */
final class CarrierCounters {
    /*
     * Writers: the owner carrier only (a helper's counters are written by the helper's thread,
     * then, once it has exited, folded into WorkStealingScheduler.retiredHelpers under its lock by
     * that same thread). Readers: any thread, opaque. Invariant: every field is non-decreasing as
     * seen by any one reader (opaque accesses to one variable are coherent).
     */
    private static final VarHandle RUNNEXT_TASKS, GLOBAL_TASKS, STEALS, STOLEN, SPINS, SPINS_FOUND, PARKS;
    static {
        try {
            var l = MethodHandles.lookup();
            RUNNEXT_TASKS = l.findVarHandle(CarrierCounters.class, "runnextTasks", long.class);
            GLOBAL_TASKS = l.findVarHandle(CarrierCounters.class, "globalTasks", long.class);
            STEALS = l.findVarHandle(CarrierCounters.class, "steals", long.class);
            STOLEN = l.findVarHandle(CarrierCounters.class, "stolen", long.class);
            SPINS = l.findVarHandle(CarrierCounters.class, "spins", long.class);
            SPINS_FOUND = l.findVarHandle(CarrierCounters.class, "spinsFound", long.class);
            PARKS = l.findVarHandle(CarrierCounters.class, "parks", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long runnextTasks;   // owner only writes; tasks taken from runnext (a hand-off's LIFO pick)
    private long globalTasks;    // tasks taken from the global queue (run at once or moved to the ring)
    private long steals;         // successful steal operations (a batch from a ring, or a runnext)
    private long stolen;         // tasks those steals moved
    private long spins;          // spin phases begun (SPIN_NANOS of looking at the queues)
    private long spinsFound;     // spin phases that ended because work appeared
    private long parks;          // times the carrier really parked (passed C4 of IdleCarriers)

    // Owner only: each is one plain load and one opaque store.
    void runnextTask() { RUNNEXT_TASKS.setOpaque(this, runnextTasks + 1); }
    void globalTasks(int n) { GLOBAL_TASKS.setOpaque(this, globalTasks + n); }
    void stole(int n) {
        STEALS.setOpaque(this, steals + 1);
        STOLEN.setOpaque(this, stolen + n);
    }
    void spin() { SPINS.setOpaque(this, spins + 1); }
    void spinFoundWork() { SPINS_FOUND.setOpaque(this, spinsFound + 1); }
    void park() { PARKS.setOpaque(this, parks + 1); }

    /** Any thread: the counters as of a recent moment. */
    CarrierMetrics snapshot(int index, boolean helper, CarrierMetrics.Status status, int runQueueDepth, long tasks) {
        return new CarrierMetrics(index, helper, status, runQueueDepth, tasks,
                (long) RUNNEXT_TASKS.getOpaque(this), (long) GLOBAL_TASKS.getOpaque(this),
                (long) STEALS.getOpaque(this), (long) STOLEN.getOpaque(this),
                (long) SPINS.getOpaque(this), (long) SPINS_FOUND.getOpaque(this), (long) PARKS.getOpaque(this));
    }

    @Override
    public String toString() {
        return "CarrierCounters[steals=" + STEALS.getOpaque(this) + ", stolen=" + STOLEN.getOpaque(this)
                + ", parks=" + PARKS.getOpaque(this) + ", spins=" + SPINS.getOpaque(this) + "]";
    }
}
