package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Port of Go's {@code test/chan/select6.go} (golang/go at commit bac8f89d596433afc2aa531f3ac337e18b829b09),
 * Go issue 2075: a bug in select corrupted the wait queues of the cases that lost, when there were
 * several waiters on those channels and the select was last in the queue; later waiters on the
 * channel then never woke. Here c1 is such a channel: one plain receiver, then the select's
 * receiver, then (after the select took c2) the same goroutine waits on c1 again. Both sends on c1
 * must find a receiver; a hang is the failure (the @Timeout).
 */
@Timeout(10)
@ExtendWith(Conformance.NoPanics.class)
class Select6Test {
    @Test
    void main() {
        for (int i = 0; i < 100 * Stress.multiplier(); i++) {   // Go runs it once
            Chan<Boolean> c1 = Chan.make(), c2 = Chan.make(), c3 = Chan.make();
            go(c1::recv);
            go(() -> {
                Select.select(
                        c1.onRecv(v -> fail("dummy")),
                        c2.onRecv(v -> {
                            c3.send(true);
                            return null;
                        }));
                c1.recv();
            });
            go(() -> c2.send(true));
            c3.recv();
            c1.send(true);
            c1.send(true);
            Conformance.checkInvariants(c1);
        }
    }
}
