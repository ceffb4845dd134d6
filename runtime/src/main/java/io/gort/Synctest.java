package io.gort;

import io.gort.sched.DeterministicScheduler;
import io.gort.sched.Goroutine;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Go's {@code testing/synctest} (Go 1.24/1.25) with replayable interleavings: {@link #run} runs a
 * test body in a <em>bubble</em> whose goroutines run one at a time on one carrier, in an order
 * chosen by a seeded random source, against a virtual clock.
 *
 * <pre>{@code
 * // Go: synctest.Test(t, func(t *testing.T) { ... synctest.Wait() ... })
 * Synctest.Result r = Synctest.run(17, () -> {
 *     Chan<String> c = Chan.make();
 *     Go.spawn(() -> { Go.sleep(Duration.ofHours(1)); c.send("late"); });
 *     assertEquals("late", c.recv());                    // returns at once, in real time
 *     assertEquals(Synctest.EPOCH.plus(Duration.ofHours(1)), Time.now());
 * });
 * }</pre>
 *
 * <p><b>The bubble</b> (Go's words). The body runs as the bubble's first goroutine; goroutines
 * it spawns ({@link Go#spawn}, {@code WaitGroup.go}, errgroup, the patterns) and functions
 * started by the bubble's timers ({@link Time#afterFunc}, a context's deadline) are in the bubble
 * too. {@link #run} returns when every goroutine of the bubble has exited.
 * <ul>
 *   <li><b>Time</b>: inside a bubble {@link Time#now()} starts at {@link #EPOCH}
 *       (2000-01-01T00:00:00Z), and {@link Go#sleep}, {@link Time#after}, {@link Time#newTimer},
 *       {@link Time#newTicker}, {@link Time#afterFunc} and context deadlines use the bubble's
 *       virtual clock. Time moves only when every goroutine of the bubble is <em>durably
 *       blocked</em> (parked in a gort primitive: channel, select, sync, sleep, WaitGroup); it then
 *       jumps to the next timer's deadline. A test that sleeps an hour takes milliseconds.</li>
 *   <li><b>Interleaving</b>: one carrier thread runs the goroutines one at a time; when a
 *       goroutine parks, yields ({@link Go#yield}) or ends, the next one is picked from the
 *       runnable ones by a random source seeded with {@code seed}. Select's random choice among
 *       ready cases and the Mutex's starvation clock come from the bubble too. The same seed and
 *       the same body give the same {@link Result#trace()} and the same output, run after run.
 *       gort switches goroutines only at blocking calls and yields: to explore the interleavings
 *       of plain memory accesses, put {@link Go#yield()} where a preemption may happen.</li>
 *   <li><b>Deadlock</b>: when every goroutine of the bubble is durably blocked and no timer is
 *       pending, run throws {@link DeadlockError} "deadlock: all goroutines in bubble are blocked"
 *       (or "... main bubble goroutine has exited but blocked goroutines remain") with a
 *       goroutine dump of the bubble.</li>
 * </ul>
 *
 * <p><b>Not deterministic</b> (the run still works, but where these wake-ups land depends on
 * real time; {@link Result#externalWakeups()} counts them): goroutines woken by a thread outside
 * the bubble — socket I/O, {@code Thread.sleep} or a plain {@code LockSupport.park} (use
 * {@link Go#sleep}). While a goroutine of the bubble is parked outside gort's primitives it is not
 * durably blocked: time does not move and no deadlock is reported. <b>Unlike Go</b>, channels and
 * timers are not associated with a bubble: a goroutine of the bubble parked in a gort primitive
 * (a channel shared with a goroutine outside the bubble, a global-clock timer, a
 * {@code Semaphore.acquire} with a real-time timeout) counts as durably blocked, so time jumps past
 * it and, with nothing else pending, the bubble is reported deadlocked and its goroutines are
 * interrupted, even though the outside would have woken it. Keep what the bubble waits on inside
 * it. <b>No preemption</b>: a goroutine that loops without blocking or
 * yielding keeps the carrier, and the others never run (Go's synctest preempts it).
 *
 * <p>Memory model: everything the bubble's goroutines did happens-before {@link #run} returns
 * (they all ran on the carrier thread, which run joins).
 */
public final class Synctest {
    private Synctest() { }

    /** Where a bubble's clock starts: 2000-01-01T00:00:00Z (Go's synctestBaseTime). */
    public static final Instant EPOCH = VirtualClock.EPOCH;

    /** The seed {@link #run(Runnable)} uses. */
    public static final long DEFAULT_SEED = 0;

    /**
     * How a bubble ran: its seed; the trace (the bubble-local number of the goroutine run at each
     * step: 1 is the body, then in spawn order); the steps (goroutine runs); the goroutines the
     * bubble had; the virtual time that passed; and how many wake-ups came from outside the
     * bubble (0 for a replayable run).
     */
    public record Result(long seed, List<Integer> trace, long steps, int goroutines, Duration elapsed,
                         long externalWakeups) {
        @Override
        public String toString() {
            return "Synctest.Result[seed=" + seed + " steps=" + steps + " goroutines=" + goroutines
                    + " elapsed=" + elapsed + " externalWakeups=" + externalWakeups + "]";
        }
    }

    /** A bubble deadlocked: Go's panic text, then the goroutine dump of the bubble. */
    public static final class DeadlockError extends AssertionError {
        private final long seed;
        private final String reason;
        private final String dump;

        DeadlockError(long seed, String reason, String dump) {
            super(reason + " (synctest seed " + seed + ")\n\n" + dump);
            this.seed = seed;
            this.reason = reason;
            this.dump = dump;
        }

        /** Go's words: {@code deadlock: all goroutines in bubble are blocked}. */
        public String reason() {
            return reason;
        }

        /** The bubble's goroutines when the deadlock was found, in Go's dump format. */
        public String dump() {
            return dump;
        }

        public long seed() {
            return seed;
        }
    }

    /** {@link #run(long, Runnable)} with {@link #DEFAULT_SEED}. */
    public static Result run(Runnable body) {
        return run(DEFAULT_SEED, body);
    }

    /**
     * Runs {@code body} in a new bubble whose schedule is chosen by {@code seed}, and waits until
     * every goroutine of the bubble has exited (Go's {@code synctest.Test}). What the body or any
     * goroutine of the bubble throws is rethrown here (the first one; a Go panic ends the test),
     * after the bubble has ended.
     *
     * @throws DeadlockError if every goroutine of the bubble became durably blocked with no timer
     *         pending; the bubble's goroutines are then interrupted (most gort waits end), and any
     *         that stay parked (a Mutex.lock ignores interrupts) are left behind
     * @throws IllegalStateException "synctest.Run called from within a synctest bubble"
     * @throws UnsupportedOperationException without {@code --add-opens java.base/java.lang=ALL-UNNAMED}
     */
    public static Result run(long seed, Runnable body) {
        Objects.requireNonNull(body, "body");
        if (isInBubble()) {
            throw new IllegalStateException("synctest.Run called from within a synctest bubble");
        }
        Bubble b = new Bubble(seed);
        DeterministicScheduler.Result r = b.scheduler.run(body);
        Throwable failure = r.failure();
        if (failure != null) {
            if (r.deadlock() != null) {
                failure.addSuppressed(new DeadlockError(seed, r.deadlock(), r.dump()));
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(failure);   // a sneaky checked exception
        }
        if (r.deadlock() != null) {
            throw new DeadlockError(seed, r.deadlock(), r.dump() == null ? "" : r.dump());
        }
        return new Result(seed, Arrays.stream(r.trace()).boxed().toList(), r.steps(), r.goroutines(),
                Duration.ofNanos(b.clock.nanoTime()), r.externalWakeups());
    }

    /**
     * Go's {@code synctest.Wait}: waits until every other goroutine of the caller's bubble is
     * durably blocked or has exited. Does not move the clock.
     *
     * @throws IllegalStateException "goroutine is not in a bubble", or "wait already in progress"
     *         when another goroutine of the bubble is waiting
     */
    public static void await() {
        DeterministicScheduler d = DeterministicScheduler.current();
        if (d == null) {
            throw new IllegalStateException("goroutine is not in a bubble");
        }
        d.await();
    }

    /** True if the caller is a goroutine of a bubble (Go's {@code internal/synctest.IsInBubble}). */
    public static boolean isInBubble() {
        return DeterministicScheduler.current() != null;
    }

    /** The goroutines of the caller's bubble that are alive (for tests); empty outside a bubble. */
    public static List<Goroutine> goroutines() {
        DeterministicScheduler d = DeterministicScheduler.current();
        return d == null ? List.of() : d.goroutines();
    }
}
