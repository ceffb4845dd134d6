package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The value a timer channel receives is the time the timer was due, however late it is sent: Go's
 * {@code sendTime} (src/time/sleep.go, Go 1.23) sends {@code Now().Add(-delta)}, where the runtime
 * passes {@code delta = now - t.when} (src/runtime/time.go, {@code unlockAndRun}), both when the
 * timer heap runs the timer late and when a receive runs a due channel timer on the spot. A
 * ticker's tick is likewise its scheduled tick time. Here the engine thread fires late because the
 * test's clock jumps past the deadline.
 */
@Timeout(30)
class TimerSendTimeTest {
    /** A clock the test moves; its wall time is the epoch plus its monotonic reading. */
    static final class JumpClock implements Clock {
        final AtomicLong nanos = new AtomicLong();

        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public Instant now() {
            return Instant.EPOCH.plusNanos(nanos.get());
        }
    }

    @Test
    void aTickFiredLateByTheEngineThreadCarriesItsScheduledTime() {
        JumpClock clock = new JumpClock();
        TimerEngine engine = new TimerEngine(clock, "gort-timers-sendtime-test");
        Ticker t = Ticker.newTicker(engine, Duration.ofMillis(10));   // ticks due at 10 ms, 20 ms, ...
        try {
            clock.nanos.set(Duration.ofMillis(35).toNanos());           // the engine wakes 25 ms late
            assertEquals(Instant.EPOCH.plusMillis(10), t.c().recv(), "first tick: its deadline, not the firing time");
            clock.nanos.set(Duration.ofMillis(47).toNanos());           // next due at 40 ms (30 was skipped)
            assertEquals(Instant.EPOCH.plusMillis(40), t.c().recv(), "second tick: its deadline");
        } finally {
            t.stop();
        }
    }
}
