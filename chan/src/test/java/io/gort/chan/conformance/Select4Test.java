package io.gort.chan.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's {@code test/chan/select4.go} (golang/go at commit 9b62461a8f6b1df33c1d71211edd7c9652ebf16a):
 * the left-hand side of a receive case that is not chosen is never evaluated. In Go,
 * {@code case *f() = <-c1:} must not call f when the other case runs; in Java the assignment is
 * the case's body ({@code c1.onRecv(v -> ...)}), which only the chosen case runs.
 */
@Timeout(10)
class Select4Test {
    boolean fCalled;

    int[] f() {
        fCalled = true;   // Go: println("BUG: called f")
        return new int[1];
    }

    @Test
    void main() {
        int[] xa = new int[1];   // Go's x struct{ a int }
        Chan<Integer> c = Chan.make(1);
        Chan<Integer> c1 = Chan.make();
        c.send(42);
        Select.select(
                c1.onRecv(v -> f()[0] = v),
                c.onRecv(v -> xa[0] = v));
        assertEquals(42, xa[0], "BUG: x.a");
        assertFalse(fCalled, "BUG: called f");
    }
}
