package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Recv;

/**
 * Go by Example: Closing Channels (gobyexample.com/closing-channels). Main sends three jobs and
 * closes {@code jobs}; the worker's {@code j, more := <-jobs} sees {@code more == false} once the
 * channel is closed and drained, and says so on {@code done}. A receive from the closed, drained
 * channel then returns at once with {@code ok == false}.
 */
public final class ClosingChannels {
    private ClosingChannels() { }

    public static void main(String[] args) {
        Chan<Integer> jobs = Chan.make(5);                   // jobs := make(chan int, 5)
        Chan<Boolean> done = Chan.make();                    // done := make(chan bool)

        Go.spawn(() -> {
            while (true) {
                Recv<Integer> r = jobs.recvOk();             // j, more := <-jobs
                if (r.ok()) {
                    System.out.println("received job " + r.value());
                } else {
                    System.out.println("received all jobs");
                    done.send(true);                         // done <- true
                    return;
                }
            }
        });

        for (int j = 1; j <= 3; j++) {
            jobs.send(j);                                    // jobs <- j
            System.out.println("sent job " + j);
        }
        jobs.close();                                        // close(jobs)
        System.out.println("sent all jobs");

        done.recv();                                         // <-done

        boolean ok = jobs.recvOk().ok();                     // _, ok := <-jobs
        System.out.println("received more jobs: " + ok);
    }
}
