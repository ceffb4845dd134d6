package io.gort.sched;

import java.util.Locale;

/**
 * Runs goroutines: virtual threads whose carriers it owns. Implementations, chosen for the
 * default instance by {@code -Dgort.scheduler=}:
 * <ul>
 *   <li>{@code workstealing} (the default) — {@link #workStealing(int)}: Go's design, per-carrier
 *       run queues with a {@code runnext} slot, half-stealing, a global inject queue, spinning
 *       then parking idle carriers, and a monitor that lends a carrier when one is stuck;</li>
 *   <li>{@code global} — {@link #globalQueue(int)}: one shared queue, the simplest baseline;</li>
 *   <li>{@code forkjoin} — {@link #forkJoin(int)}: a ForkJoinPool of its own, configured as the
 *       JDK's default scheduler is;</li>
 *   <li>{@code jdk} — {@link #jdkDefault()}: the JDK's default virtual-thread scheduler itself.</li>
 * </ul>
 * Several schedulers may run side by side (tests and benchmarks do). Without the JVM flag
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} gort cannot give virtual threads a
 * scheduler: every factory then prints one warning line and returns {@link #jdkDefault()}.
 */
public interface Scheduler extends AutoCloseable {

    /** Starts {@code task} as a new goroutine on this scheduler (Go's {@code go} statement). */
    default Goroutine spawn(Runnable task) {
        return spawn(null, task);
    }

    /** Starts {@code task} as a new goroutine named {@code name} (null for none). */
    Goroutine spawn(String name, Runnable task);

    /**
     * True if {@code Go.spawn} from one of this scheduler's goroutines should spawn on this
     * scheduler rather than on the default one: a synctest bubble's {@link DeterministicScheduler}
     * keeps the goroutines it starts inside the bubble. False for the others (Go.spawn then uses
     * {@link #byDefault()}, as before).
     */
    default boolean inheritable() {
        return false;
    }

    /** A short name: {@code workstealing}, {@code global}, {@code forkjoin} or {@code jdk}. */
    String kind();

    /** How many carriers run goroutines at once (Go's GOMAXPROCS for this scheduler). */
    int parallelism();

    /**
     * Refuses new goroutines; each carrier thread leaves once it finds no queued work (goroutines
     * running at that moment finish on their carriers). Goroutines still parked are not lost: one
     * woken later runs on a short-lived carrier lent for it.
     * Closing the {@link #byDefault() default} scheduler does nothing.
     */
    @Override
    void close();

    /**
     * What the scheduler has done so far, for diagnostics and tests: live helper carriers the
     * monitor lent while a carrier was stuck, how many it lent in all, and the longest stall it saw.
     */
    record Stats(int parallelism, int helpers, long helpersLent, long longestStallNanos) { }

    /** A snapshot of {@link Stats}; schedulers without a monitor report zeros. */
    default Stats stats() {
        return new Stats(parallelism(), 0, 0, 0);
    }

    /**
     * The scheduler's counters and queue depths now (Go's {@code runtime/metrics} for the
     * scheduler, and what {@code GODEBUG=schedtrace} prints): per carrier, tasks run, steals,
     * spins, parks, run-queue depth and status; the global queue; helpers the monitor lent. Cheap
     * enough to poll every second; values are recent, not a consistent cut. See
     * {@link SchedulerMetrics} for what each kind of scheduler fills in; this default says only
     * the kind and the parallelism.
     */
    default SchedulerMetrics metrics() {
        return new SchedulerMetrics(kind(), parallelism(), 0, 0, 0, 0, 0, 0, 0, 0, java.util.List.of(), CarrierMetrics.NONE);
    }

    /**
     * For the deadlock detector: false when this scheduler knows that a goroutine of its own is
     * runnable or running right now (queued work, a busy carrier). True when it sees none, or
     * cannot tell (then the detector relies on the goroutines' states). A racy snapshot.
     */
    default boolean isQuiescent() {
        return true;
    }

    // ---- factories ---------------------------------------------------------------------------

    /** Go's scheduler with {@code parallelism} carriers. */
    static Scheduler workStealing(int parallelism) {
        return Loom.supported() ? new WorkStealingScheduler(parallelism) : fallback();
    }

    /** One shared run queue and {@code parallelism} carriers: the simplest baseline. */
    static Scheduler globalQueue(int parallelism) {
        return Loom.supported() ? new GlobalQueueScheduler(parallelism) : fallback();
    }

    /** A ForkJoinPool of {@code parallelism} carriers in async mode, as the JDK's default scheduler. */
    static Scheduler forkJoin(int parallelism) {
        return Loom.supported() ? new ForkJoinScheduler(parallelism) : fallback();
    }

    /** The JDK's default virtual-thread scheduler (needs no flag; {@link #close()} does nothing). */
    static Scheduler jdkDefault() {
        return JdkDefaultScheduler.INSTANCE;
    }

    /** A scheduler of the given {@link #kind()} with {@code parallelism} carriers. */
    static Scheduler of(String kind, int parallelism) {
        return switch (kind.toLowerCase(Locale.ROOT)) {
            case "workstealing", "work-stealing", "ws" -> workStealing(parallelism);
            case "global", "globalqueue" -> globalQueue(parallelism);
            case "forkjoin", "fj", "fjp" -> forkJoin(parallelism);
            case "jdk", "default", "jdkdefault" -> jdkDefault();
            default -> throw new IllegalArgumentException(
                    "unknown scheduler '" + kind + "': expected workstealing, global, forkjoin or jdk");
        };
    }

    /**
     * The process-wide scheduler {@code Go.spawn} uses: kind from {@code -Dgort.scheduler}
     * (default {@code workstealing}), parallelism {@link #maxProcs()}. Created on first use.
     */
    static Scheduler byDefault() {
        return DefaultScheduler.INSTANCE;
    }

    /**
     * GOMAXPROCS: {@code -Dgort.maxprocs}, else the environment variable {@code GOMAXPROCS},
     * else the number of available processors. A value that is not a positive integer is
     * ignored, as Go ignores it.
     */
    static int maxProcs() {
        return MaxProcs.VALUE;
    }

    private static Scheduler fallback() {
        Loom.warnFallbackOnce();
        return JdkDefaultScheduler.INSTANCE;
    }
}
