package io.gort.examples.notes;

import io.gort.Go;
import io.gort.chan.Chan;

/**
 * <b>Signalling with {@code struct{}}</b> — the note under "#### Mutex and RWMutex": «برای سیگنال دادن
 * تو Go از struct{} استفاده میکنن چون حجمش صفره و حافظه اضافه مصرف نمیکنه، علاوه بر اینکه مشخص میکنه
 * فقط وجود سیگنال مهمه و مقدارش اهمیتی نداره» ("Go signals with {@code struct{}} because it takes no
 * memory and says that only the signal's arrival matters, not its value"):
 * <pre>{@code
 * done := make(chan struct{})
 * done <- struct{}{} // send signal
 * <-done             // receive signal
 * }</pre>
 * Java has no zero-size type and gort's channels carry no nulls, so the value is the single
 * constant of an enum, {@link Signal#SIGNAL}: one shared object, nothing allocated per send, and the
 * type says "a signal". As written in the notes the two lines deadlock in one goroutine (an
 * unbuffered send waits for a receiver); here a goroutine sends, main receives. Closing the
 * channel is the other way to signal, to any number of receivers at once.
 */
public final class SignalChannel {
    private SignalChannel() { }

    /** Go's {@code struct{}{}}: a value that carries no information. */
    enum Signal { SIGNAL }

    public static void main(String[] args) {
        Chan<Signal> done = Chan.make();
        Go.spawn(() -> {
            System.out.println("worker: done, sending the signal");
            done.send(Signal.SIGNAL);     // done <- struct{}{}
        });
        done.recv();                      // <-done
        System.out.println("main: got the signal");

        Chan<Signal> closed = Chan.make();
        Chan<Integer> woke = Chan.make(3);
        for (int i = 1; i <= 3; i++) {
            int id = i;
            Go.spawn(() -> {
                closed.recv();            // returns once closed
                woke.send(id);
            });
        }
        closed.close();                   // one close signals every receiver
        int sum = woke.recv() + woke.recv() + woke.recv();
        System.out.println("close(done) woke 3 receivers (ids sum to " + sum + ")");
    }
}
