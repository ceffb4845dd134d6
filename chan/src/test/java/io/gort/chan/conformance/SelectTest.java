package io.gort.chan.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's {@code test/chan/select.go} (golang/go at commit e27454e9e73eec4c3f3e8648e529e571c2ef632b):
 * a select evaluates every send value on entry (GetValue counts the evaluations, also for cases on
 * nil channels), sends at most one, and takes the default once nothing is ready; a case on a nil
 * channel never fires. In Java the cases are built before select runs, in source order, so the
 * values are evaluated as Go evaluates them.
 */
@Timeout(10)
class SelectTest {
    int counter;
    int shift;

    int getValue() {
        counter++;
        return 1 << shift;
    }

    int send(Chan<Integer> a0, Chan<Integer> b0) {
        int i = 0;
        Chan<Integer> a = a0, b = b0;
        for (;;) {
            int which = Select.select(a.onSend(getValue(), () -> 1), b.onSend(getValue(), () -> 2), Select.onDefault(() -> 0));
            if (which == 0) {
                break;   // Go: break LOOP
            }
            i++;
            if (which == 1) {
                a = Chan.nil();
            } else {
                b = Chan.nil();
            }
            shift++;
        }
        return i;
    }

    @Test
    void main() {
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        assertEquals(2, send(a, b), "Send returned");
        int av = a.recv(), bv = b.recv();
        assertEquals(3, av | bv, "bad values " + av + " " + bv);
        assertEquals(1, send(a, Chan.nil()), "Send returned");
        assertEquals(10, counter, "counter");
    }
}
