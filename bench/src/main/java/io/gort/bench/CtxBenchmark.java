package io.gort.bench;

import io.gort.Go;
import io.gort.sched.Scheduler;
import java.util.function.LongSupplier;

/**
 * What every {@code Ctx*Benchmark} shares (the ctx group of bench/run: context, errgroup, the
 * pipeline and the rate limiter of issue 5): the check that gort's subject is what it says, a way
 * to run a workload in a goroutine, and the result check.
 *
 * <p>gort's subject here is gort's <em>default</em> scheduler, the one {@code Go.spawn} uses,
 * because errgroup's {@code Group.go} and the pipeline's stages start their goroutines with {@code
 * Go.spawn}: a private {@code Scheduler} (what {@link Subject} makes for the other groups) would
 * run only the first goroutine. bench/run sets its carriers with {@code -Dgort.maxprocs}, as it
 * sets GOMAXPROCS, the JDK's and Kotlin's; {@link #checkGortScheduler()} refuses to run when the
 * default scheduler is not work-stealing with {@link Subject#PROCS} carriers (a mislabelled result).
 *
 * <p>The context and rate limiter calls never block, so they run on the JMH thread for every
 * subject (Go's run in its main goroutine); the errgroup and the pipeline run in goroutines.
 */
public abstract class CtxBenchmark {
    static final int PROCS = Subject.PROCS;

    /** Throws unless {@code Go.spawn}'s scheduler is gort's work-stealing one with {@link #PROCS} carriers. */
    static void checkGortScheduler() {
        Scheduler s = Go.scheduler();
        if (!s.kind().equals("workstealing") || s.parallelism() != PROCS) {
            throw new IllegalStateException("gort's default scheduler is " + s.kind() + " with " + s.parallelism()
                    + " carriers, expected workstealing with " + PROCS
                    + ": run the JVM with --add-opens java.base/java.lang=ALL-UNNAMED -Dgort.maxprocs=" + PROCS);
        }
    }

    /** Runs {@code body} in a new goroutine of gort's default scheduler; returns what it returned. */
    static long inGoroutine(LongSupplier body) {
        Done done = new Done();
        Go.spawn(done.failFast(() -> done.complete(body.getAsLong())));
        return done.await(Go.scheduler());
    }

    /** Runs {@code body} in a new plain virtual thread (the JDK's default scheduler); returns what it returned. */
    static long inVirtualThread(LongSupplier body) {
        Done done = new Done();
        Thread.ofVirtual().start(done.failFast(() -> done.complete(body.getAsLong())));
        return done.await("a virtual thread");
    }

    /** Throws unless {@code actual == expected}: a wrong subject fails instead of reporting a time. */
    static long check(String workload, String what, long actual, long expected) {
        if (actual != expected) {
            throw new AssertionError(workload + ": " + what + " is " + actual + ", expected " + expected);
        }
        return actual;
    }
}
