package io.gort.examples.notes;

import io.gort.Go;
import io.gort.Time;
import io.gort.Timer;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.sync.Once;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>or-channel</b> — the notes' section "⚡ 4) or-channel": «چند سیگنال cancel/done داریم؛ میخواهیم
 * اولینشان همهچیز را متوقف کند» ("we have several cancel/done signals and want the first of them to
 * stop everything"). The notes' {@code Or}, line by line: with no channels a closed one, with one
 * that one, otherwise one goroutine per channel waits for it or for {@code out}, and the first to
 * see its channel close closes {@code out} through a {@code sync.Once}.
 * <pre>{@code
 * signal := func(ch <-chan struct{}) {
 *     select {
 *     case <-ch:  once.Do(func() { close(out) })
 *     case <-out:
 *     }
 * }
 * for _, ch := range chs { go signal(ch) }
 * }</pre>
 * The program joins five signals that close after 2 h, 5 min, 10 ms, 1 h and 1 min (the book's
 * example, its second scaled to 10 ms) and waits: the or-channel closes after about 10 ms, and
 * every signal goroutine returns (the long timers are then stopped).
 */
public final class OrChannel {
    private OrChannel() { }

    static Receiver<?> or(Receiver<?>... chs) {
        switch (chs.length) {
            case 0 -> {
                Chan<Object> c = Chan.make();
                c.close();
                return c;
            }
            case 1 -> {
                return chs[0];
            }
            default -> { }
        }
        Chan<Object> out = Chan.make();
        Once once = new Once();
        for (Receiver<?> ch : chs) {
            Go.spawn(() -> Select.select(            // go signal(ch)
                    ch.onRecv(x -> {
                        once.doOnce(out::close);
                        return null;
                    }),
                    out.onRecv(x -> null)));
        }
        return out;
    }

    public static void main(String[] args) {
        List<Timer> timers = new ArrayList<>();
        java.util.function.Function<Duration, Receiver<?>> sig = after -> {   // the book's sig
            Chan<Object> c = Chan.make();
            timers.add(Time.afterFunc(after, c::close));
            return c;
        };
        Instant start = Time.now();
        Receiver<?> done = or(
                sig.apply(Duration.ofHours(2)),
                sig.apply(Duration.ofMinutes(5)),
                sig.apply(Duration.ofMillis(10)),
                sig.apply(Duration.ofHours(1)),
                sig.apply(Duration.ofMinutes(1)));
        done.recv();
        long ms = Duration.between(start, Time.now()).toMillis();
        System.out.printf("done after %dms%n", ms);
        timers.forEach(Timer::stop);
        System.out.println("or() of none is closed: " + (or().recvOk().ok() == false));
    }
}
