package io.gort.examples.tour;

import io.gort.chan.Chan;

/**
 * A Tour of Go, concurrency/3 "Buffered Channels" (go.dev/tour/concurrency/3): sends to a buffered
 * channel block only when the buffer is full, so main can send twice before it receives.
 */
public final class BufferedChannels {
    private BufferedChannels() { }

    public static void main(String[] args) {
        Chan<Integer> ch = Chan.make(2);                     // ch := make(chan int, 2)
        ch.send(1);                                          // ch <- 1
        ch.send(2);                                          // ch <- 2
        System.out.println(ch.recv());                       // fmt.Println(<-ch)
        System.out.println(ch.recv());                       // fmt.Println(<-ch)
    }
}
