package io.gort.sync;

import static org.junit.jupiter.api.Assertions.fail;

/** Drives {@link PoolCleanup}'s GC cycles from tests: {@code System.gc()} until one more cycle has run. */
final class PoolCycles {
    private static final int MAX_GCS = 100;

    private PoolCycles() { }

    static long now() {
        return PoolCleanup.cycles();
    }

    /** Calls {@code System.gc()} until a cycle after {@code seen} has finished; returns the count then. */
    static long awaitAfter(long seen) {
        for (int i = 0; i < MAX_GCS; i++) {
            System.gc();
            synchronized (PoolCleanup.CYCLE_DONE) {
                if (PoolCleanup.cycles() <= seen) {
                    try {
                        PoolCleanup.CYCLE_DONE.wait(200);   // woken by the cycle; the bound only re-triggers a GC
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }
            long c = PoolCleanup.cycles();
            if (c > seen) {
                return c;
            }
        }
        fail("no pool cycle ran after " + MAX_GCS + " System.gc() calls (is -XX:+DisableExplicitGC set?)");
        return -1;
    }

    /** One more cycle than now. */
    static long awaitNext() {
        return awaitAfter(now());
    }
}
