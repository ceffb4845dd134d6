package io.gort.examples;

import io.gort.Go;
import io.gort.sched.Goroutine;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Go's {@code goleak.VerifyNone} for the examples' tests: {@link #snapshot()} before a program
 * runs, {@link #assertNoneLeft(Set)} after; goroutines started in between must be gone within a
 * grace period (a goroutine that has just closed a channel may still be returning).
 */
public final class ExampleLeaks {
    private ExampleLeaks() { }

    /** The ids of the goroutines alive now. */
    public static Set<Long> snapshot() {
        return Goroutine.all().stream().map(Goroutine::id).collect(Collectors.toSet());
    }

    /** Fails if a goroutine not in {@code before} is still alive after a grace period of 5 s. */
    public static void assertNoneLeft(Set<Long> before) {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Goroutine> left;
        do {
            left = Goroutine.all().stream().filter(g -> !before.contains(g.id()) && g.isAlive()).toList();
            if (left.isEmpty()) {
                return;
            }
            Go.sleep(Duration.ofMillis(5));
        } while (System.nanoTime() < until);
        throw new AssertionError("goroutines left running: " + left);
    }
}
