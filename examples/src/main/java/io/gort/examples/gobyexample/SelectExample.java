package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.time.Duration;

/**
 * Go by Example: Select (gobyexample.com/select). Main selects twice over two channels, each fed
 * by a goroutine after a delay, and prints each value as it arrives. The page's 1 s and 2 s are
 * 20 ms and 200 ms here: the gap keeps the order of arrival certain on a busy machine, and the
 * total time is the longer delay, not the sum, because the two sleeps run concurrently.
 */
public final class SelectExample {
    private SelectExample() { }

    public static void main(String[] args) {
        Chan<String> c1 = Chan.make();                       // c1 := make(chan string)
        Chan<String> c2 = Chan.make();                       // c2 := make(chan string)
        Go.spawn(() -> {
            Time.sleep(Duration.ofMillis(20));               // time.Sleep(1 * time.Second)
            c1.send("one");                                  // c1 <- "one"
        });
        Go.spawn(() -> {
            Time.sleep(Duration.ofMillis(200));              // time.Sleep(2 * time.Second)
            c2.send("two");                                  // c2 <- "two"
        });
        for (int i = 0; i < 2; i++) {
            Select.select(                                   // select {
                    c1.onRecv(msg1 -> {                      // case msg1 := <-c1:
                        System.out.println("received " + msg1);
                        return null;
                    }),
                    c2.onRecv(msg2 -> {                      // case msg2 := <-c2:
                        System.out.println("received " + msg2);
                        return null;
                    }));
        }
    }
}
