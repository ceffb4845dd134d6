package io.gort.context;

import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Time;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Helpers shared by the context tests: bounded waits (a deadline here only bounds a wait so that a
 * bug fails with a goroutine dump instead of hanging), Go's {@code otherContext}, and the stress
 * multiplier.
 */
final class ContextTesting {
    /** Go's shortDuration: a reasonable duration to block in a test. */
    static final Duration SHORT = Duration.ofMillis(1);
    /** Go's veryLongDuration: an arbitrary upper bound on a test's running time (never reached). */
    static final Duration VERY_LONG = Duration.ofHours(1000);
    /** Go's quiescent(t): the bound on any single wait here; far above what a correct run needs. */
    static final Duration QUIESCENT = Duration.ofSeconds(20);

    private ContextTesting() { }

    /** The stress multiplier ({@code -Dgort.stress=N}, default 1). */
    static int stress() {
        return Math.max(1, Integer.getInteger("gort.stress", 1));
    }

    /** Go's {@code select { case <-c: return true; default: return false }}. */
    static boolean ready(Receiver<?> c) {
        return c.tryRecv() != null;
    }

    /** Waits for {@code c} to be closed (or to yield a value), failing with a dump after {@link #QUIESCENT}. */
    static void await(Receiver<?> c, String what) {
        boolean ok = Select.select(c.onRecvOk((v, okk) -> true), Time.after(QUIESCENT).onRecv(t -> false));
        if (!ok) {
            fail("timed out after " + QUIESCENT + " waiting for " + what + "\n"
                    + GoroutineLeaks.dump(io.gort.sched.Goroutine.all()));
        }
    }

    /** True if nothing arrives on {@code c} within {@code d} (the wait is what is being tested). */
    static boolean quietFor(Receiver<?> c, Duration d) {
        return Select.select(c.onRecvOk((v, ok) -> false), Time.after(d).onRecv(t -> true));
    }

    /**
     * Go's {@code otherContext{ctx}}: a Context that is not one of gort's types and delegates every
     * method to the one it wraps, so the code paths for foreign contexts are exercised.
     */
    record Other(Context inner) implements Context {
        @Override
        public Optional<Instant> deadline() {
            return inner.deadline();
        }

        @Override
        public Receiver<Void> done() {
            return inner.done();
        }

        @Override
        public ContextException err() {
            return inner.err();
        }

        @Override
        public <T> T value(Key<T> key) {
            return inner.value(key);
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }
}
