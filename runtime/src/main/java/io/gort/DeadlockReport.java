package io.gort;

import io.gort.sched.Goroutine;
import java.util.List;

/**
 * A deadlock the detector proved ({@link Deadlocks}): Go's {@code fatal error: all goroutines are
 * asleep - deadlock!}, or one of the partial deadlocks Go cannot see.
 *
 * @param kind        which shape
 * @param text        the report as printed: a headline in Go's words, then the dump of the
 *                    goroutines involved (Go's format) and of the threads that are not goroutines
 *                    ({@code thread "main" [chan receive]:})
 * @param goroutines  the goroutines involved, still live (none for {@link Kind#UNREACHABLE})
 * @param threads     the foreign records ({@link Goroutine#isForeign()}) of the threads that are not
 *                    goroutines and are part of it ({@code main} waiting in {@code ch.recv()})
 * @param collected   for {@link Kind#UNREACHABLE}: what is known of the collected goroutines
 * @param victim      for {@link Kind#MUTEX_CYCLE}: the youngest waiter of the cycle, whose lock
 *                    throws under the {@code throw} policy; otherwise null
 */
public record DeadlockReport(Kind kind, String text, List<Goroutine> goroutines, List<Goroutine> threads,
                             List<Goroutine.Collected> collected, Goroutine victim) {

    public enum Kind {
        /** Every goroutine, and every thread that could wake one, waits forever (Go's checkdead). */
        ALL_ASLEEP,
        /** A cycle of goroutines (or threads) each waiting for a {@code Mutex} the next one holds. */
        MUTEX_CYCLE,
        /** Goroutines that waited on something no live goroutine could reach: the GC collected them. */
        UNREACHABLE
    }

    /** The headline: the text's first line. */
    public String headline() {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    @Override
    public String toString() {
        return text;
    }
}
