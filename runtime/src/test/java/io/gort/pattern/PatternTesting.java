package io.gort.pattern;

import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Time;
import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.sched.Goroutine;
import io.gort.sched.PanicHandler;
import io.gort.testutil.GoroutineLeaks;
import io.gort.testutil.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * Helpers for the pattern tests. A deadline here only bounds a wait, so that a broken pattern fails
 * with a message and a goroutine dump instead of hanging; it never stands in for synchronisation.
 */
final class PatternTesting {
    /** The bound on any one wait; far above what a correct run needs. */
    static final Duration LONG = Duration.ofSeconds(20);

    private PatternTesting() { }

    /** The stress multiplier ({@code -Dgort.stress=N}, default 1). */
    static int stress() {
        return Waits.stress();
    }

    /** The next receive on {@code ch} ({@code ok == false}: closed); fails after {@link #LONG}. */
    static <T> Recv<T> next(Receiver<T> ch, String what) {
        Recv<T> r = Select.select(ch.onRecvOk(Recv::new), Time.after(LONG).onRecv(t -> null));
        if (r == null) {
            fail("timed out after " + LONG + " waiting for " + what + "\n" + dumpNew());
        }
        return r;
    }

    /** The next value on {@code ch}; fails if it is closed or nothing comes within {@link #LONG}. */
    static <T> T value(Receiver<T> ch, String what) {
        Recv<T> r = next(ch, what);
        if (!r.ok()) {
            fail(what + ": channel closed, a value was expected");
        }
        return r.value();
    }

    /** Fails unless {@code ch} is closed and drained within {@link #LONG}. */
    static void closed(Receiver<?> ch, String what) {
        Recv<?> r = next(ch, what);
        if (r.ok()) {
            fail(what + ": expected the channel closed, received " + r.value());
        }
    }

    /** Everything {@code ch} carries until it closes, each receive bounded by {@link #LONG}. */
    static <T> List<T> drain(Receiver<T> ch, String what) {
        List<T> out = new ArrayList<>();
        for (;;) {
            Recv<T> r = next(ch, what);
            if (!r.ok()) {
                return out;
            }
            out.add(r.value());
        }
    }

    /** Yields until {@code cond} holds; fails after {@link #LONG}. */
    static void until(String what, BooleanSupplier cond) {
        Waits.until(what, cond);
    }

    private static String dumpNew() {
        return GoroutineLeaks.dump(Goroutine.all());
    }

    /** Collects goroutine panics while installed (try-with-resources restores the previous handler). */
    static final class Panics implements AutoCloseable {
        final ConcurrentLinkedQueue<Throwable> seen = new ConcurrentLinkedQueue<>();
        private final PanicHandler previous;

        Panics() {
            previous = Goroutine.setPanicHandler((g, p) -> seen.add(p));
        }

        /** Waits for one panic (bounded) and returns it. */
        Throwable one() {
            until("a goroutine panic", () -> !seen.isEmpty());
            return seen.peek();
        }

        @Override
        public void close() {
            Goroutine.setPanicHandler(previous);
        }
    }
}
