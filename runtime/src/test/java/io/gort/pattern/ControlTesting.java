package io.gort.pattern;

import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Time;
import io.gort.Timer;
import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.testutil.GoroutineLeaks;
import io.gort.testutil.Waits;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Helpers of the control-pattern tests (BoundedQueue, PriorityChan, Heartbeat, Steward, Replicated,
 * Actor). A deadline here only bounds a wait, so that a broken pattern fails with a goroutine dump
 * instead of hanging; it never stands in for synchronisation.
 */
final class ControlTesting {
    /** The bound on any single wait; far above what a correct run needs. */
    static final Duration LONG = Duration.ofSeconds(20);

    private ControlTesting() { }

    /** The stress multiplier ({@code -Dgort.stress=N}, default 1). */
    static int stress() {
        return Waits.stress();
    }

    /** Polls {@code condition} (yielding) until it holds; fails with a dump after {@link #LONG}. */
    static void until(String what, BooleanSupplier condition, Supplier<String> diagnosis) {
        Waits.until(what, condition, diagnosis);
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    /** Waits until {@code g} is parked for one of {@code reasons}. */
    static void parked(Goroutine g, WaitReason... reasons) {
        until(g + " to park", () -> {
            if (g.state() != GState.WAITING) {
                return false;
            }
            for (WaitReason r : reasons) {
                if (g.waitReason() == r) {
                    return true;
                }
            }
            return false;
        }, () -> "it is " + g.state() + " / " + g.waitReason());
    }

    /** Receives from {@code ch} (value and ok), failing with a dump if nothing comes within {@link #LONG}. */
    static <T> Recv<T> recvOk(Receiver<T> ch, String what) {
        Recv<T> ready = ch.tryRecv();
        if (ready != null) {
            return ready;
        }
        Timer timeout = Time.newTimer(LONG);
        Object got;
        try {
            got = Select.select(ch.onRecvOk((v, ok) -> (Object) new Recv<>(v, ok)), timeout.c().onRecv(t -> TIMED_OUT));
        } finally {
            timeout.stop();
        }
        if (got == TIMED_OUT) {
            fail("timed out after " + LONG + " waiting for " + what + "\n" + dump());
        }
        @SuppressWarnings("unchecked") Recv<T> r = (Recv<T>) got;
        return r;
    }

    /** Receives a value from {@code ch}; fails if it is closed or nothing comes within {@link #LONG}. */
    static <T> T recv(Receiver<T> ch, String what) {
        Recv<T> r = recvOk(ch, what);
        if (!r.ok()) {
            fail("channel closed while waiting for " + what);
        }
        return r.value();
    }

    /** Waits for {@code ch} to be closed (draining it); returns how many values it drained. */
    static int closed(Receiver<?> ch, String what) {
        int n = 0;
        while (recvOk(ch, what + " to close").ok()) {
            n++;
        }
        return n;
    }

    /** Fails if {@code ch} delivers anything (or closes) within {@code d}: for "nothing happens" checks only. */
    static void quietFor(Receiver<?> ch, Duration d, String what) {
        Object got = Select.select(ch.onRecvOk((v, ok) -> (Object) ("got " + v + ", ok=" + ok)), Time.after(d).onRecv(t -> QUIET));
        if (got != QUIET) {
            fail(what + ": " + got);
        }
    }

    static void noneLeft(Set<Long> before) {
        GoroutineLeaks.assertNoneLeft(before);
    }

    private static final Object TIMED_OUT = new Object(), QUIET = new Object();

    static String dump() {
        return GoroutineLeaks.dump(Goroutine.all().stream().filter(Goroutine::isAlive).toList());
    }
}
