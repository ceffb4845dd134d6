package io.gort.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.pattern.BoundedQueue.Policy;
import io.gort.sync.WaitGroup;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly once, under every policy: producers offer distinct items, consumers (some slow) receive
 * them, then the queue is closed and drained. Every item is seen exactly once, either by a consumer
 * or by the drop handler, never both and never twice; so received + dropped == sent, and the
 * queue's own counters agree with what the test counted. A run with no drops under a dropping
 * policy would not have exercised the drop path, so that is asserted too.
 */
class BoundedQueueStressTest {
    private static final int PRODUCERS = 8, CONSUMERS = 4, CAPACITY = 4;

    @ParameterizedTest
    @EnumSource(Policy.class)
    @Tag("stress")
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void exactlyOnce(Policy policy) {
        run(policy, 50_000 * ControlTesting.stress());
    }

    /** The same, small enough for the default run. */
    @ParameterizedTest
    @EnumSource(Policy.class)
    @Timeout(60)
    void exactlyOnceSmall(Policy policy) {
        run(policy, 1_000);
    }

    private static void run(Policy policy, int perProducer) {
        var before = GoroutineLeaks.snapshot();
        int total = PRODUCERS * perProducer;
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicLong droppedSeen = new AtomicLong(), receivedSeen = new AtomicLong();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        java.util.function.Consumer<Integer> onDrop = id -> {
            seen.incrementAndGet(id);
            droppedSeen.incrementAndGet();
        };
        BoundedQueue<Integer> q = policy == Policy.BLOCK_WITH_TIMEOUT
                ? BoundedQueue.withTimeout(CAPACITY, Duration.ofNanos(20_000), onDrop)
                : BoundedQueue.make(CAPACITY, policy, onDrop);
        WaitGroup producers = new WaitGroup(), consumers = new WaitGroup();
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * perProducer;
            producers.go(() -> {
                try {
                    for (int i = 0; i < perProducer; i++) {
                        q.offer(base + i);
                    }
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                }
            });
        }
        for (int c = 0; c < CONSUMERS; c++) {
            boolean slow = c % 2 == 0;
            consumers.go(() -> {
                try {
                    for (Integer id : q.receiver()) {
                        seen.incrementAndGet(id);
                        receivedSeen.incrementAndGet();
                        if (slow && ThreadLocalRandom.current().nextInt(8) == 0) {
                            Go.yield();
                        }
                    }
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                }
            });
        }
        producers.await();
        q.close();
        consumers.await();
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
        for (int id = 0; id < total; id++) {
            if (seen.get(id) != 1) {
                fail(policy + ": item " + id + " seen " + seen.get(id) + " times (received + dropped)");
            }
        }
        assertEquals(total, receivedSeen.get() + droppedSeen.get(), "received + dropped == sent");
        assertEquals(droppedSeen.get(), q.dropped(), "the queue's drop count");
        assertEquals(droppedSeen.get(), q.dropped(policy), "counted under its policy");
        assertEquals(receivedSeen.get(), q.dequeued(), "the queue's dequeued count");
        assertEquals(total - (policy == Policy.DROP_OLDEST ? 0 : droppedSeen.get()), q.enqueued());
        assertEquals(0, q.depth());
        assertNull(q.take());
        if (policy == Policy.BLOCK) {
            assertEquals(0, droppedSeen.get());
        } else {
            assertTrue(droppedSeen.get() > 0, policy + ": no drop happened, the drop path was not exercised");
        }
        GoroutineLeaks.assertNoneLeft(before);
    }
}
