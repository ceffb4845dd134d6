package io.gort.sched;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Go's {@code GODEBUG=schedtrace=N} for a gort scheduler: every {@code N} ms, one line on standard
 * error summarising the scheduler. {@code -Dgort.schedtrace=1000} starts it for the
 * {@link Scheduler#byDefault() default scheduler} when that is created; {@link #start} starts one
 * for any scheduler, into any stream. Example:
 * <pre>
 * SCHED 2004ms: gomaxprocs=2 idleprocs=1 threads=2 spinningthreads=0 helpers=0 goroutines=12 runqueue=0 [3 0] tasks=8121 steals=5 parks=2 lent=0
 * </pre>
 * Fields, Go's first (as {@code runtime/proc.go}'s {@code schedtrace} prints them, Go 1.21-1.25):
 * <ul>
 *   <li>{@code SCHED 2004ms} — time since the trace started (the first line, at start, says 0ms);</li>
 *   <li>{@code gomaxprocs} — carriers; {@code idleprocs} — carriers parked for want of work;</li>
 *   <li>{@code threads} — live carrier threads, helpers included (Go counts every M, gort only
 *       carriers: no GC, sysmon or template threads);</li>
 *   <li>{@code spinningthreads} — carriers busy-looking for work;</li>
 *   <li>{@code runqueue} — the global queue's length; {@code [3 0]} — each carrier's queue, ring
 *       plus runnext (Go prints the ring only);</li>
 * </ul>
 * then gort's own: {@code helpers} live helper carriers (Go would show more threads),
 * {@code goroutines} live goroutines (all schedulers), and, since the previous line,
 * {@code tasks} started, {@code steals}, {@code parks} and helpers {@code lent}. Go's
 * {@code needspinning} and {@code idlethreads} have no counterpart (a gort carrier is a P and an M
 * at once) and are left out. For a ForkJoinPool scheduler the bracket is empty.
 *
 * <p>The tracer is a daemon platform thread named {@code gort-schedtrace}; each line costs one
 * {@link Scheduler#metrics()} snapshot.
 */
public final class SchedTrace implements AutoCloseable {
    private final Thread thread;

    private SchedTrace(Thread thread) {
        this.thread = thread;
    }

    /**
     * Prints a line for {@code scheduler} to {@code out} now and then every {@code period}, until
     * {@link #close() closed}.
     */
    public static SchedTrace start(Scheduler scheduler, Duration period, PrintStream out) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(out, "out");
        long periodNanos = period.toNanos();
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("schedtrace period must be positive: " + period);
        }
        Thread t = Thread.ofPlatform().daemon().name("gort-schedtrace").unstarted(() -> {
            long start = System.nanoTime();
            SchedulerMetrics previous = null;
            try {
                for (long next = start; ; next += periodNanos) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(Duration.ofNanos(wait));
                    }
                    SchedulerMetrics now = scheduler.metrics();
                    out.println(line((System.nanoTime() - start) / 1_000_000, now, Goroutine.count(), previous));
                    out.flush();
                    previous = now;
                }
            } catch (InterruptedException closed) {
                // close()
            }
        });
        t.start();
        return new SchedTrace(t);
    }

    /** {@code -Dgort.schedtrace=N} (ms): starts a tracer to stderr for {@code scheduler}; null when unset or not positive. */
    static SchedTrace startFromProperty(Scheduler scheduler) {
        Integer ms = Integer.getInteger("gort.schedtrace");
        return ms == null || ms <= 0 ? null : start(scheduler, Duration.ofMillis(ms), System.err);
    }

    /** True until the tracer thread has stopped (for tests). */
    boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops the tracer (after the line it may be printing). */
    @Override
    public void close() {
        thread.interrupt();
    }

    /**
     * One trace line for {@code m}, {@code elapsedMillis} after the trace started, with counts
     * since {@code previous} (null: since the scheduler started).
     */
    public static String line(long elapsedMillis, SchedulerMetrics m, int goroutines, SchedulerMetrics previous) {
        StringBuilder b = new StringBuilder(128);
        b.append("SCHED ").append(elapsedMillis).append("ms: gomaxprocs=").append(m.parallelism())
                .append(" idleprocs=").append(m.idleCarriers())
                .append(" threads=").append(m.threads())
                .append(" spinningthreads=").append(m.spinningCarriers())
                .append(" helpers=").append(m.helpers())
                .append(" goroutines=").append(goroutines)
                .append(" runqueue=").append(m.globalQueueDepth())
                .append(" [");
        List<CarrierMetrics> cs = m.carriers();
        boolean first = true;
        for (CarrierMetrics c : cs) {
            if (!c.helper()) {
                if (!first) {
                    b.append(' ');
                }
                b.append(c.runQueueDepth());
                first = false;
            }
        }
        b.append(']')
                .append(" tasks=").append(m.tasks() - (previous == null ? 0 : previous.tasks()))
                .append(" steals=").append(m.steals() - (previous == null ? 0 : previous.steals()))
                .append(" parks=").append(m.parks() - (previous == null ? 0 : previous.parks()))
                .append(" lent=").append(m.helpersLent() - (previous == null ? 0 : previous.helpersLent()));
        return b.toString();
    }
}
