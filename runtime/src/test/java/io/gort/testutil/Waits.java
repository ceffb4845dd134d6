package io.gort.testutil;

import static org.junit.jupiter.api.Assertions.fail;

import io.gort.sched.Goroutine;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The bounded polling wait and the stress multiplier that the runtime's tests share. A deadline here
 * only bounds a wait, so that a broken primitive or pattern fails with a goroutine dump instead of
 * hanging; it never stands in for synchronisation.
 */
public final class Waits {
    /** The bound on any single wait in the tests; far above what a correct run needs. */
    public static final Duration LONG = Duration.ofSeconds(20);

    private Waits() { }

    /** The stress multiplier: stress loops run {@code n * stress()} times ({@code -Dgort.stress=N}, default 1). */
    public static int stress() {
        return Math.max(1, Integer.getInteger("gort.stress", 1));
    }

    /** Polls {@code condition} (yielding between looks) until it holds; fails with {@code diagnosis} and a dump after {@link #LONG}. */
    public static void until(String what, BooleanSupplier condition, Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + LONG + " waiting for " + what + "; " + diagnosis.get() + "\n" + dump());
            }
            Thread.yield();
        }
    }

    /** {@link #until(String, BooleanSupplier, Supplier)} with no diagnosis beyond the dump. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    /** Every live goroutine with its wait reason and the top of its stack (the first 50). */
    public static String dump() {
        return "goroutines (" + Goroutine.count() + " live):\n"
                + GoroutineLeaks.dump(Goroutine.all().stream().filter(Goroutine::isAlive).toList());
    }
}
