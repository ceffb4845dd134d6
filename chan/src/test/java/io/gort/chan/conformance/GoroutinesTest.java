package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gort.chan.Chan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Port of Go's {@code test/chan/goroutines.go} (golang/go at commit 44526cdbe0c012c2a9bf6fc493aa8ad3411b884f):
 * make a lot of goroutines, threaded together by unbuffered channels, and tear them down cleanly:
 * one value passes from the rightmost channel through every goroutine to the leftmost.
 */
@Timeout(30)
@ExtendWith(Conformance.NoPanics.class)
class GoroutinesTest {
    /** Go's default {@code n} (its first argument), kept: 10000 goroutines. */
    static final int N = 10_000 * Stress.multiplier();

    static void f(Chan<Integer> left, Chan<Integer> right) {
        left.send(right.recv());
    }

    @Test
    void main() {
        Chan<Integer> leftmost = Chan.make();
        Chan<Integer> right = leftmost;
        Chan<Integer> left = leftmost;
        for (int i = 0; i < N; i++) {
            right = Chan.make();
            Chan<Integer> l = left, r = right;
            go(() -> f(l, r));
            left = right;
        }
        Chan<Integer> c = right;
        go(() -> c.send(1));
        assertEquals(1, leftmost.recv());
    }
}
