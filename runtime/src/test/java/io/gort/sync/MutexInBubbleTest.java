package io.gort.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gort.Go;
import io.gort.Synctest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Mutex} inside a {@link Synctest} bubble, whose virtual monotonic clock reads 0 until time
 * first moves. Go's lockSlow marks "has waited before" with {@code waitStartTime != 0}; a waiter
 * that was woken and lost the lock to a barging newcomer goes back to the <em>front</em> of the
 * queue (sync/mutex.go: {@code queueLifo := waitStartTime != 0}). With the start time read from a
 * clock that can be 0, that mark must not be the time itself.
 */
@Timeout(60)
class MutexInBubbleTest {
    @Test
    void aWokenWaiterThatLosesTheLockRequeuesAtTheFrontAtVirtualTimeZero() {
        for (long seed = 0; seed < 8; seed++) {
            List<String> order = new ArrayList<>();   // the bubble's goroutines run one at a time
            Synctest.run(seed, () -> {
                Mutex m = new Mutex();
                m.lock();
                WaitGroup wg = new WaitGroup();
                for (String name : new String[] {"B", "C"}) {
                    wg.go(() -> {
                        m.lock();
                        order.add(name);
                        m.unlock();
                    });
                    Synctest.await();   // queued on the mutex's semaphore: B, then C
                }
                m.unlock();             // wakes B (dequeued, made runnable)
                m.lock();               // barges in before B runs: B will lose
                Synctest.await();       // B ran, lost, and queued again: at the front (Go)
                m.unlock();             // wakes the head of the queue
                wg.await();
            });
            assertEquals(List.of("B", "C"), order, "seed " + seed + ": B has waited longer and must go first");
        }
    }
}
