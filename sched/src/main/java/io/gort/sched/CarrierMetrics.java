package io.gort.sched;

/**
 * A snapshot of one carrier's counters (Go's per-P numbers in {@code GODEBUG=schedtrace=...,scheddetail=1}:
 * {@code schedtick}, {@code runqsize}, status), taken by {@link Scheduler#metrics()}. Every
 * counter counts since the carrier started and only grows; values are recent, not atomic
 * together (each field is read on its own while the carrier keeps running).
 *
 * @param index         the carrier's position, {@code 0..parallelism-1}; {@code -1} for a helper
 *                      carrier the monitor lent, or for {@link SchedulerMetrics#rest()}
 * @param helper        true for a helper carrier (Go's M handed a P while another M was in a syscall)
 * @param status        what it was doing when read
 * @param runQueueDepth tasks queued on it: its ring plus its {@code runnext} slot (Go's {@code runqsize}
 *                      counts both too)
 * @param tasks         tasks (goroutine runs, from start or from a park) it has started: Go's {@code schedtick}
 * @param runnextTasks  of those, taken from {@code runnext}: hand-offs that cost one switch
 * @param globalTasks   tasks it took from the global queue (to run or to move to its ring)
 * @param steals        successful steal operations from other carriers (a half-ring batch or a runnext)
 * @param stolen        tasks those steals moved here
 * @param spins         spin phases begun: it found no work and busy-looked for a while before parking
 * @param spinsFound    spin phases that ended because work appeared
 * @param parks         times it parked its thread for want of work
 */
public record CarrierMetrics(int index, boolean helper, Status status, int runQueueDepth, long tasks,
                             long runnextTasks, long globalTasks, long steals, long stolen,
                             long spins, long spinsFound, long parks) {

    /** A carrier's state (Go: a P running, an M spinning, an idle P). */
    public enum Status {
        /** Running a goroutine. */
        RUNNING,
        /** Looking for work: its queues, the global queue, stealing, spinning. */
        SEARCHING,
        /** Parked for want of work (or exited). */
        IDLE
    }

    /** All zero, for schedulers that cannot say. */
    static final CarrierMetrics NONE = new CarrierMetrics(-1, false, Status.IDLE, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Sums the counters of {@code a} and {@code b} (index -1, helper, IDLE; depths add). */
    static CarrierMetrics sum(CarrierMetrics a, CarrierMetrics b) {
        return new CarrierMetrics(-1, true, Status.IDLE, a.runQueueDepth + b.runQueueDepth, a.tasks + b.tasks,
                a.runnextTasks + b.runnextTasks, a.globalTasks + b.globalTasks, a.steals + b.steals,
                a.stolen + b.stolen, a.spins + b.spins, a.spinsFound + b.spinsFound, a.parks + b.parks);
    }
}
