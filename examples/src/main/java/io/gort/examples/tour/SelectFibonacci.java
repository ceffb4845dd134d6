package io.gort.examples.tour;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Select;

/**
 * A Tour of Go, concurrency/5 "Select" (go.dev/tour/concurrency/5): {@code fibonacci} selects
 * between sending the next number on {@code c} and receiving on {@code quit}; a goroutine prints ten
 * numbers, then sends on {@code quit}. (Named SelectFibonacci so it does not hide gort's Select.)
 */
public final class SelectFibonacci {
    private SelectFibonacci() { }

    static void fibonacci(Chan<Integer> c, Chan<Integer> quit) {
        int[] xy = {0, 1};                                  // x, y := 0, 1
        for (boolean running = true; running; ) {            // for {
            running = Select.select(                         //     select {
                    c.onSend(xy[0], () -> {            //     case c <- x:
                        int t = xy[0] + xy[1];              //         x, y = y, x+y
                        xy[0] = xy[1];
                        xy[1] = t;
                        return true;
                    }),
                    quit.onRecv(v -> {                       //     case <-quit:
                        System.out.println("quit");          //         fmt.Println("quit")
                        return false;                        //         return
                    }));
        }
    }

    public static void main(String[] args) {
        Chan<Integer> c = Chan.make();                       // c := make(chan int)
        Chan<Integer> quit = Chan.make();                    // quit := make(chan int)
        Go.spawn(() -> {                                     // go func() {
            for (int i = 0; i < 10; i++) {
                System.out.println(c.recv());                //     fmt.Println(<-c)
            }
            quit.send(0);                                    //     quit <- 0
        });                                                  // }()
        fibonacci(c, quit);
    }
}
