package io.gort.examples.notes;

import io.gort.Go;
import io.gort.sync.WaitGroup;

/**
 * <b>Fork-join Model</b> — the notes' section "#### Fork-join Model": «تو Go، مدل fork-join یعنی کار اصلی رو
 * به چند goroutine تقسیم میکنی (fork) و بعد صبر میکنی همه تموم شن تا ادامه بدی (join)» ("in Go the
 * fork-join model means splitting the main work across several goroutines (fork) and waiting for
 * all of them to finish before going on (join)"); the join may be a WaitGroup or a channel, and
 * without one main may return before the goroutines run. The notes' program, line by line:
 * <pre>{@code
 * func worker(id int, wg *sync.WaitGroup) {
 *     defer wg.Done()
 *     fmt.Printf("Worker %d started\n", id)
 *     fmt.Printf("Worker %d finished\n", id)
 * }
 * func main() {
 *     var wg sync.WaitGroup
 *     for i := 1; i <= 5; i++ { wg.Add(1); go worker(i, &wg) }
 *     wg.Wait()
 *     fmt.Println("All workers finished, continue main flow...")
 * }
 * }</pre>
 * The workers' lines come in any order (each worker's "started" before its "finished"); the last
 * line always comes last.
 */
public final class ForkJoin {
    private ForkJoin() { }

    static void worker(int id, WaitGroup wg) {
        try {                                                  // defer wg.Done()
            System.out.printf("Worker %d started%n", id);
            System.out.printf("Worker %d finished%n", id);
        } finally {
            wg.done();
        }
    }

    public static void main(String[] args) {
        WaitGroup wg = new WaitGroup();
        for (int i = 1; i <= 5; i++) {                        // fork
            wg.add(1);
            int id = i;
            Go.spawn(() -> worker(id, wg));
        }
        wg.await();                                            // join
        System.out.println("All workers finished, continue main flow...");
    }
}
