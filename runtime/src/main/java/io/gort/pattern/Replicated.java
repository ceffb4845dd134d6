package io.gort.pattern;

import io.gort.Go;
import io.gort.Time;
import io.gort.Timer;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replicated requests, from "Concurrency in Go" (ch.5): the same request runs on {@code n}
 * goroutines at once; the first answer wins and the others are cancelled. It trades resources for
 * latency: the answer comes as fast as the fastest replica.
 *
 * <pre>{@code
 * Replicated.Answer<Page> a = Replicated.first(ctx, 3, c -> fetch(c, url));
 * render(a.value());      // a.replica() says which of the three answered first
 * }</pre>
 *
 * <p>Each replica gets its own view of one derived context, cancelled as soon as a winner is known,
 * when the caller's {@code ctx} is done, or when every replica failed; a request that honours its
 * context then stops. No replica goroutine can block after the call: each has a slot for its
 * outcome in a channel of capacity {@code n}, so a loser's late answer or failure is put there and
 * forgotten, and its goroutine ends when its request returns. The call does not wait for the
 * losers (that would give back the latency the replicas bought).
 *
 * <p>If every replica throws, {@link AllFailedException} is thrown: its cause is the first failure,
 * the others are suppressed, in the order they happened. If {@code ctx} is done before an answer,
 * {@code ctx.err()} is thrown. A replica may answer null; that is an answer like any other.
 *
 * <p>Memory model: the winning replica's {@code call} returning happens-before {@code first}
 * returns its answer.
 */
public final class Replicated {
    /*
     * Design: the book's doWork loop, with the `done` channel replaced by a derived CancelContext
     * and the result channel made with capacity n (the book's unbuffered result channel plus
     * select-on-done does the same for losers, but a buffered slot per replica means a replica
     * never waits at all, and failures travel on the same channel). The caller's loop selects on
     * the outcomes and on ctx.done(), and cancels the derived context in `finally`, on every exit.
     * State: outcomes — the channel (n slots, so at most n sends, none waits);  replicaCtx — shared
     *   by the replicas, cancelled once by the caller.
     * Ordering pairs: a replica's outcomes.send (after call() returned) <-> the caller's receive;
     *   the caller's replicaCtx.cancel() <-> each replica's observation of ctx.done() / err().
     */

    private Replicated() { }

    /** A request that can be replicated: it gets a context to honour and returns an answer or throws. */
    @FunctionalInterface
    public interface Request<T> {
        T call(Context ctx) throws Exception;
    }

    /** The winning answer and the index of the replica that gave it (0 .. n-1). */
    public record Answer<T>(T value, int replica) { }

    /** Thrown by {@link #first} when every replica failed: cause = the first failure, the rest suppressed. */
    public static final class AllFailedException extends RuntimeException {
        private final int replicas;

        AllFailedException(int replicas, List<Throwable> failures) {
            super("all " + replicas + " replicas failed", failures.getFirst());
            this.replicas = replicas;
            for (int i = 1; i < failures.size(); i++) {
                addSuppressed(failures.get(i));
            }
        }

        /** How many replicas ran (and failed). */
        public int replicas() {
            return replicas;
        }
    }

    private record Outcome(int replica, Object value, Throwable failure) { }

    /**
     * Runs {@code request} on {@code n} goroutines and returns the first answer; cancels the others.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     * @throws AllFailedException if every replica threw
     * @throws io.gort.context.ContextException {@code ctx.err()} if ctx was done before an answer
     */
    @SuppressWarnings("unchecked")
    public static <T> Answer<T> first(Context ctx, int n, Request<? extends T> request) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(request, "request");
        if (n < 1) {
            throw new IllegalArgumentException("Replicated.first: need at least 1 replica, got " + n);
        }
        ctx.throwIfDone();
        Chan<Outcome> outcomes = Chan.make(n);
        CancelContext replicaCtx = Context.withCancel(ctx);
        try {
            for (int i = 0; i < n; i++) {
                spawn(i, request, replicaCtx, outcomes);
            }
            List<Throwable> failures = new ArrayList<>();
            for (int received = 0; received < n; received++) {
                Outcome o = Select.select(outcomes.onRecv(), ctx.done().onRecv(x -> null));
                if (o == null) {
                    throw ctx.err();
                }
                if (o.failure == null) {
                    return new Answer<>((T) o.value, o.replica);
                }
                // A replica failing because ctx ended (its context is ctx's child) is ctx's doing:
                // report ctx.err(), as the select would have had it picked ctx.done() first.
                ctx.throwIfDone();
                failures.add(o.failure);
            }
            throw new AllFailedException(n, failures);
        } finally {
            replicaCtx.cancel();
        }
    }

    private static <T> void spawn(int replica, Request<? extends T> request, Context replicaCtx, Chan<Outcome> outcomes) {
        Go.spawn("Replicated#" + replica, () -> {
            Outcome o;
            try {
                o = new Outcome(replica, request.call(replicaCtx), null);
            } catch (Throwable t) {
                o = new Outcome(replica, null, t);
            }
            outcomes.send(o);       // never waits: one slot per replica
        });
    }

    private static final Object START_NEXT = new Object(), CTX_DONE = new Object();

    /**
     * Hedged requests (Dean and Barroso, "The Tail at Scale", 2013): as {@link #first}, but replicas
     * start one after another: replica 0 at once, and each next one when {@code delay} has passed
     * without an answer since the previous start, or at once when every replica started so far has
     * failed. At most {@code n} run. With a delay near the request's usual latency, most calls cost
     * one request and the slow tail is cut by the second.
     *
     * @throws IllegalArgumentException if {@code n < 1} or {@code delay} is negative
     * @throws AllFailedException if every replica threw
     * @throws io.gort.context.ContextException {@code ctx.err()} if ctx was done before an answer
     */
    @SuppressWarnings("unchecked")
    public static <T> Answer<T> hedged(Context ctx, int n, Duration delay, Request<? extends T> request) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(request, "request");
        if (n < 1) {
            throw new IllegalArgumentException("Replicated.hedged: need at least 1 replica, got " + n);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("Replicated.hedged: negative delay " + delay);
        }
        ctx.throwIfDone();
        Chan<Outcome> outcomes = Chan.make(n);
        CancelContext replicaCtx = Context.withCancel(ctx);
        Timer next = Time.newTimer(delay);
        try {
            spawn(0, request, replicaCtx, outcomes);
            int started = 1;
            List<Throwable> failures = new ArrayList<>();
            while (failures.size() < n) {
                Receiver<Instant> timer = started < n ? next.c() : Chan.nil();
                Object r = Select.select(outcomes.onRecv(o -> (Object) o), timer.onRecv(t -> START_NEXT),
                        ctx.done().onRecv(x -> CTX_DONE));
                if (r == CTX_DONE) {
                    throw ctx.err();
                }
                if (r == START_NEXT) {
                    spawn(started++, request, replicaCtx, outcomes);
                    next.reset(delay);
                    continue;
                }
                Outcome o = (Outcome) r;
                if (o.failure == null) {
                    return new Answer<>((T) o.value, o.replica);
                }
                ctx.throwIfDone();
                failures.add(o.failure);
                if (failures.size() == started && started < n) {     // all running ones failed: do not wait
                    spawn(started++, request, replicaCtx, outcomes);
                    next.reset(delay);
                }
            }
            throw new AllFailedException(n, failures);
        } finally {
            next.stop();
            replicaCtx.cancel();
        }
    }
}
