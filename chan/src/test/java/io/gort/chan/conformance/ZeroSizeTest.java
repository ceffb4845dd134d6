package io.gort.chan.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gort.chan.Chan;
import io.gort.chan.Recv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's {@code test/chan/zerosize.go} (golang/go at commit 5b8ef3bed8f9947a4cfec67b029cff106da16017):
 * making channels of a zero-sized type ({@code [0]byte}, {@code struct{}}), unbuffered and with one
 * slot. Java has no zero-sized types and a channel carries no null, so the nearest are an empty
 * array and an empty record, always the same instance. Go only makes them; the port also sends and
 * receives one value through the buffered ones and closes them all.
 */
@Timeout(10)
class ZeroSizeTest {
    record Empty() { }

    static final Empty EMPTY = new Empty();
    static final byte[] ZERO_BYTES = new byte[0];

    @Test
    void main() {
        Chan<byte[]> a0 = Chan.make();
        Chan<byte[]> a1 = Chan.make(1);
        Chan<Empty> s0 = Chan.make();
        Chan<Empty> s1 = Chan.make(1);

        assertEquals(0, a0.cap());
        assertEquals(1, a1.cap());
        a1.send(ZERO_BYTES);
        assertSame(ZERO_BYTES, a1.recv());
        s1.send(EMPTY);
        assertEquals(1, s1.len());
        assertSame(EMPTY, s1.recv());
        for (Chan<?> c : new Chan<?>[] {a0, a1, s0, s1}) {
            c.close();
            assertEquals(Recv.closed(), c.recvOk());
        }
    }
}
