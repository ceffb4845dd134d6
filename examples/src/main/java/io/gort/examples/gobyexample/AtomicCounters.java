package io.gort.examples.gobyexample;

import io.gort.sync.WaitGroup;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Go by Example: Atomic Counters (gobyexample.com/atomic-counters). Fifty goroutines each add 1 a
 * thousand times to one counter. Go's {@code sync/atomic} is Java's {@code
 * java.util.concurrent.atomic}: {@code atomic.Uint64} is an {@link AtomicLong} ({@code
 * java.util.concurrent.atomic.LongAdder} scales better for a counter this contended, and reads the
 * same at the end).
 */
public final class AtomicCounters {
    private AtomicCounters() { }

    public static void main(String[] args) {
        AtomicLong ops = new AtomicLong();                   // var ops atomic.Uint64
        WaitGroup wg = new WaitGroup();                      // var wg sync.WaitGroup
        for (int i = 0; i < 50; i++) {
            wg.go(() -> {                                    // wg.Go(func() {
                for (int c = 0; c < 1000; c++) {
                    ops.incrementAndGet();                   //     ops.Add(1)
                }
            });
        }
        wg.await();                                          // wg.Wait()
        System.out.println("ops: " + ops.get());             // fmt.Println("ops:", ops.Load())
    }
}
