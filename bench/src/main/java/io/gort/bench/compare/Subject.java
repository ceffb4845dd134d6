package io.gort.bench.compare;

/**
 * A subject of the comparison suite: one way of writing the twelve {@link Workload} programs
 * (gort on one of its schedulers, the JDK's virtual threads with java.util.concurrent, platform
 * threads, jox, Kotlin coroutines). Go is not a JVM subject: {@code bench/go} has its own binary
 * speaking the same fork protocol ({@code Fork}).
 *
 * <p>One instance runs in one fork JVM; {@code Fork} calls {@link #run} for each warm-up and
 * measured iteration and {@link #close} at the end. Every {@code run} ends all the goroutines and
 * threads it started before it returns.
 */
public interface Subject extends AutoCloseable {
    /** "gort-ws", "gort-global", "gort-forkjoin", "gort-jdk", "jdk-vt", "platform", "jox", "kotlin". */
    String name();

    /**
     * Whether this subject has an honest program for {@code w}: platform threads have none for
     * spawn, skynet, idle and timers (a million threads) and select (j.u.c has no select); jox has
     * no mutex.
     */
    boolean supports(Workload w);

    /**
     * Runs {@code w} once (one iteration) on {@code procs} carriers, checks its own result (throws
     * AssertionError saying what was wrong), and returns the measured value in {@code w.unit}.
     */
    double run(Workload w, Size size, int procs) throws Exception;

    @Override
    default void close() {
    }
}
