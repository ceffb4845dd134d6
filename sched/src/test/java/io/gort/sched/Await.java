package io.gort.sched;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for the scheduler tests. A deadline here only bounds a wait so that a test fails
 * with a diagnosis instead of hanging; it never stands in for synchronisation.
 */
final class Await {
    static final Duration LONG = Duration.ofSeconds(20);

    private Await() { }

    /** Polls {@code condition} (yielding between looks) until it holds; fails after {@code max}. */
    static void until(String what, Duration max, BooleanSupplier condition, Supplier<String> diagnosis) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + max + " waiting for " + what + "; " + diagnosis.get());
            }
            Thread.yield();
        }
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, LONG, condition, () -> "");
    }

    /** Awaits {@code latch}; fails with {@code diagnosis} after {@code max}. */
    static void latch(String what, CountDownLatch latch, Duration max, Supplier<String> diagnosis) {
        try {
            if (!latch.await(max.toNanos(), TimeUnit.NANOSECONDS)) {
                fail("timed out after " + max + " waiting for " + what + " (count " + latch.getCount() + "); "
                        + diagnosis.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    static void latch(String what, CountDownLatch latch) {
        latch(what, latch, LONG, () -> "");
    }

    /** Waits until {@code t} is parked or blocked (WAITING, TIMED_WAITING or BLOCKED). */
    static void parked(String what, Thread t) {
        until(what + " to park", LONG, () -> switch (t.getState()) {
            case WAITING, TIMED_WAITING, BLOCKED -> true;
            default -> false;
        }, () -> "state " + t.getState());
    }

    /** Waits until the goroutine count is back to {@code baseline} (a finished goroutine leaves the registry just after its body). */
    static void goroutineCount(int baseline) {
        until("goroutine count back to " + baseline, LONG, () -> Goroutine.count() <= baseline,
                () -> "count " + Goroutine.count() + ", live " + Goroutine.all().stream().limit(10).toList());
    }
}
