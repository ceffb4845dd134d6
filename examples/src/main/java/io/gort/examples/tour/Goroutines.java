package io.gort.examples.tour;

import io.gort.Go;
import io.gort.Time;
import java.time.Duration;

/**
 * A Tour of Go, concurrency/1 "Goroutines" (go.dev/tour/concurrency/1): {@code go say("world")}
 * runs next to {@code say("hello")} in the main goroutine; the two interleave. As in Go, main does
 * not wait for the goroutine, so the fifth "world" may or may not come out before the program ends.
 * The tour's 100 ms pause is 20 ms here.
 */
public final class Goroutines {
    private Goroutines() { }

    static void say(String s) {
        for (int i = 0; i < 5; i++) {                        // for i := 0; i < 5; i++ {
            Time.sleep(Duration.ofMillis(20));               //     time.Sleep(100 * time.Millisecond)
            System.out.println(s);                           //     fmt.Println(s)
        }
    }

    public static void main(String[] args) {
        Go.spawn(() -> say("world"));                        // go say("world")
        say("hello");                                        // say("hello")
    }
}
