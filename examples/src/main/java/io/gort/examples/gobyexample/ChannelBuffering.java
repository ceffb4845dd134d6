package io.gort.examples.gobyexample;

import io.gort.chan.Chan;

/**
 * Go by Example: Channel Buffering (gobyexample.com/channel-buffering). A channel with room for two
 * values accepts two sends with no receiver ready.
 */
public final class ChannelBuffering {
    private ChannelBuffering() { }

    public static void main(String[] args) {
        Chan<String> messages = Chan.make(2);                // messages := make(chan string, 2)
        messages.send("buffered");                           // messages <- "buffered"
        messages.send("channel");                            // messages <- "channel"
        System.out.println(messages.recv());                 // fmt.Println(<-messages)
        System.out.println(messages.recv());
    }
}
