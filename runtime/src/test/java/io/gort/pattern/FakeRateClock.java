package io.gort.pattern;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code testTime} from {@code rate/rate_test.go}: a fake clock whose timers fire only when the
 * test (or the wait, through {@link RateLimiter.WaitTimer#advance()}) moves it to them. A wait that
 * parks on a fake timer wakes at once in real time, having "waited" in fake time, so the wait tests
 * are exact and fast.
 */
final class FakeRateClock implements RateLimiter.WaitClock {
    private record FakeTimer(Instant when, Chan<Instant> ch) { }

    private Instant cur;                                   // guarded by this
    private final List<FakeTimer> timers = new ArrayList<>();   // guarded by this

    FakeRateClock(Instant start) {
        this.cur = start;
    }

    @Override
    public synchronized Instant now() {
        return cur;
    }

    /** Go's {@code newTimer}: a channel with room for one value, fired when the clock reaches {@code nanos} from now. */
    @Override
    public synchronized RateLimiter.WaitTimer newTimer(long nanos) {
        Chan<Instant> ch = Chan.make(1);
        timers.add(new FakeTimer(cur.plusNanos(nanos), ch));
        return new RateLimiter.WaitTimer() {
            @Override
            public Receiver<Instant> c() {
                return ch;
            }

            @Override
            public void stop() { }

            @Override
            public void advance() {
                advanceToTimer();
            }
        };
    }

    /** Go's {@code since}. */
    synchronized Duration since(Instant t) {
        return Duration.between(t, cur);
    }

    /** Go's {@code advance}. */
    synchronized void advance(Duration d) {
        cur = cur.plus(d);
        for (int i = 0; i < timers.size(); ) {
            FakeTimer t = timers.get(i);
            if (t.when().isAfter(cur)) {
                i++;
            } else {
                t.ch().send(cur);   // never blocks: capacity 1, one value per timer
                timers.remove(i);
            }
        }
    }

    /** Go's {@code advanceToTimer}: to the earliest timer, firing it. */
    synchronized void advanceToTimer() {
        if (timers.isEmpty()) {
            throw new IllegalStateException("no timer");
        }
        Instant when = timers.get(0).when();
        for (FakeTimer t : timers) {
            if (t.when().isBefore(when)) {
                when = t.when();
            }
        }
        advance(Duration.between(cur, when));
    }
}
