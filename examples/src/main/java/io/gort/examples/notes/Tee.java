package io.gort.examples.notes;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.sync.WaitGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>tee-channel</b> — the notes' section "🔀 9) tee-channel (کپی جریان به دو خروجی)" ("copy a stream to
 * two outputs"): «هر ورودی باید به دو مصرفکننده مستقل برود» ("every input must reach two independent
 * consumers"). The notes' {@code Tee}, line by line: for each value, a select sends it to both
 * outputs in whichever order they are ready, setting an output to nil once it has its copy (a nil
 * channel's case never fires). A slow reader slows both (backpressure). The program tees 1..5 to
 * two readers; each gets all five, in order.
 */
public final class Tee {
    private Tee() { }

    record Pair<T>(Receiver<T> first, Receiver<T> second) { }

    static <T> Pair<T> tee(Receiver<?> done, Receiver<T> in) {
        Chan<T> out1 = Chan.make(), out2 = Chan.make();
        Go.spawn(() -> {
            try {
                for (T v : OrDone.orDone(done, in)) {
                    Chan<T> o1 = out1, o2 = out2;
                    for (int i = 0; i < 2; i++) {
                        int which = Select.select(
                                o1.onSend(v, () -> 1),
                                o2.onSend(v, () -> 2),
                                done.onRecv(x -> 0));
                        switch (which) {
                            case 1 -> o1 = Chan.nil();      // o1 = nil: do not send it again
                            case 2 -> o2 = Chan.nil();
                            default -> { return; }
                        }
                    }
                }
            } finally {
                out2.close();
                out1.close();
            }
        });
        return new Pair<>(out1, out2);
    }

    public static void main(String[] args) {
        Chan<Object> done = Chan.make();
        Chan<Integer> in = Chan.make();
        Go.spawn(() -> {
            for (int i = 1; i <= 5; i++) {
                in.send(i);
            }
            in.close();
        });
        Pair<Integer> p = tee(done, in);
        List<Integer> a = new ArrayList<>(), b = new ArrayList<>();
        WaitGroup readers = new WaitGroup();
        readers.go(() -> p.first().forEach(a::add));
        readers.go(() -> p.second().forEach(b::add));
        readers.await();
        System.out.println("out1: " + a);
        System.out.println("out2: " + b);
        done.close();
    }
}
