package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Sender;
import java.time.Duration;

/**
 * Go by Example: Channel Synchronization (gobyexample.com/channel-synchronization). Main blocks on
 * {@code <-done} until the worker says it has finished; without that receive the program could end
 * before the worker started. The worker's second of work is 20 ms here.
 */
public final class ChannelSynchronization {
    private ChannelSynchronization() { }

    static void worker(Sender<Boolean> done) {
        System.out.print("working...");                      // fmt.Print("working...")
        Time.sleep(Duration.ofMillis(20));                   // time.Sleep(time.Second)
        System.out.println("done");
        done.send(true);                                     // done <- true
    }

    public static void main(String[] args) {
        Chan<Boolean> done = Chan.make(1);                   // done := make(chan bool, 1)
        Go.spawn(() -> worker(done));                        // go worker(done)
        done.recv();                                         // <-done
    }
}
