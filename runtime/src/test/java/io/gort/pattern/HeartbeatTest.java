package io.gort.pattern;

import static io.gort.pattern.ControlTesting.closed;
import static io.gort.pattern.ControlTesting.quietFor;
import static io.gort.pattern.ControlTesting.recv;
import static io.gort.pattern.ControlTesting.recvOk;
import static io.gort.pattern.ControlTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sched.Goroutine;
import io.gort.sched.PanicHandler;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Heartbeat, after "Concurrency in Go" ch.5 "Heartbeats" (the book's examples and its two tests,
 * {@code TestDoWork_GeneratesAllNumbers} for the per-unit and the interval form): the deterministic
 * trick (wait for the first pulse, then assert on the results), pulses while waiting for input and
 * while a result waits for a taker, silence while stuck inside a unit (the book's "worker goroutine
 * is not healthy!"), pulses dropped rather than blocking, the end of input or context closing both
 * channels, a failing unit, and misuse.
 *
 * <p>Ported from the book's code, github.com/kat-co/concurrency-in-go-src at commit {@code 079a907dc382}:
 * {@code concurrency-at-scale/heartbeats/concurrent_test.go} (per-unit: {@link #perUnitDeterministicTest},
 * its 2-second start-up sleep scaled to 50 ms), {@code interval_concurrent_test.go} ({@link
 * #intervalDeterministicTest}; its per-select timeout of two pulses is ten here, for a loaded machine),
 * {@code fig-interval-heartbeat.go} and {@code fig-interval-heartbeat-misbehaving-goroutine.go} ({@link
 * #noPulseWhileStuckInsideAUnit}: the book's worker stops pulsing; here it is stuck inside a unit, which
 * is what the interval form can detect). Not ported: {@code bad_concurrent_test.go}, which shows a test
 * that is flaky by design (a fixed timeout racing the start-up sleep).
 */
@Timeout(60)
class HeartbeatTest {
    private static final Duration PULSE = Duration.ofMillis(5);

    @SafeVarargs
    private static <T> Chan<T> feed(T... items) {
        Chan<T> c = Chan.make(Math.max(1, items.length));
        for (T v : items) {
            c.send(v);
        }
        c.close();
        return c;
    }

    /** The book's TestDoWork_GeneratesAllNumbers, per-unit form: wait for the first pulse, then the results in order. */
    @Test
    void perUnitDeterministicTest() {
        var before = GoroutineLeaks.snapshot();
        List<Integer> intSlice = List.of(0, 1, 2, 3, 5);
        Chan<Integer> in = Chan.make();
        Go.spawn(() -> {
            Go.sleep(Duration.ofMillis(50));     // the book's simulated start-up latency
            for (int n : intSlice) {
                in.send(n);
            }
            in.close();
        });
        var b = Heartbeat.perUnit(Context.background(), in, Function.identity());
        recv(b.heartbeat(), "the first pulse");
        List<Integer> got = new ArrayList<>();
        for (Integer r : b.results()) {
            got.add(r);
        }
        assertEquals(intSlice, got);
        closed(b.heartbeat(), "the heartbeat");
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void perUnitPulsesBeforeEachUnit() {
        var before = GoroutineLeaks.snapshot();
        Chan<Integer> in = Chan.make();
        var b = Heartbeat.perUnit(Context.background(), in, x -> x * 10);
        for (int i = 1; i <= 3; i++) {
            in.send(i);
            Instant pulse = recv(b.heartbeat(), "the pulse of unit " + i);
            assertTrue(pulse != null);
            assertEquals(i * 10, recv(b.results(), "result " + i));
            assertNull(b.heartbeat().tryRecv(), "one pulse per unit");
        }
        in.close();
        assertEquals(0, closed(b.results(), "the results"));
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** The book's interval-form test: select over results, heartbeat and a timeout of two pulse intervals each time. */
    @Test
    void intervalDeterministicTest() {
        var before = GoroutineLeaks.snapshot();
        List<Integer> intSlice = List.of(0, 1, 2, 3, 5);
        Duration timeout = Duration.ofSeconds(2);
        var b = Heartbeat.every(Context.background(), timeout.dividedBy(2), feed(intSlice.toArray(Integer[]::new)), Function.identity());
        int i = 0;
        while (true) {
            Object r = Select.select(
                    b.results().onRecvOk((v, ok) -> (Object) new Recv<>(v, ok)),
                    b.heartbeat().onRecv(t -> "pulse"),
                    Time.after(timeout.multipliedBy(10)).onRecv(t -> "timeout"));
            if (r.equals("timeout")) {
                fail("test timed out");
            }
            if (r instanceof Recv<?> got) {
                if (!got.ok()) {
                    break;
                }
                assertEquals(intSlice.get(i), got.value(), "index " + i);
                i++;
            }
        }
        assertEquals(intSlice.size(), i);
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void intervalPulsesWhileWaitingForInputAndForATaker() {
        var before = GoroutineLeaks.snapshot();
        Chan<Integer> in = Chan.make();
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            var b = Heartbeat.every(ctx, PULSE, in, x -> x + 1);
            Instant last = recv(b.heartbeat(), "a pulse while idle");
            for (int k = 0; k < 3; k++) {
                Instant next = recv(b.heartbeat(), "pulse " + k + " while idle");
                assertTrue(!next.isBefore(last), next + " before " + last);
                last = next;
            }
            in.send(41);        // nobody takes the result yet: the worker pulses while it waits
            for (int k = 0; k < 3; k++) {
                recv(b.heartbeat(), "pulse " + k + " while the result waits");
            }
            assertEquals(42, recv(b.results(), "the result"));
            ctx.cancel();
            closed(b.results(), "results after cancel");
            closed(b.heartbeat(), "heartbeat after cancel");
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** The book's unhealthy worker: stuck inside a unit, it stops beating; the listener notices. */
    @Test
    void noPulseWhileStuckInsideAUnit() {
        var before = GoroutineLeaks.snapshot();
        Chan<Boolean> entered = Chan.make(1), release = Chan.make();
        var b = Heartbeat.every(Context.background(), PULSE, feed(1), x -> {
            entered.send(true);
            release.recv();
            return x;
        });
        recv(entered, "the worker to enter its unit");
        b.heartbeat().tryRecv();        // a pulse sent before it entered
        quietFor(b.heartbeat(), PULSE.multipliedBy(20), "a pulse from a worker stuck in its unit");
        release.send(true);
        recv(b.heartbeat(), "pulses again while the result waits");
        assertEquals(1, recv(b.results(), "the result"));
        assertEquals(0, closed(b.results(), "results"));
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void pulsesNobodyReadsAreDroppedNotWaitedFor() {
        var before = GoroutineLeaks.snapshot();
        Chan<Integer> in = Chan.make();
        var b = Heartbeat.every(Context.background(), Duration.ofNanos(100_000), in, x -> x);
        for (int i = 0; i < 200; i++) {
            in.send(i);
            assertEquals(i, recv(b.results(), "result " + i));
        }
        in.close();
        assertEquals(0, closed(b.results(), "results"));
        assertTrue(closed(b.heartbeat(), "heartbeat") <= 1, "a buffer of one pulse at most");
        StageStats s = StageStats.of(b.results()).orElseThrow();
        assertEquals(200, s.items());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void cancellingWhileAResultWaitsDropsItAndClosesBoth() {
        var before = GoroutineLeaks.snapshot();
        for (boolean interval : new boolean[] {true, false}) {
            CancelContext ctx = Context.withCancel(Context.background());
            Chan<Integer> in = Chan.make(2);
            in.send(1);
            in.send(2);
            Chan<Boolean> tookTwo = Chan.make(1);
            Function<Integer, Integer> work = x -> {
                if (x == 2) {
                    tookTwo.send(true);
                }
                return x;
            };
            var b = interval ? Heartbeat.every(ctx, PULSE, in, work) : Heartbeat.perUnit(ctx, in, work);
            assertEquals(1, recv(b.results(), "the first result"));
            recv(b.heartbeat(), "a pulse");
            recv(tookTwo, "the worker to take unit 2");     // its result now waits for a taker
            ctx.cancel();
            // Nobody receives until the drop is counted: with a receiver waiting, the worker's select
            // could pick the send as well as ctx.done(), as Go's would.
            StageStats s = StageStats.of(b.results()).orElseThrow();
            until("the waiting result to be dropped", () -> s.dropped() == 1);
            assertFalse(recvOk(b.results(), "results after cancel").ok(), "the waiting result is dropped, not sent");
            assertEquals(1, s.items());
            closed(b.heartbeat(), "heartbeat after cancel");
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void nullResultsAreSkippedAndAThrowingUnitEndsTheWorker() {
        var before = GoroutineLeaks.snapshot();
        var b = Heartbeat.perUnit(Context.background(), feed(1, 2, 3), x -> x == 2 ? null : x);
        List<Integer> got = new ArrayList<>();
        for (Integer r : b.results()) {
            got.add(r);
        }
        assertEquals(List.of(1, 3), got);

        AtomicReference<Throwable> panic = new AtomicReference<>();
        PanicHandler previous = Goroutine.setPanicHandler((g, t) -> panic.set(t));
        try {
            var b2 = Heartbeat.every(Context.background(), PULSE, feed(1, 2), x -> {
                if (x == 2) {
                    throw new IllegalStateException("unit 2 failed");
                }
                return x;
            });
            assertEquals(1, recv(b2.results(), "result 1"));
            assertEquals(0, closed(b2.results(), "results after the failure"));
            closed(b2.heartbeat(), "heartbeat after the failure");
            until("the panic to be reported", () -> panic.get() != null);
            assertEquals("unit 2 failed", panic.get().getMessage());
        } finally {
            Goroutine.setPanicHandler(previous);
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void misuse() {
        Chan<Integer> in = Chan.make();
        var e = assertThrows(IllegalArgumentException.class, () -> Heartbeat.every(Context.background(), Duration.ZERO, in, x -> x));
        assertEquals("Heartbeat.every: non-positive interval PT0S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Heartbeat.every(Context.background(), Duration.ofMillis(-1), in, x -> x));
        assertThrows(NullPointerException.class, () -> Heartbeat.every(null, PULSE, in, x -> x));
        assertThrows(NullPointerException.class, () -> Heartbeat.every(Context.background(), null, in, x -> x));
        assertThrows(NullPointerException.class, () -> Heartbeat.every(Context.background(), PULSE, null, x -> x));
        assertThrows(NullPointerException.class, () -> Heartbeat.every(Context.background(), PULSE, in, null));
        assertThrows(NullPointerException.class, () -> Heartbeat.perUnit(null, in, x -> x));
        assertThrows(NullPointerException.class, () -> Heartbeat.perUnit(Context.background(), null, x -> x));
        assertThrows(NullPointerException.class, () -> Heartbeat.perUnit(Context.background(), in, null));
        assertThrows(NullPointerException.class, () -> new Heartbeat.Beating<>(null, in));
    }
}
