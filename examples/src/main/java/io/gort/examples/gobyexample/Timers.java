package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.Time;
import io.gort.Timer;
import java.time.Duration;

/**
 * Go by Example: Timers (gobyexample.com/timers). The first timer fires; the second is stopped
 * before it fires, so its goroutine never prints (with Go 1.23's timers, and gort's, a stopped
 * timer's channel delivers nothing, so that goroutine waits forever, as in Go until the program
 * exits). Times: the page's 2 s, 1 s and 2 s are 20 ms, 100 ms and 200 ms.
 */
public final class Timers {
    private Timers() { }

    public static void main(String[] args) {
        Timer timer1 = Time.newTimer(Duration.ofMillis(20)); // timer1 := time.NewTimer(2 * time.Second)
        timer1.c().recv();                                   // <-timer1.C
        System.out.println("Timer 1 fired");

        Timer timer2 = Time.newTimer(Duration.ofMillis(100));  // timer2 := time.NewTimer(time.Second)
        Go.spawn(() -> {
            timer2.c().recv();                               // <-timer2.C
            System.out.println("Timer 2 fired");
        });
        boolean stop2 = timer2.stop();                       // stop2 := timer2.Stop()
        if (stop2) {
            System.out.println("Timer 2 stopped");
        }

        Time.sleep(Duration.ofMillis(200));                  // give timer2 enough time to fire, if it ever was going to
    }
}
