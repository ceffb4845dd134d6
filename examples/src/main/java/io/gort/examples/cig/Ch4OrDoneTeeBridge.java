package io.gort.examples.cig;

import static io.gort.examples.cig.Ch4Pipelines.repeat;
import static io.gort.examples.cig.Ch4Pipelines.take;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;

/**
 * "Concurrency in Go", chapter 4, "The or-done-channel", "The tee-channel" and "The
 * bridge-channel": the three stages line by line, each program after a line {@code == name}.
 * <ul>
 *   <li>{@code or-done}: {@code for val := range orDone(done, myChan)} over a channel that is never
 *       closed; closing {@code done} after three values ends the loop.</li>
 *   <li>{@code tee}: {@code out1, out2 := tee(done, take(done, repeat(done, 1, 2), 4))};
 *       "out1: 1, out2: 1", "out1: 2, out2: 2", twice.</li>
 *   <li>{@code bridge}: {@code genVals} yields ten channels of one value each; {@code bridge(nil,
 *       genVals())} reads them as one stream: "0 1 2 3 4 5 6 7 8 9 ". (The book passes a nil
 *       {@code done}: a nil channel's case never fires.)</li>
 * </ul>
 */
public final class Ch4OrDoneTeeBridge {
    private Ch4OrDoneTeeBridge() { }

    static <T> Receiver<T> orDone(Receiver<?> done, Receiver<T> c) {
        Chan<T> valStream = Chan.make();
        Go.spawn(() -> {
            try {
                for (;;) {
                    boolean stop = Select.select(
                            done.onRecv(x -> true),
                            c.onRecvOk((v, ok) -> {
                                if (!ok) {
                                    return true;
                                }
                                return Select.select(valStream.onSend(v, () -> false), done.onRecv(x -> true));
                            }));
                    if (stop) {
                        return;
                    }
                }
            } finally {
                valStream.close();
            }
        });
        return valStream;
    }

    record Tee<T>(Receiver<T> out1, Receiver<T> out2) { }

    static <T> Tee<T> tee(Receiver<?> done, Receiver<T> in) {
        Chan<T> out1 = Chan.make(), out2 = Chan.make();
        Go.spawn(() -> {
            try {
                for (T val : orDone(done, in)) {
                    Chan<T> o1 = out1, o2 = out2;        // var out1, out2 = out1, out2 (shadowed locals)
                    for (int i = 0; i < 2; i++) {
                        int sent = Select.select(
                                done.onRecv(x -> 0),
                                o1.onSend(val, () -> 1),
                                o2.onSend(val, () -> 2));
                        if (sent == 1) {
                            o1 = Chan.nil();             // out1 = nil
                        } else if (sent == 2) {
                            o2 = Chan.nil();
                        }
                    }
                }
            } finally {
                out1.close();
                out2.close();
            }
        });
        return new Tee<>(out1, out2);
    }

    static <T> Receiver<T> bridge(Receiver<?> done, Receiver<Receiver<T>> chanStream) {
        Chan<T> valStream = Chan.make();
        Go.spawn(() -> {
            try {
                for (;;) {
                    Receiver<T> stream;
                    io.gort.chan.Recv<Receiver<T>> maybe = Select.select(
                            chanStream.onRecvOk((s, ok) -> new io.gort.chan.Recv<>(s, ok)),
                            done.onRecv(x -> null));
                    if (maybe == null || !maybe.ok()) {
                        return;
                    }
                    stream = maybe.value();
                    for (T val : orDone(done, stream)) {
                        if (Select.select(valStream.onSend(val, () -> false), done.onRecv(x -> true))) {
                            return;
                        }
                    }
                }
            } finally {
                valStream.close();
            }
        });
        return valStream;
    }

    public static void main(String[] args) {
        System.out.println("== or-done");
        Chan<Object> done = Chan.make();
        Chan<Integer> myChan = Chan.make();
        Go.spawn(() -> {
            for (int i = 0; ; i++) {
                if (Select.select(myChan.onSend(i, () -> false), done.onRecv(x -> true))) {
                    return;
                }
            }
        });
        int n = 0;
        for (int val : orDone(done, myChan)) {
            System.out.println(val);                         // do something with val
            if (++n == 3) {
                done.close();
            }
        }

        System.out.println("== tee");
        Chan<Object> done2 = Chan.make();
        try {
            Tee<Object> t = tee(done2, take(done2, repeat(done2, (Object) 1, 2), 4));
            for (Object val1 : t.out1()) {
                System.out.printf("out1: %s, out2: %s%n", val1, t.out2().recv());
            }
        } finally {
            done2.close();
        }

        System.out.println("== bridge");
        Chan<Receiver<Object>> chanStream = Chan.make();
        Go.spawn(() -> {                                     // genVals
            try {
                for (int i = 0; i < 10; i++) {
                    Chan<Object> stream = Chan.make(1);
                    stream.send(i);
                    stream.close();
                    chanStream.send(stream);
                }
            } finally {
                chanStream.close();
            }
        });
        StringBuilder line = new StringBuilder();
        for (Object v : bridge(Chan.nil(), chanStream)) {
            line.append(v).append(' ');
        }
        System.out.println(line);
    }
}
