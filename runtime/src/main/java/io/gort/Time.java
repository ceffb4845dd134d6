package io.gort;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's package {@code time}, the part about waiting: {@link #after}, {@link #tick}, {@link
 * #newTimer}, {@link #newTicker}, {@link #afterFunc}, {@link #sleep}.
 *
 * <pre>{@code
 * // Go: select { case v := <-results: ...; case <-time.After(time.Second): ... }
 * String r = Select.select(
 *         results.onRecv(v -> "got " + v),
 *         Time.after(Duration.ofSeconds(1)).onRecv(t -> "timeout"));
 * }</pre>
 *
 * <p>Timers fire on one daemon platform thread, "gort-timers", which sleeps until the earliest
 * deadline; a pending timer is an entry in a heap, not a thread or a goroutine, so a million of them
 * cost a few hundred megabytes at most and no threads. Timers fire within about a millisecond of
 * their deadline on an idle machine, never before it; timers with equal deadlines fire in the order
 * they were set. Semantics are Go 1.23's: timer channels report {@code len} and {@code cap} 0, and
 * {@link Timer#stop}/{@link Timer#reset} leave no stale value behind.
 *
 * <p>Inside a {@link Synctest} bubble all of these use the bubble's virtual clock and timers
 * instead: {@link #now()} starts at 2000-01-01T00:00:00Z and time jumps to the next deadline when
 * every goroutine of the bubble is blocked (docs/adr/0012).
 *
 * <p>Memory model: arming a timer (the call to {@code after}, {@code newTimer}, {@code afterFunc},
 * {@code tick}, {@code newTicker} or {@code reset}) happens-before its firing; a firing's send
 * happens-before the receive that takes its value; for {@code afterFunc}, the arming call
 * happens-before the function starts.
 */
public final class Time {
    private Time() { }

    /**
     * The current time by gort's timer clock (Go's {@code time.Now()}): what context deadlines and
     * rate limiters measure against, so that a virtual clock in tests moves them all together.
     */
    public static Instant now() {
        return TimerEngine.current().clock.now();
    }

    /**
     * Waits {@code d}, then sends the current time on the returned channel (Go's {@code
     * time.After(d)}, equivalent to {@code newTimer(d).c()}). The timer cannot be stopped, and need
     * not be: as in Go 1.23, a channel timer is in the timer engine only while a goroutine waits on
     * its channel, so one abandoned by a {@code select} is garbage as soon as it is unreferenced.
     */
    public static Receiver<Instant> after(Duration d) {
        return newTimer(d).c();
    }

    /**
     * A channel that delivers the time every {@code d} (Go's {@code time.Tick}); a nil channel, which
     * never delivers, when {@code d <= 0}. The ticker cannot be stopped; use {@link #newTicker} for one
     * you can stop.
     */
    public static Receiver<Instant> tick(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return Chan.nil();
        }
        return newTicker(d).c();
    }

    /**
     * A timer that sends the current time on its channel after at least {@code d} (Go's {@code
     * time.NewTimer}); zero or negative {@code d} fires at once.
     */
    public static Timer newTimer(Duration d) {
        return Timer.newTimer(TimerEngine.current(), d);
    }

    /**
     * A ticker that sends the time on its channel every {@code d} (Go's {@code time.NewTicker});
     * stop it to release it.
     *
     * @throws IllegalArgumentException "non-positive interval for NewTicker" if {@code d <= 0}
     */
    public static Ticker newTicker(Duration d) {
        return Ticker.newTicker(TimerEngine.current(), d);
    }

    /**
     * Waits {@code d}, then starts {@code f} in its own goroutine (Go's {@code time.AfterFunc}). The
     * returned timer's {@link Timer#stop} cancels the call if it has not started; its {@link
     * Timer#c()} is a nil channel.
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        return Timer.afterFunc(TimerEngine.current(), d, f);
    }

    /** Go's {@code time.Sleep}: the same as {@link Go#sleep}. */
    public static void sleep(Duration d) {
        Go.sleep(d);
    }
}
