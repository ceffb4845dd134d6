package io.gort.examples.cig;

import io.gort.Go;
import io.gort.Time;
import io.gort.Timer;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * "Concurrency in Go", chapter 4, "The or-channel": the book's recursive {@code or}, line by line.
 * With two channels it selects on both; with more, on the first three and on {@code or} of the rest
 * plus its own {@code orDone}, so each level's goroutine also ends when the level above is done.
 * The program: signals closing after 2 h, 5 min, 10 ms (the book's second), 1 h and 1 min; "done
 * after" about 10 ms. The book's {@code sig} sleeps in a goroutine; here a timer closes each
 * channel, and the long ones are stopped at the end, so nothing is left behind.
 */
public final class Ch4OrChannel {
    private Ch4OrChannel() { }

    static Receiver<?> or(Receiver<?>... channels) {
        switch (channels.length) {
            case 0 -> {
                return Chan.nil();
            }
            case 1 -> {
                return channels[0];
            }
            default -> { }
        }
        Chan<Object> orDone = Chan.make();
        Go.spawn(() -> {
            try {
                if (channels.length == 2) {
                    Select.select(channels[0].onRecv(x -> null), channels[1].onRecv(x -> null));
                } else {
                    Receiver<?>[] rest = Arrays.copyOfRange(channels, 3, channels.length + 1);
                    rest[rest.length - 1] = orDone;         // append(channels[3:], orDone)
                    Select.select(
                            channels[0].onRecv(x -> null),
                            channels[1].onRecv(x -> null),
                            channels[2].onRecv(x -> null),
                            or(rest).onRecv(x -> null));
                }
            } finally {
                orDone.close();
            }
        });
        return orDone;
    }

    public static void main(String[] args) {
        List<Timer> timers = new ArrayList<>();
        java.util.function.Function<Duration, Receiver<?>> sig = after -> {
            Chan<Object> c = Chan.make();
            timers.add(Time.afterFunc(after, c::close));
            return c;
        };
        Instant start = Time.now();
        or(sig.apply(Duration.ofHours(2)),
                sig.apply(Duration.ofMinutes(5)),
                sig.apply(Duration.ofMillis(10)),
                sig.apply(Duration.ofHours(1)),
                sig.apply(Duration.ofMinutes(1))).recv();
        System.out.printf("done after %dms%n", Duration.between(start, Time.now()).toMillis());
        timers.forEach(Timer::stop);
    }
}
