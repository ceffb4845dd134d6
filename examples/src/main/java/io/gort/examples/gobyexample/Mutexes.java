package io.gort.examples.gobyexample;

import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Go by Example: Mutexes (gobyexample.com/mutexes). A {@code Container} holds a map of counters and
 * the {@link Mutex} that guards it; three goroutines increment two of the counters. The map prints
 * as Go's {@code fmt.Println} prints one: {@code map[a:20000 b:10000]}, keys sorted.
 */
public final class Mutexes {
    private Mutexes() { }

    // type Container struct { mu sync.Mutex; counters map[string]int }
    static final class Container {
        private final Mutex mu = new Mutex();
        private final Map<String, Integer> counters;         // guarded by mu

        Container(Map<String, Integer> counters) {
            this.counters = counters;
        }

        void inc(String name) {
            mu.lock();                                       // c.mu.Lock()
            try {                                            // defer c.mu.Unlock()
                counters.merge(name, 1, Integer::sum);       // c.counters[name]++
            } finally {
                mu.unlock();
            }
        }

        /** fmt.Println(c.counters): Go's map format. */
        @Override
        public String toString() {
            mu.lock();
            try {
                return new TreeMap<>(counters).entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue())
                        .collect(Collectors.joining(" ", "map[", "]"));
            } finally {
                mu.unlock();
            }
        }
    }

    public static void main(String[] args) {
        Container c = new Container(new TreeMap<>(Map.of("a", 0, "b", 0)));  // c := Container{counters: map[string]int{"a": 0, "b": 0}}
        WaitGroup wg = new WaitGroup();

        // doIncrement := func(name string, n int) { for i := 0; i < n; i++ { c.inc(name) } }
        BiConsumer<String, Integer> doIncrement = (name, n) -> {
            for (int i = 0; i < n; i++) {
                c.inc(name);
            }
        };

        wg.go(() -> doIncrement.accept("a", 10000));         // wg.Go(func() { doIncrement("a", 10000) })
        wg.go(() -> doIncrement.accept("a", 10000));
        wg.go(() -> doIncrement.accept("b", 10000));

        wg.await();                                          // wg.Wait()
        System.out.println(c);                               // fmt.Println(c.counters)
    }
}
