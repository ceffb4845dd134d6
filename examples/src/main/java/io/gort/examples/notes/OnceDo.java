package io.gort.examples.notes;

import io.gort.sync.Once;
import io.gort.sync.WaitGroup;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Once</b> — the notes' heading "#### Once" (the notes stop at the heading: {@code sync.Once}
 * runs a function exactly once, however many goroutines call {@code Do}, and every caller returns
 * only after it has finished). The book's program: 100 goroutines call
 * {@code once.Do(increment)}; the count is 1.
 * <pre>{@code
 * var count int
 * increment := func() { count++ }
 * var once sync.Once
 * var increments sync.WaitGroup
 * increments.Add(100)
 * for i := 0; i < 100; i++ {
 *     go func() { defer increments.Done(); once.Do(increment) }()
 * }
 * increments.Wait()
 * fmt.Printf("Count is %d\n", count)
 * }</pre>
 * And the book's second point: Once counts calls of Do, not functions; a second Do with another
 * function does nothing.
 */
public final class OnceDo {
    private OnceDo() { }

    public static void main(String[] args) {
        AtomicInteger count = new AtomicInteger();
        Runnable increment = count::incrementAndGet;
        Once once = new Once();
        WaitGroup increments = new WaitGroup();
        increments.add(100);
        for (int i = 0; i < 100; i++) {
            io.gort.Go.spawn(() -> {
                try {
                    once.doOnce(increment);
                } finally {
                    increments.done();
                }
            });
        }
        increments.await();
        System.out.printf("Count is %d%n", count.get());

        int[] n = {0};
        Once other = new Once();
        other.doOnce(() -> n[0]++);
        other.doOnce(() -> n[0]--);
        System.out.printf("Count: %d%n", n[0]);
    }
}
