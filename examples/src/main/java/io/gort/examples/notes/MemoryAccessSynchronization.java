package io.gort.examples.notes;

import io.gort.Go;
import io.gort.sched.Goroutine;
import io.gort.sync.Mutex;

/**
 * <b>Memory Access Synchronization</b> — the notes' section of that name: «وقتی چند goroutine دارن به یه
 * تکه حافظه (مثلاً یه متغیر مشترک) همزمان دسترسی پیدا میکنن، باید یه جوری هماهنگشون کنیم که داده خراب
 * نشه» ("when several goroutines access one piece of memory at once, we must coordinate them so the
 * data is not corrupted"). The book's program for it guards the race of {@link RaceCondition}
 * with a Mutex around each critical section:
 * <pre>{@code
 * var memoryAccess sync.Mutex
 * var value int
 * go func() {
 *     memoryAccess.Lock()
 *     value++
 *     memoryAccess.Unlock()
 * }()
 * memoryAccess.Lock()
 * if value == 0 {
 *     fmt.Printf("the value is %v.\n", value)
 * } else {
 *     fmt.Printf("the value is %v.\n", value)
 * }
 * memoryAccess.Unlock()
 * }</pre>
 * The data race is gone (the check and the print see one value), but the order is still open: it
 * prints "the value is 0." or "the value is 1.", never a torn or stale mix. Synchronizing memory
 * access does not order the goroutines.
 */
public final class MemoryAccessSynchronization {
    private MemoryAccessSynchronization() { }

    private static int value;   // guarded by memoryAccess

    public static void main(String[] args) {
        Mutex memoryAccess = new Mutex();
        value = 0;
        Goroutine g = Go.spawn(() -> {
            memoryAccess.lock();
            value++;
            memoryAccess.unlock();
        });
        memoryAccess.lock();
        if (value == 0) {
            System.out.printf("the value is %d.%n", value);
        } else {
            System.out.printf("the value is %d.%n", value);
        }
        memoryAccess.unlock();
        g.join();   // not in the book: main does not leave its goroutine behind
    }
}
