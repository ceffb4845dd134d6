package io.gort.examples.gobyexample;

import io.gort.chan.Chan;

/**
 * Go by Example: Range over Channels (gobyexample.com/range-over-channels). A closed channel still
 * yields its buffered values; the loop ends after the last one.
 */
public final class RangeOverChannels {
    private RangeOverChannels() { }

    public static void main(String[] args) {
        Chan<String> queue = Chan.make(2);                   // queue := make(chan string, 2)
        queue.send("one");
        queue.send("two");
        queue.close();                                       // close(queue)
        for (String elem : queue) {                          // for elem := range queue {
            System.out.println(elem);
        }
    }
}
