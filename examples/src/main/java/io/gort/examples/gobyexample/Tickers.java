package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.Time;
import io.gort.Ticker;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.time.Duration;

/**
 * Go by Example: Tickers (gobyexample.com/tickers). A goroutine prints each tick until main stops
 * the ticker and tells it to return. Main lets it tick for 160 ms with a 50 ms period (the page's
 * 1600 ms and 500 ms): 3 ticks on an idle machine, fewer or one more on a busy one. "Ticker stopped"
 * comes last, because {@code done <- true} completes only when the goroutine has taken it.
 */
public final class Tickers {
    private Tickers() { }

    public static void main(String[] args) {
        Ticker ticker = Time.newTicker(Duration.ofMillis(50));  // ticker := time.NewTicker(500 * time.Millisecond)
        Chan<Boolean> done = Chan.make();                    // done := make(chan bool)

        Go.spawn(() -> {
            for (boolean running = true; running; ) {        // for {
                running = Select.select(                     //     select {
                        done.onRecv(d -> false),             //     case <-done: return
                        ticker.c().onRecv(t -> {             //     case t := <-ticker.C:
                            System.out.println("Tick at " + t);
                            return true;
                        }));
            }
        });

        Time.sleep(Duration.ofMillis(160));                  // time.Sleep(1600 * time.Millisecond)
        ticker.stop();                                       // ticker.Stop()
        done.send(true);                                     // done <- true
        System.out.println("Ticker stopped");
    }
}
