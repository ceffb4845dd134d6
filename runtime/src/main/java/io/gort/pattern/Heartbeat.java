package io.gort.pattern;

import io.gort.Go;
import io.gort.Time;
import io.gort.Ticker;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * The heartbeats of "Concurrency in Go" (ch.5, "Heartbeats"): a worker goroutine that, besides its
 * results, tells the world it is alive.
 *
 * <ul>
 *   <li>{@link #every}: <em>interval</em> heartbeats — the worker pulses every {@code interval}
 *       while it waits for work or for someone to take its result (the book's {@code doWork(done,
 *       pulseInterval)}). A listener that sees no pulse for a few intervals knows the worker is stuck
 *       inside a unit of work, or gone.
 *   <li>{@link #perUnit}: a pulse <em>before each unit</em> of work (the book's second form). A test
 *       can wait for the first pulse to know the worker has started, and then assert on results
 *       without timeouts that depend on scheduling (the book's deterministic-test trick).
 * </ul>
 *
 * <p>A pulse never blocks the worker: the heartbeat channel has a buffer of one, and a pulse that
 * finds it full is dropped (the book's {@code select { case heartbeat <- struct{}{}: default: }}).
 * A pulse carries the time it was sent ({@link Time#now()}).
 *
 * <p>Both return a {@link Beating}: the heartbeat and the results. Both channels are closed when the
 * worker ends: when its input closes, when the context is done, or when the work function throws
 * (the exception then goes to the goroutine's panic handler, as an uncaught panic would). A work
 * function that returns null produces no result for that input (channels carry no nulls).
 *
 * <pre>{@code
 * Heartbeat.Beating<Integer> w = Heartbeat.every(ctx, Duration.ofSeconds(1), jobs, Job::run);
 * while (true) {
 *     String s = Select.select(
 *             w.heartbeat().onRecvOk((t, ok) -> ok ? "pulse" : "gone"),
 *             w.results().onRecvOk((r, ok) -> ok ? "result " + r : "gone"),
 *             Time.after(Duration.ofSeconds(2)).onRecv(t -> "unhealthy"));
 *     ...
 * }
 * }</pre>
 */
public final class Heartbeat {
    /*
     * Design: the book's loops, one goroutine per worker. Interval: the worker's every wait is a
     * select that also has the ticker's case, so it pulses while waiting for input and while
     * waiting for the consumer to take a result (the book's sendResult inner loop); it cannot pulse
     * while inside work.apply — which is what makes a stuck unit visible. Per-unit: one pulse
     * before each unit, none while waiting.
     * Deviation from the book: the heartbeat channel has a buffer of one in both forms (the
     * book's interval form is unbuffered), so a listener that starts listening a moment late still
     * finds the most recent (well, the first unread) pulse; pulses are still never waited for.
     * The ticker is stopped and both channels are closed in `finally`, so no timer and no goroutine
     * outlives the worker.
     */

    private Heartbeat() { }

    /** What a heartbeating worker returns: its heartbeat and its results. */
    public record Beating<R>(Receiver<Instant> heartbeat, Receiver<R> results) {
        public Beating {
            Objects.requireNonNull(heartbeat, "heartbeat");
            Objects.requireNonNull(results, "results");
        }
    }

    /**
     * Sends a pulse on {@code heartbeat} if it can do so at once; drops it otherwise (the book's
     * {@code sendPulse}). For wards and workers written by hand.
     *
     * @return true if the pulse was sent
     */
    public static boolean pulse(Chan<Instant> heartbeat) {
        return heartbeat.trySend(Time.now());
    }

    /**
     * Starts a worker that applies {@code work} to each item received from {@code in} and sends the
     * result, pulsing every {@code interval} while it waits (for input, or for its result to be
     * taken).
     *
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public static <I, R> Beating<R> every(Context ctx, Duration interval, Receiver<I> in,
                                          Function<? super I, ? extends R> work) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(work, "work");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("Heartbeat.every: non-positive interval " + interval);
        }
        Chan<Instant> heartbeat = Chan.make(1);
        Chan<R> results = Chan.make();
        StageStats stats = StageStats.register("heartbeat", results);
        Go.spawn("Heartbeat.every", () -> {
            Ticker pulse = Time.newTicker(interval);
            try {
                while (true) {
                    Object got = Select.select(
                            ctx.done().onRecv(x -> DONE),
                            pulse.c().onRecv(t -> PULSE),
                            in.onRecvOk((v, ok) -> ok ? new Item<>(v) : DONE));
                    if (got == DONE) {
                        return;
                    }
                    if (got == PULSE) {
                        pulse(heartbeat);
                        continue;
                    }
                    @SuppressWarnings("unchecked") I v = ((Item<I>) got).value;
                    long t = stats.begin();
                    R r = work.apply(v);
                    if (r == null) {
                        continue;
                    }
                    // The book's sendResult: keep pulsing while the result waits for a taker.
                    while (true) {
                        Object sent = Select.select(
                                ctx.done().onRecv(x -> DONE),
                                pulse.c().onRecv(x -> PULSE),
                                results.onSend(r, () -> SENT));
                        if (sent == DONE) {
                            stats.drop();
                            return;
                        }
                        if (sent == SENT) {
                            stats.item(t);
                            break;
                        }
                        pulse(heartbeat);
                    }
                }
            } finally {
                pulse.stop();
                results.close();
                heartbeat.close();
            }
        });
        return new Beating<>(heartbeat, results);
    }

    /**
     * Starts a worker that, for each item received from {@code in}, first pulses, then applies
     * {@code work} and sends the result.
     */
    public static <I, R> Beating<R> perUnit(Context ctx, Receiver<I> in, Function<? super I, ? extends R> work) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(work, "work");
        Chan<Instant> heartbeat = Chan.make(1);
        Chan<R> results = Chan.make();
        StageStats stats = StageStats.register("heartbeat", results);
        Go.spawn("Heartbeat.perUnit", () -> {
            try {
                while (true) {
                    Object got = Select.select(
                            ctx.done().onRecv(x -> DONE),
                            in.onRecvOk((v, ok) -> ok ? new Item<>(v) : DONE));
                    if (got == DONE) {
                        return;
                    }
                    @SuppressWarnings("unchecked") I v = ((Item<I>) got).value;
                    pulse(heartbeat);
                    long t = stats.begin();
                    R r = work.apply(v);
                    if (r == null) {
                        continue;
                    }
                    Object sent = Select.select(ctx.done().onRecv(x -> DONE), results.onSend(r, () -> SENT));
                    if (sent == DONE) {
                        stats.drop();
                        return;
                    }
                    stats.item(t);
                }
            } finally {
                results.close();
                heartbeat.close();
            }
        });
        return new Beating<>(heartbeat, results);
    }

    private static final Object DONE = new Object(), PULSE = new Object(), SENT = new Object();

    /** A received input, boxed so that select's result can be told from the markers. */
    private record Item<I>(I value) { }
}
