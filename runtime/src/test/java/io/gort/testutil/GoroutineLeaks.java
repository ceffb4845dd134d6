package io.gort.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import io.gort.sched.Goroutine;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * "No goroutine left behind", for the tests of code that starts goroutines (context, errgroup,
 * patterns): take a {@link #snapshot()} before, run the code, then {@link #assertNoneLeft} — which
 * waits (bounded, yielding, never sleeping) for the goroutines started since the snapshot to end and
 * fails with their wait reasons and stacks if some are still alive after {@link #GRACE_NANOS}.
 * Goroutines that are not new (the snapshot's) are ignored, so leftovers of earlier tests do not
 * count against this one.
 */
public final class GoroutineLeaks {
    /** How long goroutines started by the code under test may take to end once it has returned. */
    public static final long GRACE_NANOS = 10_000_000_000L;

    private GoroutineLeaks() { }

    /** The ids of the goroutines alive now. */
    public static Set<Long> snapshot() {
        return Goroutine.all().stream().map(Goroutine::id).collect(Collectors.toSet());
    }

    /** The goroutines alive now that were not alive at {@code before}. */
    public static List<Goroutine> newSince(Set<Long> before) {
        return Goroutine.all().stream().filter(g -> g.isAlive() && !before.contains(g.id())).toList();
    }

    /** Fails, with a dump of them, if goroutines started since {@code before} are alive after the grace period. */
    public static void assertNoneLeft(Set<Long> before) {
        long deadline = System.nanoTime() + GRACE_NANOS;
        List<Goroutine> left;
        while (!(left = newSince(before)).isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                fail(left.size() + " goroutine(s) left behind:\n" + dump(left));
            }
            Thread.yield();
        }
    }

    /** Each goroutine with its state, wait reason, what it waits on and the top of its stack. */
    public static String dump(List<Goroutine> gs) {
        return gs.stream().limit(50).map(g -> g + " [" + g.waitReason() + "] on " + g.waitingOn() + "\n    "
                + Arrays.stream(g.thread().getStackTrace()).limit(14).map(String::valueOf)
                        .collect(Collectors.joining("\n    ")))
                .collect(Collectors.joining("\n"));
    }
}
