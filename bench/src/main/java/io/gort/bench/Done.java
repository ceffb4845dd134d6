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
    private Throwable failure;   // likewise; non-null when a goroutine failed

    /** A completion that the current thread will await. */
    Done() {
        this.waiter = Thread.currentThread();
    }

    void complete(long v) {
        value = v;
        done = true;
        LockSupport.unpark(waiter);
    }

    /** Completes with a goroutine's failure: {@link #await} throws it (best effort: one that races with complete may go unseen). */
    void fail(Throwable t) {
        if (done) {
            return;
        }
        failure = t;
        done = true;
        LockSupport.unpark(waiter);
    }

    /**
     * Wraps a goroutine's body so that whatever it throws fails {@link #await} at once, instead of
     * leaving the waiter to time out while the other goroutines wait for this one forever.
     */
    Runnable failFast(Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                fail(t);
                throw t;
            }
        };
    }

    /**
     * Waits for {@link #complete}; returns its value. Throws if it takes longer than the timeout,
     * or an {@link AssertionError} with the cause if a goroutine {@link #fail failed}.
     */
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
        if (failure != null) {
            throw new AssertionError("a goroutine failed on " + whatForDiagnostics + ": " + failure, failure);
        }
        return value;
    }
}
