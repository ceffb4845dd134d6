package io.gort.bench;

import io.gort.sched.Scheduler;
import java.util.concurrent.ThreadFactory;

/**
 * One subject of a comparison: something that starts a goroutine-like task. The benchmarks take
 * the subject's name as a JMH {@code @Param}:
 * <ul>
 *   <li>{@code workstealing}, {@code global}, {@code forkjoin}, {@code jdk} - a gort
 *       {@link Scheduler#of(String, int)} with {@link #PROCS} carriers ({@code jdk} is the JDK's
 *       default virtual-thread scheduler behind gort's {@code Scheduler} interface, so it pays the
 *       same per-goroutine bookkeeping as the others: a fair comparison of schedulers);</li>
 *   <li>{@code vt} - plain {@code Thread.ofVirtual()} on the JDK's default scheduler, without
 *       gort's goroutine record: what a Java programmer gets today, and a measure of what gort's
 *       bookkeeping costs.</li>
 * </ul>
 * Kotlin's {@code launch} has no {@link Thread}, so it is not a Subject; the benchmarks that have a
 * Kotlin variant handle it themselves.
 */
final class Subject implements AutoCloseable {
    /** Carriers for every subject: gort's schedulers take it here; JMH forks pass it to the JDK and Kotlin. */
    static final int PROCS = Integer.getInteger("gort.bench.procs", 2);

    private final Scheduler scheduler;      // null for "vt"
    private final ThreadFactory plain;      // null unless "vt"

    private Subject(Scheduler scheduler, ThreadFactory plain) {
        this.scheduler = scheduler;
        this.plain = plain;
    }

    static Subject of(String kind) {
        if (kind.equals("vt")) {
            return new Subject(null, Thread.ofVirtual().factory());
        }
        Scheduler s = Scheduler.of(kind, PROCS);
        if (!s.kind().equals(kind)) {
            // Scheduler.of falls back to the JDK's scheduler without --add-opens: refuse to mislabel a result.
            s.close();
            throw new IllegalStateException("asked for scheduler '" + kind + "' but got '" + s.kind()
                    + "': run the JVM with --add-opens java.base/java.lang=ALL-UNNAMED");
        }
        return new Subject(s, null);
    }

    /** Starts {@code task} on this subject; returns its (virtual) thread. */
    Thread spawn(Runnable task) {
        if (scheduler != null) {
            return scheduler.spawn(task).thread();
        }
        Thread t = plain.newThread(task);
        t.start();
        return t;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Override
    public String toString() {
        return scheduler != null ? scheduler.toString() : "plain virtual threads";
    }
}
