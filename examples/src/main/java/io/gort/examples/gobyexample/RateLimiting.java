package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import java.time.Duration;
import java.time.Instant;

/**
 * Go by Example: Rate Limiting (gobyexample.com/rate-limiting). First, each request waits for a
 * tick of {@code time.Tick}, so requests go out one per period. Then a bursty limiter: a channel
 * buffered with three tokens, refilled by a goroutine from a ticker, lets three requests through at
 * once and the rest one per period. The page's 200 ms period is 20 ms here. Each line carries the
 * time (gort's clock, {@link Time#now()}) as the page's does.
 *
 * <p>As on the page, the refilling goroutine is never stopped: once the program's requests are done
 * it fills the buffer and then waits on a send forever (a Go program would exit instead). It holds no
 * thread and, the ticker being unread, no timer.
 */
public final class RateLimiting {
    private RateLimiting() { }

    static final Duration PERIOD = Duration.ofMillis(20);

    public static void main(String[] args) {
        Chan<Integer> requests = Chan.make(5);               // requests := make(chan int, 5)
        for (int i = 1; i <= 5; i++) {
            requests.send(i);
        }
        requests.close();

        Receiver<Instant> limiter = Time.tick(PERIOD);       // limiter := time.Tick(200 * time.Millisecond)
        for (int req : requests) {                           // for req := range requests {
            limiter.recv();                                  //     <-limiter
            System.out.println("request " + req + " " + Time.now());  // fmt.Println("request", req, time.Now())
        }

        Chan<Instant> burstyLimiter = Chan.make(3);          // burstyLimiter := make(chan time.Time, 3)
        for (int i = 0; i < 3; i++) {
            burstyLimiter.send(Time.now());                  // burstyLimiter <- time.Now()
        }
        Go.spawn(() -> {                                     // go func() {
            for (Instant t : Time.tick(PERIOD)) {            //     for t := range time.Tick(200 * time.Millisecond) {
                burstyLimiter.send(t);                       //         burstyLimiter <- t
            }
        });

        Chan<Integer> burstyRequests = Chan.make(5);         // burstyRequests := make(chan int, 5)
        for (int i = 1; i <= 5; i++) {
            burstyRequests.send(i);
        }
        burstyRequests.close();
        for (int req : burstyRequests) {
            burstyLimiter.recv();                            // <-burstyLimiter
            System.out.println("request " + req + " " + Time.now());
        }
    }
}
