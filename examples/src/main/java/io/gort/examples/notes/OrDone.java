package io.gort.examples.notes;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;

/**
 * <b>or-done-channel</b> — the notes' section "🚪 8) or-done-channel": «وقتی از یک channel میخوانی ولی
 * میخواهی هر لحظه بتوانی cancel کنی تا گیر نکنی» ("when you read from a channel but want to be able to
 * cancel at any moment, so you never get stuck"). The notes' generic {@code OrDone}, line by line;
 * used by {@link Tee} and {@link Bridge}. The program ranges over {@code OrDone(done, in)} where
 * {@code in} never closes: after three values it closes {@code done}, and the range ends.
 */
public final class OrDone {
    private OrDone() { }

    static <T> Receiver<T> orDone(Receiver<?> done, Receiver<T> in) {
        Chan<T> out = Chan.make();
        Go.spawn(() -> {
            try {                                                // defer close(out)
                for (;;) {
                    boolean more = Select.select(
                            done.onRecv(x -> false),
                            in.onRecvOk((v, ok) -> {
                                if (!ok) {
                                    return false;
                                }
                                return Select.select(out.onSend(v, () -> true), done.onRecv(x -> false));
                            }));
                    if (!more) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    public static void main(String[] args) {
        Chan<Object> done = Chan.make();
        Chan<Integer> in = Chan.make();                          // never closed
        Go.spawn(() -> {
            for (int i = 1; ; i++) {
                boolean stop = Select.select(in.onSend(i, () -> false), done.onRecv(x -> true));
                if (stop) {
                    return;
                }
            }
        });
        int n = 0;
        for (int v : orDone(done, in)) {
            System.out.println("got " + v);
            if (++n == 3) {
                done.close();
            }
        }
        System.out.println("done closed: the range over OrDone ended");
    }
}
