package io.gort.examples.gobyexample;

import io.gort.Time;
import io.gort.sync.WaitGroup;
import java.time.Duration;

/**
 * Go by Example: WaitGroups (gobyexample.com/waitgroups). Five workers, and main waits for all of
 * them with a {@link WaitGroup}. {@code wg.go(f)} is Go 1.25's {@code wg.Go(f)} (the page's older
 * form, {@code wg.Add(1); go func() { defer wg.Done(); worker(i) }()}, works too); Go's {@code
 * wg.Wait()} is {@code await()}, because Java's {@code Object.wait()} is final. A second of work is
 * 20 ms here.
 */
public final class WaitGroups {
    private WaitGroups() { }

    static void worker(int id) {
        System.out.printf("Worker %d starting%n", id);       // fmt.Printf("Worker %d starting\n", id)
        Time.sleep(Duration.ofMillis(20));                   // time.Sleep(time.Second)
        System.out.printf("Worker %d done%n", id);
    }

    public static void main(String[] args) {
        WaitGroup wg = new WaitGroup();                      // var wg sync.WaitGroup
        for (int i = 1; i <= 5; i++) {
            int id = i;
            wg.go(() -> worker(id));                         // wg.Go(func() { worker(i) })
        }
        wg.await();                                          // wg.Wait()
    }
}
