package io.gort.testing;

import io.gort.sched.Goroutine;
import java.time.Duration;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * A leak check's failure: goroutines still alive after the grace period. The message starts with
 * goleak's words, {@code found unexpected goroutines}, and how many, then for each one goleak's
 * summary line ({@code Goroutine 7 in state chan receive, with com.example.Worker.loop on top of
 * the stack:}) and its block of gort's dump ({@link io.gort.Go#dump(java.util.Collection)}), so the
 * report names what each goroutine waits on, where, and who created it.
 *
 * <p>It keeps the leaked goroutines' ids, not the goroutines, so a report that a test framework
 * holds on to does not keep their records alive.
 */
public final class GoroutineLeakError extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    private final List<Long> ids;

    private GoroutineLeakError(String message, List<Long> ids) {
        super(message);
        this.ids = ids;
    }

    /** The report for {@code left}, or null if all of them ended after the last look. */
    static GoroutineLeakError of(List<Goroutine> left, Duration grace, String prefix) {
        String message = GoLeak.describe(left, grace);
        if (message == null) {
            return null;
        }
        return new GoroutineLeakError(prefix + message, left.stream().map(Goroutine::id).toList());
    }

    /** The ids of the goroutines reported, in ascending order ({@link Goroutine#id()}). */
    public List<Long> goroutineIds() {
        return ids;
    }
}
