package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.chan.Chan;

/**
 * Go by Example: Channels (gobyexample.com/channels). An unbuffered channel connects a goroutine's
 * send to main's receive; each waits for the other, so no other synchronisation is needed.
 */
public final class Channels {
    private Channels() { }

    public static void main(String[] args) {
        Chan<String> messages = Chan.make();                 // messages := make(chan string)
        Go.spawn(() -> messages.send("ping"));               // go func() { messages <- "ping" }()
        String msg = messages.recv();                        // msg := <-messages
        System.out.println(msg);
    }
}
