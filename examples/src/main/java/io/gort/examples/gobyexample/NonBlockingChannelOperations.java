package io.gort.examples.gobyexample;

import io.gort.chan.Chan;
import io.gort.chan.Select;

/**
 * Go by Example: Non-Blocking Channel Operations (gobyexample.com/non-blocking-channel-operations).
 * A select with a {@code default} never waits: nobody is receiving on the unbuffered {@code
 * messages}, so even the send falls through to the default.
 */
public final class NonBlockingChannelOperations {
    private NonBlockingChannelOperations() { }

    public static void main(String[] args) {
        Chan<String> messages = Chan.make();                 // messages := make(chan string)
        Chan<Boolean> signals = Chan.make();                 // signals := make(chan bool)

        System.out.println(Select.<String>select(                    // select {
                messages.onRecv(msg -> "received message " + msg),  // case msg := <-messages:
                Select.onDefault(() -> "no message received")));     // default:

        String msg = "hi";
        System.out.println(Select.<String>select(
                messages.onSend(msg, () -> "sent message " + msg),   // case messages <- msg:
                Select.onDefault(() -> "no message sent")));

        System.out.println(Select.<String>select(                    // a multi-way non-blocking select
                messages.onRecv(m -> "received message " + m),
                signals.onRecv(sig -> "received signal " + sig),
                Select.onDefault(() -> "no activity")));
    }
}
