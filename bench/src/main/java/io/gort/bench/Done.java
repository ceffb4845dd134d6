package io.gort.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-shot completion for one waiting thread, built on {@code LockSupport.park/unpark} only (no
 * j.u.c. queues, so it measures the scheduler, not a synchronizer). The waiter may be a platform
 * thread (the JMH thread) or a goroutine. {@link #complete(long)} happens-before {@link #await}
 * returns (a volatile write and read of {@code done}).
 */
final class Done {
    /** How long a benchmark waits before it declares a scheduler stuck. */
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("gort.bench.timeout.s", 120));

    private final Thread waiter;
    private volatile boolean done;
    private long value;      // written before the volatile write of done, read after its volatile read

    /** A completion that the current thread will await. */
    Done() {
        this.waiter = Thread.currentThread();
    }

    void complete(long v) {
        value = v;
        done = true;
        LockSupport.unpark(waiter);
    }

    /** Waits for {@link #complete}; returns its value. Throws if it takes longer than the timeout. */
    long await(Object whatForDiagnostics) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no completion after " + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS)
                        + " s: " + whatForDiagnostics);
            }
            LockSupport.parkNanos(this, left);
        }
        return value;
    }
}
