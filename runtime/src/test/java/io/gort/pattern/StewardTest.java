package io.gort.pattern;

import static io.gort.pattern.ControlTesting.closed;
import static io.gort.pattern.ControlTesting.recv;
import static io.gort.pattern.ControlTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.Time;
import io.gort.Ticker;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Steward, after "Concurrency in Go" ch.5 "Healing Unhealthy Goroutines": the book's irresponsible
 * ward (never beats, restarted again and again, each old ward halted), the book's {@code doWorkFn}
 * ward behind a bridge (1 2 1 2 1 2), a healthy ward never restarted, a ward that has ended (closed
 * heartbeat) restarted once per timeout rather than spinning the steward, nesting, the steward's own
 * heartbeat, stopping by context, and misuse. Durations are the book's scaled from seconds to tens
 * of milliseconds.
 *
 * <p>Ported from the book's code, github.com/kat-co/concurrency-in-go-src at commit {@code 079a907dc382}:
 * {@code concurrency-at-scale/healing-unhealthy-goroutines/fig-example-steward-usage.go} ({@link
 * #irresponsibleWardIsRestartedAndEveryOldWardHalts}: the log lines are the book's; instead of stopping
 * after 9 s the test stops after two restarts) and {@code fig-more-complicated-ward.go} ({@link
 * #doWorkFnWardBehindABridge}: the book's 1 ms timeout is 100 ms here, so that a loaded machine does not
 * restart a healthy ward in the middle of its list; its output "Received: 1 2 1 2 1 2" is asserted).
 */
@Timeout(60)
class StewardTest {
    private static final Duration TIMEOUT = Duration.ofMillis(40);

    /** The book's irresponsible goroutine: says hello, waits for done, says it halts; returns no heartbeat. */
    @Test
    void irresponsibleWardIsRestartedAndEveryOldWardHalts() {
        var before = GoroutineLeaks.snapshot();
        Chan<String> log = Chan.make(1000);
        Ward doWork = (ctx, pulseInterval) -> {
            log.send("ward: Hello, I'm irresponsible!");
            Go.spawn(() -> {
                ctx.done().recv();
                log.send("ward: I am halting.");
            });
            return null;
        };
        Chan<Long> restarts = Chan.make(1000);
        Steward steward = new Steward(TIMEOUT, doWork, n -> {
            log.send("steward: ward unhealthy; restarting");
            restarts.send(n);
        });
        CancelContext ctx = Context.withCancel(Context.background());
        long t0 = System.nanoTime();
        Receiver<Instant> heartbeat = steward.start(ctx, Duration.ofSeconds(4));
        assertEquals(1L, recv(restarts, "the first restart"));
        assertEquals(2L, recv(restarts, "the second restart"));
        long elapsed = System.nanoTime() - t0;
        assertTrue(elapsed >= TIMEOUT.multipliedBy(2).toNanos(), "two restarts take two timeouts at least: " + elapsed);
        ctx.cancel();
        closed(heartbeat, "the steward's heartbeat");
        long started = steward.wardsStarted();
        assertEquals(steward.restarts() + 1, started);
        int hellos = 0, halts = 0, unhealthy = 0;
        List<String> lines = new ArrayList<>();
        until("every ward to halt", () -> {
            for (var r = log.tryRecv(); r != null; r = log.tryRecv()) {
                lines.add(r.value());
            }
            return lines.stream().filter(s -> s.equals("ward: I am halting.")).count() == started;
        }, () -> lines.toString());
        for (String s : lines) {
            switch (s) {
                case "ward: Hello, I'm irresponsible!" -> hellos++;
                case "ward: I am halting." -> halts++;
                case "steward: ward unhealthy; restarting" -> unhealthy++;
                default -> throw new AssertionError(s);
            }
        }
        assertEquals(started, hellos);
        assertEquals(started, halts);
        assertEquals(steward.restarts(), unhealthy);
        assertEquals("ward: Hello, I'm irresponsible!", lines.getFirst());
        GoroutineLeaks.assertNoneLeft(before);
    }

    /**
     * The book's doWorkFn: a ward that sends its values on a stream of its own, registered with a
     * bridge; it gives up on a negative value without closing its heartbeat, so the steward restarts
     * it and the bridge moves on to the new ward's stream. take 6: 1 2 1 2 1 2.
     */
    @Test
    void doWorkFnWardBehindABridge() {
        var before = GoroutineLeaks.snapshot();
        CancelContext done = Context.withCancel(Context.background());
        Chan<Receiver<Integer>> intChanStream = Chan.make();
        Receiver<Integer> intStream = bridge(done, intChanStream);
        List<Integer> intList = List.of(1, 2, -1, 3, 4, 5);
        Ward doWork = (ctx, pulseInterval) -> {
            Chan<Integer> stream = Chan.make();
            Chan<Instant> heartbeat = Chan.make(1);
            Go.spawn(() -> {
                Ticker pulse = Time.newTicker(pulseInterval);
                try {
                    Object r = Select.select(intChanStream.onSend(stream, () -> "sent"), ctx.done().onRecv(x -> "done"));
                    if (r.equals("done")) {
                        return;
                    }
                    while (true) {
                        valueLoop:
                        for (int intVal : intList) {
                            if (intVal < 0) {
                                return;     // the book: log.Printf("negative value: %v", intVal)
                            }
                            while (true) {
                                Object s = Select.select(pulse.c().onRecv(x -> "pulse"), stream.onSend(intVal, () -> "sent"),
                                        ctx.done().onRecv(x -> "done"));
                                if (s.equals("done")) {
                                    return;
                                }
                                if (s.equals("sent")) {
                                    continue valueLoop;
                                }
                                Heartbeat.pulse(heartbeat);
                            }
                        }
                    }
                } finally {
                    pulse.stop();
                    stream.close();
                }
            });
            return heartbeat;
        };
        Steward steward = new Steward(Duration.ofMillis(100), doWork);
        steward.start(done, Duration.ofHours(1));
        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            received.add(recv(intStream, "value " + i));
        }
        assertEquals(List.of(1, 2, 1, 2, 1, 2), received);
        assertTrue(steward.restarts() >= 2, "restarts: " + steward.restarts());
        done.cancel();
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** The book's bridge (ch.4), written here in a few lines so that this test does not depend on Channels. */
    private static <T> Receiver<T> bridge(Context ctx, Receiver<Receiver<T>> streams) {
        Chan<T> out = Chan.make();
        Go.spawn(() -> {
            try {
                while (true) {
                    Receiver<T> stream = Select.select(streams.onRecv(), ctx.done().onRecv(x -> null));
                    if (stream == null) {
                        return;
                    }
                    for (T v : stream) {
                        if (Select.select(out.onSend(v, () -> false), ctx.done().onRecv(x -> true))) {
                            return;
                        }
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    @Test
    void aHealthyWardIsNeverRestarted() {
        var before = GoroutineLeaks.snapshot();
        AtomicInteger pulses = new AtomicInteger();
        Ward healthy = (ctx, pulseInterval) -> {
            Chan<Instant> hb = Chan.make(1);
            Go.spawn(() -> {
                Ticker t = Time.newTicker(Duration.ofMillis(2));
                try {
                    while (Select.select(t.c().onRecv(x -> true), ctx.done().onRecv(x -> false))) {
                        Heartbeat.pulse(hb);
                        pulses.incrementAndGet();
                    }
                } finally {
                    t.stop();
                }
            });
            return hb;
        };
        Steward steward = new Steward(Duration.ofSeconds(2), healthy);
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            Receiver<Instant> hb = steward.start(ctx, Duration.ofMillis(5));
            until("50 ward pulses", () -> pulses.get() >= 50);
            recv(hb, "the steward's own pulse");
            assertEquals(0, steward.restarts());
            assertEquals(1, steward.wardsStarted());
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void anEndedWardIsRestartedOncePerTimeoutNotSpun() {
        var before = GoroutineLeaks.snapshot();
        Ward ended = (ctx, pulseInterval) -> {
            Chan<Instant> hb = Chan.make();
            hb.close();
            return hb;
        };
        Steward steward = new Steward(TIMEOUT, ended);
        long t0 = System.nanoTime();
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            steward.start(ctx, Duration.ofHours(1));
            until("three restarts", () -> steward.restarts() >= 3);
            long elapsed = System.nanoTime() - t0;
            assertTrue(elapsed >= TIMEOUT.multipliedBy(3).toNanos(), "3 restarts in " + elapsed + " ns");
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void stewardsNest() {
        var before = GoroutineLeaks.snapshot();
        Ward silent = (ctx, pulseInterval) -> null;
        Steward inner = new Steward(Duration.ofMillis(20), silent);
        Steward outer = new Steward(Duration.ofSeconds(10), inner);
        CancelContext ctx = Context.withCancel(Context.background());
        Receiver<Instant> hb = outer.start(ctx, Duration.ofMillis(5));
        until("the inner steward to restart its ward 3 times", () -> inner.restarts() >= 3);
        recv(hb, "the outer steward's pulse");
        assertEquals(0, outer.restarts(), "the inner steward beats, so it is healthy");
        ctx.cancel();
        closed(hb, "the outer heartbeat");
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void cancellingTheStewardStopsItAndItsWard() {
        var before = GoroutineLeaks.snapshot();
        Chan<Context> wardContexts = Chan.make(100);
        Ward ward = (ctx, pulseInterval) -> {
            wardContexts.send(ctx);
            return Chan.make();
        };
        Steward steward = new Steward(Duration.ofSeconds(30), ward);
        CancelContext ctx = Context.withCancel(Context.background());
        Receiver<Instant> hb = steward.start(ctx, Duration.ofMillis(1));
        Context wardCtx = recv(wardContexts, "the ward to start");
        recv(hb, "a steward pulse");
        ctx.cancel();
        closed(hb, "the steward's heartbeat");
        recvOkClosed(wardCtx.done());
        assertEquals(0, steward.restarts());
        GoroutineLeaks.assertNoneLeft(before);
    }

    private static void recvOkClosed(Receiver<Void> done) {
        assertEquals(0, closed(done, "the ward's context"));
    }

    @Test
    void misuse() {
        Ward w = (ctx, p) -> null;
        var e = assertThrows(IllegalArgumentException.class, () -> new Steward(Duration.ZERO, w));
        assertEquals("Steward: non-positive timeout PT0S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Steward(Duration.ofSeconds(-1), w));
        assertThrows(NullPointerException.class, () -> new Steward(null, w));
        assertThrows(NullPointerException.class, () -> new Steward(TIMEOUT, null));
        Steward s = new Steward(TIMEOUT, w);
        assertThrows(NullPointerException.class, () -> s.start(null, TIMEOUT));
        assertThrows(NullPointerException.class, () -> s.start(Context.background(), null));
        var e2 = assertThrows(IllegalArgumentException.class, () -> s.start(Context.background(), Duration.ofMillis(-5)));
        assertEquals("Steward: non-positive pulse interval PT-0.005S", e2.getMessage());
        assertEquals(0, s.wardsStarted(), "nothing started on misuse");
    }
}
