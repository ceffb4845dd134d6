package io.gort.examples.gobyexample;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Sender;

/**
 * Go by Example: Channel Directions (gobyexample.com/channel-directions). {@code chan<- string} is
 * a {@link Sender}, {@code <-chan string} a {@link Receiver}: as in Go, receiving from a {@code
 * Sender} or sending to a {@code Receiver} does not compile.
 */
public final class ChannelDirections {
    private ChannelDirections() { }

    // func ping(pings chan<- string, msg string)
    static void ping(Sender<String> pings, String msg) {
        pings.send(msg);                                     // pings <- msg
    }

    // func pong(pings <-chan string, pongs chan<- string)
    static void pong(Receiver<String> pings, Sender<String> pongs) {
        String msg = pings.recv();                           // msg := <-pings
        pongs.send(msg);                                     // pongs <- msg
    }

    public static void main(String[] args) {
        Chan<String> pings = Chan.make(1);                   // pings := make(chan string, 1)
        Chan<String> pongs = Chan.make(1);                   // pongs := make(chan string, 1)
        ping(pings, "passed message");
        pong(pings, pongs);
        System.out.println(pongs.recv());                    // fmt.Println(<-pongs)
    }
}
