package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.time.Duration;

/**
 * Go by Example: Timeouts (gobyexample.com/timeouts). A select between a result and {@code
 * time.After}: the first call takes longer than its timeout, the second does not. The channels are
 * buffered so a goroutine whose result nobody takes still ends. The page's 2 s work against 1 s and
 * 3 s timeouts is 200 ms work against a 20 ms timeout, then 20 ms work against a 2 s timeout: wide
 * margins, so a busy machine cannot flip an outcome.
 */
public final class Timeouts {
    private Timeouts() { }

    public static void main(String[] args) {
        Chan<String> c1 = Chan.make(1);                      // c1 := make(chan string, 1)
        Go.spawn(() -> {
            Time.sleep(Duration.ofMillis(200));              // time.Sleep(2 * time.Second)
            c1.send("result 1");                             // c1 <- "result 1"
        });
        System.out.println(Select.<String>select(                    // select {
                c1.onRecv(res -> res),                       // case res := <-c1: fmt.Println(res)
                Time.after(Duration.ofMillis(20)).onRecv(t -> "timeout 1")));  // case <-time.After(1 * time.Second)

        Chan<String> c2 = Chan.make(1);                      // c2 := make(chan string, 1)
        Go.spawn(() -> {
            Time.sleep(Duration.ofMillis(20));               // time.Sleep(2 * time.Second)
            c2.send("result 2");                             // c2 <- "result 2"
        });
        System.out.println(Select.<String>select(
                c2.onRecv(res -> res),                       // case res := <-c2: fmt.Println(res)
                Time.after(Duration.ofSeconds(2)).onRecv(t -> "timeout 2")));  // case <-time.After(3 * time.Second)
    }
}
