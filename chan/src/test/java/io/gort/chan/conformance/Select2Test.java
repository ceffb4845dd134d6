package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Port of Go's {@code test/chan/select2.go} (golang/go at commit ec53627ed52e099685d4b60c19630ddcf22904d6):
 * a leak check. A receiver runs 100,000 two-case selects, one case on a channel that never becomes
 * ready; after a warm-up round and a GC, a second round must not grow the heap by more than 1e5
 * bytes (under one byte per select: a select must leave nothing behind).
 *
 * <p>Adapted: gort's select enqueues a {@code Waiter} on the never-ready channel each time it
 * parks, and must take it off again when the other case fires. Two measurements could fail:
 * (1) exactly: after the rounds no waiter is left queued on {@code dummy} (read from its
 * {@code toString()}) and its invariants hold; (2) like Go's: the heap in use after a full GC grows
 * by less than {@link #MAX_GROWTH} bytes over a round of 100,000 selects. A waiter and its case
 * record take well over 20 bytes, so leaking one per select would grow the heap by several MB.
 * Taking the smaller growth of two measured rounds keeps unrelated allocations (JIT, other
 * tests' parked goroutines) from failing it, while a real leak shows in both.
 */
@Timeout(60)
@ExtendWith(Conformance.NoPanics.class)
class Select2Test {
    /** Go's count, kept: 100,000 selects a round. */
    static final int N = 100_000 * Stress.multiplier();

    /** Go allows 1e5 bytes; the JVM's heap accounting is coarser, so 2 MB (20 bytes a select). */
    static final long MAX_GROWTH = 2_000_000L * Stress.multiplier();

    static void sender(Chan<Integer> c, int n) {
        for (int i = 0; i < n; i++) {
            c.send(1);
        }
    }

    static void receiver(Chan<Integer> c, Chan<Integer> dummy, int n) {
        for (int i = 0; i < n; i++) {
            Select.select(c.onRecv(v -> null), dummy.onRecv(v -> fail("dummy")));
        }
    }

    static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    @Test
    void main() {
        Conformance.runMain("default", s -> program());
    }

    /** Go's main, run as a goroutine (on the JUnit thread, each hand-off would wake an OS thread). */
    void program() {
        Chan<Integer> c = Chan.make();
        Chan<Integer> dummy = Chan.make();

        // warm up
        go(() -> sender(c, N));
        receiver(c, dummy, N);
        assertArrayEquals(new int[] {0, 0}, Conformance.queued(dummy), "waiters left on dummy: " + dummy);

        // second time shouldn't increase footprint by much
        long growth = Long.MAX_VALUE;
        long started = System.nanoTime();
        for (int round = 0; round < 2; round++) {
            long before = heapAfterGc();
            go(() -> sender(c, N));
            receiver(c, dummy, N);
            growth = Math.min(growth, heapAfterGc() - before);
            assertArrayEquals(new int[] {0, 0}, Conformance.queued(dummy), "waiters left on dummy: " + dummy);
        }
        Conformance.checkInvariants(dummy);
        Conformance.checkInvariants(c);
        System.out.printf("select2: heap growth over %d selects: %d bytes (%.1f ms for two rounds)%n",
                N, growth, (System.nanoTime() - started) / 1e6);
        assertTrue(growth < MAX_GROWTH, "too much memory for " + N + " selects: " + growth + " bytes");
    }
}
