package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.sched.Scheduler;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Port of Go's {@code test/chan/select7.go} (golang/go at commit 45301ba8c04cca3501d2324a7e30481e3ce022c0):
 * select when discarding a value. Every pairing of three receive forms (plain receive, one-case
 * select, two-case select) with three send forms (plain send, one-case select, two-case select)
 * completes; a hang is the failure. Go's {@code runtime.Gosched()} is {@code Thread.yield()}; the
 * program runs as a goroutine on the default scheduler and on private schedulers with one and two
 * carriers (with one, the yield really lets the receiver run first).
 */
@Timeout(20)
@ExtendWith(Conformance.NoPanics.class)
class Select7Test {
    static final String[] SCHEDULERS = Conformance.SCHEDULERS;

    static void recv1(Receiver<Integer> c) {
        c.recv();
    }

    static void recv2(Receiver<Integer> c) {
        Select.select(c.onRecv());
    }

    static void recv3(Receiver<Integer> c) {
        Chan<Integer> c2 = Chan.make();
        Select.select(c.onRecv(), c2.onRecv());
    }

    static void send1(Scheduler s, Consumer<Receiver<Integer>> recv) {
        Chan<Integer> c = Chan.make();
        go(s, () -> recv.accept(c));
        Thread.yield();
        c.send(1);
    }

    static void send2(Scheduler s, Consumer<Receiver<Integer>> recv) {
        Chan<Integer> c = Chan.make();
        go(s, () -> recv.accept(c));
        Thread.yield();
        Select.select(c.onSend(1));
    }

    static void send3(Scheduler s, Consumer<Receiver<Integer>> recv) {
        Chan<Integer> c = Chan.make();
        go(s, () -> recv.accept(c));
        Thread.yield();
        Chan<Integer> c2 = Chan.make();
        Select.select(c.onSend(1), c2.onSend(1));
    }

    @ParameterizedTest
    @FieldSource("SCHEDULERS")
    void main(String scheduler) {
        Conformance.runMain(scheduler, s -> {
            for (int i = 0; i < 100 * Stress.multiplier(); i++) {   // Go runs it once
                send1(s, Select7Test::recv1);
                send2(s, Select7Test::recv1);
                send3(s, Select7Test::recv1);
                send1(s, Select7Test::recv2);
                send2(s, Select7Test::recv2);
                send3(s, Select7Test::recv2);
                send1(s, Select7Test::recv3);
                send2(s, Select7Test::recv3);
                send3(s, Select7Test::recv3);
            }
        });
    }
}
