package io.gort.examples.notes;

import io.gort.Go;
import io.gort.sync.Cond;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * <b>Cond</b> — the notes' heading "#### Cond" (the notes stop at the heading; "Cond" is the
 * condition variable: a rendezvous point for goroutines waiting for, or announcing, an event). The
 * program is the book's queue: a queue holds at most two items; main adds ten, waiting on the Cond
 * while the queue is full; a goroutine removes each item a moment later and signals. Waiting is
 * in a loop ({@code for len(queue) == 2 { c.Wait() }}) because a wake-up only says "something
 * changed", not "your condition holds".
 * <pre>{@code
 * c := sync.NewCond(&sync.Mutex{})
 * queue := make([]interface{}, 0, 10)
 * removeFromQueue := func(delay time.Duration) {
 *     time.Sleep(delay)
 *     c.L.Lock()
 *     queue = queue[1:]
 *     fmt.Println("Removed from queue")
 *     c.L.Unlock()
 *     c.Signal()
 * }
 * for i := 0; i < 10; i++ {
 *     c.L.Lock()
 *     for len(queue) == 2 { c.Wait() }
 *     fmt.Println("Adding to queue")
 *     queue = append(queue, struct{}{})
 *     go removeFromQueue(1 * time.Second)
 *     c.L.Unlock()
 * }
 * }</pre>
 * The book's second is a millisecond here. The prints interleave in an order that depends on
 * timing, but every prefix has at most two more adds than removes.
 */
public final class CondWait {
    private CondWait() { }

    public static void main(String[] args) {
        Cond c = new Cond(new Mutex());
        Deque<Integer> queue = new ArrayDeque<>();
        WaitGroup removers = new WaitGroup();   // not in the book: main waits for its goroutines
        for (int i = 0; i < 10; i++) {
            c.locker().lock();
            while (queue.size() == 2) {
                c.await();
            }
            System.out.println("Adding to queue");
            queue.addLast(i);
            removers.go(() -> {
                Go.sleep(java.time.Duration.ofMillis(1));
                c.locker().lock();
                queue.removeFirst();
                System.out.println("Removed from queue");
                c.locker().unlock();
                c.signal();
            });
            c.locker().unlock();
        }
        removers.await();
    }
}
