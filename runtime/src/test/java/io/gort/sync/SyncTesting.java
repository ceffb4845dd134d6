package io.gort.sync;

import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Time;
import io.gort.Timer;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.testutil.Waits;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Helpers shared by the sync tests. A deadline here only bounds a wait, so that a broken primitive
 * fails with a diagnosis (a goroutine dump) instead of hanging; it never stands in for
 * synchronisation.
 */
final class SyncTesting {
    /** The bound on any single wait in these tests; far above what a correct run needs. */
    static final Duration LONG = Duration.ofSeconds(20);

    private SyncTesting() { }

    /** The stress multiplier: stress loops run {@code n * Stress} times ({@code -Dgort.stress=N}, default 1). */
    static int stress() {
        return Waits.stress();
    }

    /** Polls {@code condition} (yielding between looks) until it holds; fails with {@code diagnosis} after {@link #LONG}. */
    static void until(String what, BooleanSupplier condition, Supplier<String> diagnosis) {
        Waits.until(what, condition, diagnosis);
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    /**
     * Waits until {@code g} is parked for {@code reason}. The primitives queue their waiter before they
     * record the wait reason, so once this returns a signal, unlock or done will find {@code g}.
     */
    static void parked(Goroutine g, WaitReason reason) {
        until(g + " to park on " + reason,
                () -> g.state() == GState.WAITING && g.waitReason() == reason,
                () -> "it is " + g.state() + " / " + g.waitReason());
    }

    /** Receives from {@code ch}, failing with a goroutine dump if nothing comes within {@link #LONG}. */
    static <T> T recv(Receiver<T> ch, String what) {
        var ready = ch.tryRecv();
        if (ready != null) {
            return ready.value();
        }
        Timer timeout = Time.newTimer(LONG);
        Object got;
        try {
            got = Select.select(ch.onRecv(v -> (Object) v), timeout.c().onRecv(t -> TIMED_OUT));
        } finally {
            timeout.stop();   // thousands of calls must not leave thousands of armed timers behind
        }
        if (got == TIMED_OUT) {
            fail("timed out after " + LONG + " waiting for " + what + "\n" + dump());
        }
        @SuppressWarnings("unchecked")
        T v = (T) got;
        return v;
    }

    private static final Object TIMED_OUT = new Object();

    /** Every live goroutine with its state and stack: what a test prints when it would otherwise hang. */
    static String dump() {
        return Goroutine.all().stream().limit(50).map(g -> g + " on " + g.waitingOn() + "\n    "
                + Arrays.stream(g.thread().getStackTrace()).limit(12).map(String::valueOf)
                        .collect(Collectors.joining("\n    ")))
                .collect(Collectors.joining("\n", "goroutines (" + Goroutine.count() + " live, first 50):\n", ""));
    }
}
