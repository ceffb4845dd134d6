package io.gort.chan;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Waits for a state the test can observe (a waiter queued on a channel), yielding between looks. */
final class Until {
    private Until() { }

    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            Thread.yield();
        }
    }

    static void receiversQueued(Chan<?> c, int n) {
        until(n + " receivers queued on " + c, () -> c.queuedReceivers() == n);
    }

    static void sendersQueued(Chan<?> c, int n) {
        until(n + " senders queued on " + c, () -> c.queuedSenders() == n);
    }
}
