package io.gort.examples.tour;

import io.gort.Time;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A Tour of Go, concurrency/6 "Default Selection" (go.dev/tour/concurrency/6): the {@code default}
 * case runs when no other case is ready, so the loop prints a dot and naps until a tick or the boom
 * arrives. Times are a fifth of the tour's (tick 20 ms, boom 100 ms, nap 10 ms); each line carries
 * the elapsed time, as the tour's current version prints it.
 */
public final class DefaultSelection {
    private DefaultSelection() { }

    static final Duration TICK = Duration.ofMillis(20);
    static final Duration BOOM = Duration.ofMillis(100);
    static final Duration NAP = Duration.ofMillis(10);

    public static void main(String[] args) {
        Instant start = Time.now();                          // start := time.Now()
        Receiver<Instant> tick = Time.tick(TICK);            // tick := time.Tick(100 * time.Millisecond)
        Receiver<Instant> boom = Time.after(BOOM);           // boom := time.After(500 * time.Millisecond)
        // elapsed := func() time.Duration { return time.Since(start).Round(time.Millisecond) }
        Supplier<String> elapsed = () -> String.format(Locale.ROOT, "[%6.2fms]",
                Math.round(Duration.between(start, Time.now()).toNanos() / 1e6) * 1.0);
        for (boolean running = true; running; ) {            // for {
            running = Select.select(                         //     select {
                    tick.onRecv(t -> {                       //     case <-tick:
                        System.out.println(elapsed.get() + " tick.");
                        return true;
                    }),
                    boom.onRecv(t -> {                       //     case <-boom:
                        System.out.println(elapsed.get() + " BOOM!");
                        return false;                        //         return
                    }),
                    Select.onDefault(() -> {                 //     default:
                        System.out.println(elapsed.get() + "     .");
                        Time.sleep(NAP);                     //         time.Sleep(50 * time.Millisecond)
                        return true;
                    }));
        }
    }
}
