package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Sender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Port of Go's {@code test/chan/fifo.go} (golang/go at commit f083f65594e89d8511ea330384ce230e28ed061f):
 * channels act as pure FIFOs, buffered (AsynchFifo) and unbuffered, read by a daisy chain of
 * goroutines that each take one value in turn (SynchFifo).
 */
@Timeout(20)
@ExtendWith(Conformance.NoPanics.class)
class FifoTest {
    static final int N = 10;

    @Test
    void asynchFifo() {
        Chan<Integer> ch = Chan.make(N);
        for (int i = 0; i < N; i++) {
            ch.send(i);
        }
        for (int i = 0; i < N; i++) {
            assertEquals(i, ch.recv(), "bad receive");
        }
    }

    static void chain(Receiver<Integer> ch, int val, Receiver<Integer> in, Sender<Integer> out) {
        in.recv();
        assertEquals(val, ch.recv());   // Go: panic(val)
        out.send(1);
    }

    /** Threads together a daisy chain to read the elements in sequence. */
    @Test
    void synchFifo() {
        Chan<Integer> ch = Chan.make();
        Chan<Integer> in = Chan.make();
        Chan<Integer> start = in;
        for (int i = 0; i < N; i++) {
            Chan<Integer> out = Chan.make();
            Chan<Integer> prev = in;
            int val = i;
            go(() -> chain(ch, val, prev, out));
            in = out;
        }
        start.send(0);
        for (int i = 0; i < N; i++) {
            ch.send(i);
        }
        assertEquals(1, in.recv());
    }
}
