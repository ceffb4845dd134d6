package io.gort.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.context.Context;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limiter under contention: many goroutines taking tokens at once never get more than the
 * bucket allows (burst + rate × elapsed), with fake times (exact) and with real waits (a lower bound
 * on the elapsed time). Scaled by {@code -Dgort.stress}.
 */
@Tag("stress")
class RateLimiterStressTest {
    static final int SCALE = Math.max(1, Integer.getInteger("gort.stress", 1));

    @Test
    @Timeout(120)
    void concurrentAllowNeverOverAdmits() {
        final int goroutines = 8, steps = 20_000 * SCALE, burst = 10;
        final double rate = 1000;   // per second
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        AtomicLong clockMicros = new AtomicLong();   // a shared fake clock, advanced by every caller
        RateLimiter lim = new RateLimiter(Limit.perSecond(rate), burst);
        AtomicLong ok = new AtomicLong();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < goroutines; g++) {
            wg.go(() -> {
                for (int i = 0; i < steps; i++) {
                    long us = clockMicros.addAndGet(10);   // 10 µs per call: 100k calls per fake second
                    if (lim.allowN(t0.plusNanos(us * 1000), 1)) {
                        ok.incrementAndGet();
                    }
                }
            });
        }
        wg.await();
        double elapsed = clockMicros.get() / 1e6;
        double ideal = burst + rate * elapsed;
        assertTrue(ok.get() <= ideal + 1, "allowed " + ok + " > ideal " + ideal);
        // Callers' times interleave slightly out of order (time may go backwards: no refill), so
        // allow a little under-admission; gross loss of tokens would be a bug.
        assertTrue(ok.get() >= ideal * 0.9, "allowed " + ok + " << ideal " + ideal);
        assertEquals(ok.get(), lim.allowedCount());
    }

    @Test
    @Timeout(120)
    void concurrentWaitsRespectTheRate() {
        final int goroutines = 8, each = 25 * SCALE;
        RateLimiter lim = new RateLimiter(Limit.perSecond(500), 1);
        WaitGroup wg = new WaitGroup();
        long start = System.nanoTime();
        for (int g = 0; g < goroutines; g++) {
            wg.go(() -> {
                for (int i = 0; i < each; i++) {
                    lim.wait(Context.background());
                }
            });
        }
        wg.await();
        long elapsed = System.nanoTime() - start;
        long events = (long) goroutines * each;
        long minNanos = Duration.ofMillis(2).toNanos() * (events - 1);   // one token per 2 ms after the first
        assertTrue(elapsed >= minNanos * 95 / 100, events + " waits took " + elapsed + " ns, less than " + minNanos);
        assertEquals(events, lim.allowedCount());
    }
}
