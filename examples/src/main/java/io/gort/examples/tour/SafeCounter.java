package io.gort.examples.tour;

import io.gort.Go;
import io.gort.Time;
import io.gort.sync.Mutex;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A Tour of Go, concurrency/9 "sync.Mutex" (go.dev/tour/concurrency/9): a map guarded by a {@link
 * Mutex}; a thousand goroutines each increment one key. As in the tour, main waits by sleeping a
 * second (the tour has not shown {@code sync.WaitGroup} yet; a real program would use one), then
 * prints 1000.
 */
public final class SafeCounter {
    // type SafeCounter struct { mu sync.Mutex; v map[string]int }
    private final Mutex mu = new Mutex();
    private final Map<String, Integer> v = new HashMap<>();  // guarded by mu

    /** Inc increments the counter for the given key. */
    void inc(String key) {
        mu.lock();                                            // c.mu.Lock()
        // Lock so only one goroutine at a time can access the map c.v.
        v.merge(key, 1, Integer::sum);                        // c.v[key]++
        mu.unlock();                                          // c.mu.Unlock()
    }

    /** Value returns the current value of the counter for the given key. */
    int value(String key) {
        mu.lock();                                            // c.mu.Lock()
        try {                                                 // defer c.mu.Unlock()
            return v.getOrDefault(key, 0);                    // return c.v[key]
        } finally {
            mu.unlock();
        }
    }

    public static void main(String[] args) {
        SafeCounter c = new SafeCounter();                    // c := SafeCounter{v: make(map[string]int)}
        for (int i = 0; i < 1000; i++) {
            Go.spawn(() -> c.inc("somekey"));                 // go c.Inc("somekey")
        }
        Time.sleep(Duration.ofSeconds(1));                    // time.Sleep(time.Second)
        System.out.println(c.value("somekey"));               // fmt.Println(c.Value("somekey"))
    }
}
