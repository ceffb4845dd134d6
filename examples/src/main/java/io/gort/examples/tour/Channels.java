package io.gort.examples.tour;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Sender;

/**
 * A Tour of Go, concurrency/2 "Channels" (go.dev/tour/concurrency/2): two goroutines each sum half
 * of a slice and send their sum on one unbuffered channel; main receives both. Which half arrives
 * first is up to the scheduler, so the output is {@code -5 17 12} or {@code 17 -5 12}.
 */
public final class Channels {
    private Channels() { }

    // func sum(s []int, c chan int)
    static void sum(int[] s, int from, int to, Sender<Integer> c) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += s[i];
        }
        c.send(sum);                                         // c <- sum // send sum to c
    }

    public static void main(String[] args) {
        int[] s = {7, 2, 8, -9, 4, 0};                       // s := []int{7, 2, 8, -9, 4, 0}
        Chan<Integer> c = Chan.make();                       // c := make(chan int)
        Go.spawn(() -> sum(s, 0, s.length / 2, c));          // go sum(s[:len(s)/2], c)
        Go.spawn(() -> sum(s, s.length / 2, s.length, c));   // go sum(s[len(s)/2:], c)
        int x = c.recv(), y = c.recv();                      // x, y := <-c, <-c // receive from c
        System.out.println(x + " " + y + " " + (x + y));     // fmt.Println(x, y, x+y)
    }
}
