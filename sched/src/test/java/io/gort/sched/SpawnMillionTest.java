package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One million goroutines spawned and joined (a counter and a latch, Go's WaitGroup idiom) on each
 * scheduler kind, both from a platform thread (the global queue) and from inside a goroutine (the
 * spawner's local queue, overflowing into the global queue); afterwards the goroutine registry is
 * back to its baseline, so no record leaks.
 */
class SpawnMillionTest {
    static final int N = 1_000_000;

    @ParameterizedTest(name = "{0}, spawned from {1}")
    @CsvSource({
        "workstealing, platform", "workstealing, goroutine",
        "global, platform", "global, goroutine",
        "forkjoin, platform", "forkjoin, goroutine",
        "jdk, platform", "jdk, goroutine",
    })
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void millionGoroutinesRunExactlyOnce(String kind, String from) {
        int baseline = Goroutine.count();
        try (Scheduler s = Scheduler.of(kind, 2)) {
            AtomicLong sum = new AtomicLong();
            CountDownLatch done = new CountDownLatch(1);
            AtomicLong left = new AtomicLong(N);
            Runnable spawnAll = () -> {
                for (int i = 0; i < N; i++) {
                    long v = i;
                    s.spawn(() -> {
                        sum.addAndGet(v);
                        if (left.decrementAndGet() == 0) {
                            done.countDown();
                        }
                    });
                }
            };
            if (from.equals("platform")) {
                spawnAll.run();
            } else {
                s.spawn(spawnAll);
            }
            Await.latch(N + " goroutines on " + kind, done, Duration.ofSeconds(50), () -> left + " left; " + s);
            assertEquals((long) N * (N - 1) / 2, sum.get(), "every goroutine ran exactly once");
            Await.goroutineCount(baseline);
            assertEquals(baseline, Goroutine.count());
        }
    }
}
