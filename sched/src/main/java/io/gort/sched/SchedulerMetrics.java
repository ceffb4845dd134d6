package io.gort.sched;

import java.util.List;

/**
 * A snapshot of a scheduler's state and counters: gort's answer to Go's {@code runtime/metrics}
 * {@code /sched/...} and the numbers {@code GODEBUG=schedtrace} prints. Taken by
 * {@link Scheduler#metrics()}; cheap (no lock on a carrier's path, one read per field), so it can be
 * polled every second. Fields are read one by one while the carriers keep running: each is recent,
 * they are not a consistent cut (a task may be counted in a queue depth and, a moment later, in
 * {@code tasks}). Counters ({@code ...Lent}, {@code monitorWakeups} and the carriers' counters) only
 * grow; gauges ({@code ...Depth}, {@code idle...}, {@code spinning...}, {@code helpers}) go both ways.
 *
 * <p>What each scheduler can say: {@code workstealing} and {@code global} fill everything
 * ({@code global} has no local queues, so depths, runnext and steals stay 0); {@code forkjoin}
 * and {@code jdk} are ForkJoinPools, which count only pool-wide: their {@code carriers} list is
 * empty and {@link #rest()} carries the pool's steal count and queued tasks, with
 * {@code spinningCarriers}, {@code helpers} and the monitor fields 0.
 *
 * @param kind               the scheduler's {@link Scheduler#kind()}
 * @param parallelism        carriers (Go's {@code gomaxprocs})
 * @param threads            live carrier threads, helpers included (Go's {@code threads}, less
 *                           its non-P threads); for a ForkJoinPool its pool size
 * @param globalQueueDepth   tasks in the global queue (Go's {@code runqueue}); for a ForkJoinPool,
 *                           its queued submissions
 * @param idleCarriers       carriers parked for want of work (Go's {@code idleprocs})
 * @param spinningCarriers   carriers busy-looking for work (Go's {@code spinningthreads})
 * @param helpers            helper carriers live now, lent by the monitor while a carrier was stuck
 * @param helpersLent        helpers lent so far (Go: a P handed off from an M in a syscall)
 * @param monitorWakeups     times the monitor woke an idle carrier to take work from behind a stuck one
 * @param longestStallNanos  the longest time the monitor saw one carrier run one goroutine
 * @param carriers           the regular carriers by index, then the live helpers (index -1)
 * @param rest               counters not attributed to a listed carrier: helpers that have exited,
 *                           or a ForkJoinPool's pool-wide counts
 */
public record SchedulerMetrics(String kind, int parallelism, int threads, long globalQueueDepth,
                               int idleCarriers, int spinningCarriers, int helpers, long helpersLent,
                               long monitorWakeups, long longestStallNanos,
                               List<CarrierMetrics> carriers, CarrierMetrics rest) {

    public SchedulerMetrics {
        carriers = List.copyOf(carriers);
    }

    /** Tasks queued on carriers (rings and runnext) plus the global queue. */
    public long runQueueDepth() {
        long n = globalQueueDepth + rest.runQueueDepth();
        for (CarrierMetrics c : carriers) {
            n += c.runQueueDepth();
        }
        return n;
    }

    /** Tasks started by all carriers, past and present. */
    public long tasks() {
        return sum(CarrierMetrics::tasks);
    }

    /** Of those, tasks taken from a carrier's runnext slot (hand-offs). */
    public long runnextTasks() {
        return sum(CarrierMetrics::runnextTasks);
    }

    /** Tasks taken from the global queue by all carriers, past and present. */
    public long globalTasks() {
        return sum(CarrierMetrics::globalTasks);
    }

    /** Successful steal operations by all carriers, past and present. */
    public long steals() {
        return sum(CarrierMetrics::steals);
    }

    /** Times any carrier parked for want of work. */
    public long parks() {
        return sum(CarrierMetrics::parks);
    }

    /** Spin phases begun by any carrier. */
    public long spins() {
        return sum(CarrierMetrics::spins);
    }

    private long sum(java.util.function.ToLongFunction<CarrierMetrics> f) {
        long n = f.applyAsLong(rest);
        for (CarrierMetrics c : carriers) {
            n += f.applyAsLong(c);
        }
        return n;
    }
}
