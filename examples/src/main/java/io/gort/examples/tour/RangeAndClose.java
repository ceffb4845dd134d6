package io.gort.examples.tour;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Sender;

/**
 * A Tour of Go, concurrency/4 "Range and Close" (go.dev/tour/concurrency/4): the sender closes the
 * channel when it has sent {@code n} Fibonacci numbers; {@code for i := range c} (Java's for-each
 * over the channel) receives until the channel is closed and drained.
 */
public final class RangeAndClose {
    private RangeAndClose() { }

    static void fibonacci(int n, Sender<Integer> c) {
        int x = 0, y = 1;                                    // x, y := 0, 1
        for (int i = 0; i < n; i++) {
            c.send(x);                                       // c <- x
            int t = x + y;                                   // x, y = y, x+y
            x = y;
            y = t;
        }
        c.close();                                           // close(c)
    }

    public static void main(String[] args) {
        Chan<Integer> c = Chan.make(10);                     // c := make(chan int, 10)
        Go.spawn(() -> fibonacci(c.cap(), c));               // go fibonacci(cap(c), c)
        for (int i : c) {                                    // for i := range c {
            System.out.println(i);                           //     fmt.Println(i)
        }
    }
}
