package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.Time;
import java.time.Duration;

/**
 * Go by Example: Goroutines (gobyexample.com/goroutines). {@code f("direct")} runs in main; {@code
 * go f("goroutine")} and an anonymous {@code go func(msg string)} run concurrently, so their lines
 * interleave. Main waits for them as the page does, with a sleep (half a second here for the page's second;
 * the page points to WaitGroups as the robust way).
 */
public final class Goroutines {
    private Goroutines() { }

    static void f(String from) {
        for (int i = 0; i < 3; i++) {
            System.out.println(from + " : " + i);            // fmt.Println(from, ":", i)
        }
    }

    public static void main(String[] args) {
        f("direct");                                         // f("direct")
        Go.spawn(() -> f("goroutine"));                      // go f("goroutine")
        String msg = "going";
        Go.spawn(() -> System.out.println(msg));             // go func(msg string) { fmt.Println(msg) }("going")
        Time.sleep(Duration.ofMillis(500));                  // time.Sleep(time.Second)
        System.out.println("done");
    }
}
