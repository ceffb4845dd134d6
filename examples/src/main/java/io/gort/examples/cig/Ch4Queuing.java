package io.gort.examples.cig;

import static io.gort.examples.cig.Ch4Pipelines.repeat;
import static io.gort.examples.cig.Ch4Pipelines.take;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import java.time.Duration;
import java.time.Instant;

/**
 * "Concurrency in Go", chapter 4, "Queuing": a queue (a buffer between stages) lets a fast stage
 * finish its work sooner even when the pipeline as a whole is no faster. The book's pipeline:
 * <pre>{@code
 * zeros := take(done, 3, repeat(done, 0))
 * short := sleep(done, 1*time.Second, zeros)
 * buf := buffer(done, 2, short)   // buffers 2 at a time
 * long := sleep(done, 4*time.Second, buf)
 * }</pre>
 * with seconds as 10 ms. Without the buffer, the short stage must wait for the long one at each
 * hand-off: it finishes after at least 80 ms (two of the long stage's 40 ms steps); with the
 * buffer of two it is done after about 30 ms. The pipeline's total is about 130 ms either way.
 * The program prints when the short stage finished and the total, for both; the numbers vary.
 */
public final class Ch4Queuing {
    private Ch4Queuing() { }

    static final Duration SHORT = Duration.ofMillis(10), LONG = Duration.ofMillis(40);

    /** The book's sleep stage: waits t, then passes each value on; {@code finished} gets its end time. */
    static <T> Receiver<T> sleep(Receiver<?> done, Duration t, Receiver<T> in, Chan<Instant> finished) {
        Chan<T> out = Chan.make();
        Go.spawn(() -> {
            try {
                for (T v : in) {
                    Go.sleep(t);
                    if (Select.select(out.onSend(v, () -> false), done.onRecv(x -> true))) {
                        return;
                    }
                }
            } finally {
                out.close();
                finished.send(Time.now());
            }
        });
        return out;
    }

    /** The book's buffer stage: a channel of capacity n between two stages. */
    static <T> Receiver<T> buffer(Receiver<?> done, int n, Receiver<T> in) {
        Chan<T> out = Chan.make(n);
        Go.spawn(() -> {
            try {
                for (T v : in) {
                    if (Select.select(out.onSend(v, () -> false), done.onRecv(x -> true))) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    static void run(int bufferSize) {
        Chan<Object> done = Chan.make();
        Chan<Instant> shortDone = Chan.make(1), longDone = Chan.make(1);
        try {
            Instant start = Time.now();
            Receiver<Object> zeros = take(done, repeat(done, (Object) 0), 3);
            Receiver<Object> shortStage = sleep(done, SHORT, zeros, shortDone);
            Receiver<Object> buf = bufferSize > 0 ? buffer(done, bufferSize, shortStage) : shortStage;
            Receiver<Object> longStage = sleep(done, LONG, buf, longDone);
            for (Object ignored : longStage) { }
            long shortMs = Duration.between(start, shortDone.recv()).toMillis();
            long totalMs = Duration.between(start, longDone.recv()).toMillis();
            System.out.printf("buffer %d: short stage done after %dms, pipeline after %dms%n", bufferSize, shortMs, totalMs);
        } finally {
            done.close();
        }
    }

    public static void main(String[] args) {
        run(0);
        run(2);
    }
}
