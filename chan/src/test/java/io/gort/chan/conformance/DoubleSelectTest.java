package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.chan.Sender;
import io.gort.sched.Scheduler;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Port of Go's {@code test/chan/doubleselect.go} (golang/go at commit bac8f89d596433afc2aa531f3ac337e18b829b09):
 * the situation in which two cases of one select could both run (codereview.appspot.com/180068).
 * A sender selects over four unbuffered channels; four muxes forward onto one channel; the receiver
 * checks that no value arrives twice. Go runs it with GOMAXPROCS(2); here on the default scheduler
 * and on private schedulers with one and two carriers.
 */
@Timeout(60)
@ExtendWith(Conformance.NoPanics.class)
class DoubleSelectTest {
    /** Go's flag {@code -n}, default 100000; here 20000 times the stress multiplier. */
    static final int ITERATIONS = 20_000 * Stress.multiplier();

    static final String[] SCHEDULERS = Conformance.SCHEDULERS;

    /** Sends a counter to one of four channels. If two cases both ran, one value would go to two channels. */
    static void sender(int n, Sender<Integer> c1, Sender<Integer> c2, Sender<Integer> c3, Sender<Integer> c4) {
        try {
            for (int i = 0; i < n; i++) {
                Select.select(c1.onSend(i), c2.onSend(i), c3.onSend(i), c4.onSend(i));
            }
        } finally {   // Go's deferred closes
            c4.close();
            c3.close();
            c2.close();
            c1.close();
        }
    }

    /** Receives the values from sender and forwards them onto another channel. */
    static void mux(Sender<Integer> out, Receiver<Integer> in, Sender<Boolean> done) {
        for (var v : in) {
            out.send(v);
        }
        done.send(true);
    }

    /** Gets the stream of values from the four muxes and checks for duplicates. Returns how many it saw. */
    static int recver(Receiver<Integer> in) {
        Set<Integer> seen = new HashSet<>();
        for (var v : in) {
            assertTrue(seen.add(v), "got duplicate value: " + v);
        }
        return seen.size();
    }

    @ParameterizedTest
    @FieldSource("SCHEDULERS")
    void main(String scheduler) {
        Conformance.runMain(scheduler, (Scheduler s) -> {
            Chan<Integer> c1 = Chan.make(), c2 = Chan.make(), c3 = Chan.make(), c4 = Chan.make();
            Chan<Boolean> done = Chan.make();
            Chan<Integer> cmux = Chan.make();
            go(s, () -> sender(ITERATIONS, c1, c2, c3, c4));
            go(s, () -> mux(cmux, c1, done));
            go(s, () -> mux(cmux, c2, done));
            go(s, () -> mux(cmux, c3, done));
            go(s, () -> mux(cmux, c4, done));
            go(s, () -> {
                done.recv();
                done.recv();
                done.recv();
                done.recv();
                cmux.close();
            });
            // Go checks only for duplicates; that every value arrived is checked here as well.
            assertEquals(ITERATIONS, recver(cmux));
        });
    }
}
