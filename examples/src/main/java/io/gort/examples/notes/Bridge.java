package io.gort.examples.notes;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>bridge-channel</b> — the notes' section "🌉 10) bridge-channel (flatten کردن channel-of-channels)"
 * ("flattening a channel of channels"): «یک channel داری که خودش channel تولید میکند ... میخواهی یک
 * خروجی یکپارچه داشته باشی» ("you have a channel that yields channels and want one unified output").
 * The notes' {@code Bridge}, line by line: range (through {@link OrDone#orDone}) over the channel of
 * channels, and over each inner one in turn. The program bridges three streams of three values
 * each: 0..8 in order. Then a bridge over an inner stream that never ends, stopped by {@code done}.
 */
public final class Bridge {
    private Bridge() { }

    static <T> Receiver<T> bridge(Receiver<?> done, Receiver<Receiver<T>> chanStream) {
        Chan<T> out = Chan.make();
        Go.spawn(() -> {
            try {
                for (Receiver<T> ch : OrDone.orDone(done, chanStream)) {
                    for (T v : OrDone.orDone(done, ch)) {
                        boolean stop = Select.select(out.onSend(v, () -> false), done.onRecv(x -> true));
                        if (stop) {
                            return;
                        }
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
        Chan<Receiver<Integer>> streams = Chan.make();
        Go.spawn(() -> {
            for (int s = 0; s < 3; s++) {
                Chan<Integer> stream = Chan.make(3);
                for (int i = 0; i < 3; i++) {
                    stream.send(s * 3 + i);
                }
                stream.close();
                streams.send(stream);
            }
            streams.close();
        });
        List<Integer> got = new ArrayList<>();
        for (int v : bridge(done, streams)) {
            got.add(v);
        }
        System.out.println("bridged: " + got);

        // An inner stream that never closes: done stops the bridge and every OrDone under it.
        Chan<Receiver<Integer>> endless = Chan.make(1);
        Chan<Integer> forever = Chan.make();
        Go.spawn(() -> {
            for (int i = 0; ; i++) {
                boolean stop = Select.select(forever.onSend(i, () -> false), done.onRecv(x -> true));
                if (stop) {
                    return;
                }
            }
        });
        endless.send(forever);
        Receiver<Integer> out = bridge(done, endless);
        System.out.println("from an endless stream: " + out.recv() + ", " + out.recv());
        done.close();
        for (int ignored : out) { }   // drains what was in flight; ends because done closed it
        System.out.println("done closed: the bridge ended");
    }
}
