package io.gort.pattern;

import io.gort.Go;
import io.gort.chan.Case;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The channel patterns of "Concurrency in Go" ch. 4: the or-channel, or-done, tee, bridge, fan-in
 * and fan-out. Each is a function that starts its goroutines and returns the channel(s) it sends
 * on; each (but {@link #or}, which has no context) ends its goroutines and closes its output when
 * its input closes or {@code ctx} is done, also while waiting to send to a consumer that stopped
 * reading. The rules of {@link Pipeline} hold here too: panics of user functions, the counters
 * ({@link StageStats}), what happens to an item in hand at cancellation, nulls.
 */
public final class Channels {
    private Channels() { }

    // ---- or-channel -------------------------------------------------------------------------------

    /**
     * The book's or-channel: a channel closed as soon as any of {@code dones} is closed (or delivers a
     * value, which is then consumed, as the book's receive would). It never carries a value, so it
     * composes with {@link Context#done()} and with itself.
     *
     * <p>The book's version recurses, starting about n/2 goroutines; this one starts at most one,
     * which waits in a single select over all the inputs and ends, closing the output, when the
     * first fires. None is started when there is no input (the result is the nil channel, never
     * closed, as the book returns nil) or when an input is already closed (the result is closed at
     * once). Like the book's, it has no way to be abandoned: if no input ever closes, its goroutine
     * waits for ever, so give it one that will ({@code ctx.done()}).
     *
     * @throws NullPointerException if {@code dones} or one of its elements is null
     */
    public static Receiver<Void> or(Receiver<?>... dones) {
        Objects.requireNonNull(dones, "dones");
        Case<?>[] cases = new Case<?>[dones.length];
        for (int i = 0; i < dones.length; i++) {
            cases[i] = Objects.requireNonNull(dones[i], "dones[" + i + "]").onRecv(x -> null);
        }
        if (dones.length == 0) {
            return Chan.nil();
        }
        Chan<Void> out = Chan.make();
        StageStats stats = StageStats.register("or", out);
        for (Receiver<?> d : dones) {
            if (d.tryRecv() != null) {   // closed (or a value): fire now, without a goroutine
                out.close();
                stats.item(0);
                return out;
            }
        }
        Go.spawn(stats.name(), () -> {
            try {
                Select.select(cases);
                stats.item(0);
            } finally {
                out.close();
            }
        });
        return out;
    }

    /** {@link #or(Receiver[])} over a list. */
    public static Receiver<Void> or(List<? extends Receiver<?>> dones) {
        Objects.requireNonNull(dones, "dones");
        return or(dones.toArray(new Receiver<?>[0]));
    }

    // ---- or-done ----------------------------------------------------------------------------------

    /**
     * The book's {@code orDone(done, c)}: passes on the values of {@code in} until it closes or ctx is
     * done, so that a consumer can write a plain {@code for (T v : orDone(ctx, in))} loop and still
     * stop at cancellation.
     */
    public static <T> Receiver<T> orDone(Context ctx, Receiver<? extends T> in) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        return orDone(ctx, in, 0, "orDone");
    }

    static <T> Receiver<T> orDone(Context ctx, Receiver<? extends T> in, int capacity, String kind) {
        Stage<T> s = Stage.of(kind, ctx, capacity, 1);
        s.go(() -> forward(s, Pipeline.widen(in)));
        return s.out;
    }

    /** Sends everything from {@code in} on the stage's output until in closes or ctx is done. */
    private static <T> void forward(Stage<T> s, Receiver<T> in) {
        StageStats st = s.stats;
        Case<T> inCase = Stage.recvCase(in), doneCase = s.doneOnRecv();
        T v;
        while ((v = s.recv(in, inCase, doneCase)) != null) {
            long t = st.begin();
            if (!s.emit(v)) {
                return;
            }
            st.item(t);
        }
    }

    // ---- tee --------------------------------------------------------------------------------------

    /**
     * The book's {@code tee(done, in)}: every value of {@code in} is sent on both outputs, in
     * whichever order their readers take it, and the next value is received only once both have
     * (so the slower reader sets the pace). Both outputs close when {@code in} closes or ctx is done;
     * a value delivered to one output only when ctx is done counts as dropped. The counters are
     * registered under the returned {@link Tee}.
     */
    public static <T> Tee<T> tee(Context ctx, Receiver<? extends T> in) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        Chan<T> second = Chan.make();
        Stage<T> s = Stage.of("tee", ctx, 0, 1, first -> new Tee<>(first, second));
        Tee<T> tee = new Tee<>(s.out, second);
        Go.spawn(s.stats.name(), () -> {
            try {
                teeLoop(s, Pipeline.widen(in), second);
            } finally {
                second.close();
                s.finish();
            }
        });
        return tee;
    }

    private static <T> void teeLoop(Stage<T> s, Receiver<T> in, Chan<T> second) {
        StageStats st = s.stats;
        Case<T> inCase = Stage.recvCase(in), doneCase = s.doneOnRecv();
        Case<Integer> onDone = s.done.onRecv(x -> 0);
        T v;
        while ((v = s.recv(in, inCase, doneCase)) != null) {
            long t = st.begin();
            if (s.ctx.err() != null) {
                st.drop();
                return;
            }
            // Go:  for i := 0; i < 2; i++ { select { case <-done: case out1 <- v: out1 = nil; case out2 <- v: out2 = nil } }
            Chan<T> o1 = s.out.trySend(v) ? Chan.nil() : s.out;
            Chan<T> o2 = second.trySend(v) ? Chan.nil() : second;
            int left = (o1 == s.out ? 1 : 0) + (o2 == second ? 1 : 0);
            while (left > 0) {
                int which = Select.select(o1.onSend(v, () -> 1), o2.onSend(v, () -> 2), onDone);
                if (which == 0) {
                    st.drop();
                    return;
                }
                if (which == 1) {
                    o1 = Chan.nil();
                } else {
                    o2 = Chan.nil();
                }
                left--;
            }
            st.item(t);
        }
    }

    // ---- bridge -----------------------------------------------------------------------------------

    /**
     * The book's {@code bridge(done, chanStream)}: flattens a channel of channels into one channel,
     * draining each inner channel in turn until it closes before taking the next, so values keep
     * their order. Closes when {@code chanStream} closes (after its last inner channel closed) or
     * ctx is done. One goroutine, where the book's starts an orDone per inner channel.
     */
    public static <T> Receiver<T> bridge(Context ctx, Receiver<? extends Receiver<? extends T>> chanStream) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(chanStream, "chanStream");
        Stage<T> s = Stage.of("bridge", ctx, 0, 1);
        s.go(() -> {
            Receiver<Receiver<? extends T>> streams = Pipeline.widen(chanStream);
            Case<Receiver<? extends T>> streamCase = Stage.recvCase(streams), doneCase = s.doneOnRecv();
            Receiver<? extends T> stream;
            while ((stream = s.recv(streams, streamCase, doneCase)) != null) {
                forward(s, Pipeline.widen(stream));
                if (s.ctx.err() != null) {
                    return;
                }
            }
        });
        return s.out;
    }

    // ---- fan-in -----------------------------------------------------------------------------------

    /**
     * The book's fan-in ({@code fanIn(done, channels...)}, its {@code merge}): one channel carrying the
     * values of all of {@code ins}, each input's in its order, interleaved in no defined order;
     * closed when every input has closed, or ctx is done. One forwarding goroutine per input, the
     * last to end closes the output (the book adds a goroutine that waits on a WaitGroup to close it).
     * No inputs: a closed channel.
     */
    @SafeVarargs
    public static <T> Receiver<T> fanIn(Context ctx, Receiver<? extends T>... ins) {
        Objects.requireNonNull(ins, "ins");
        return fanIn(ctx, List.of(ins));
    }

    /** {@link #fanIn(Context, Receiver[])} over a list. */
    public static <T> Receiver<T> fanIn(Context ctx, List<? extends Receiver<? extends T>> ins) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(ins, "ins");
        List<Receiver<T>> inputs = new ArrayList<>(ins.size());
        for (Receiver<? extends T> in : ins) {
            inputs.add(Pipeline.widen(Objects.requireNonNull(in, "fanIn: null input")));
        }
        Stage<T> s = Stage.of("fanIn", ctx, 0, inputs.size());
        if (inputs.isEmpty()) {
            s.out.close();
        }
        for (Receiver<T> in : inputs) {
            s.go(() -> forward(s, in));
        }
        return s.out;
    }

    // ---- fan-out ----------------------------------------------------------------------------------

    /**
     * The book's fan-out: {@code workers} goroutines each take values from {@code in} and send {@code
     * fn(v)} on the one output, in whichever order they finish. At most {@code workers} calls of
     * {@code fn} run at once. Closes when {@code in} has closed and every worker is done, or ctx is
     * done. A panic in {@code fn} ends the whole stage: the other workers stop (what they hold is
     * dropped) and the output closes; the panic goes to the panic handler.
     *
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    public static <T, R> Receiver<R> fanOut(Context ctx, Receiver<? extends T> in, int workers,
                                            Function<? super T, ? extends R> fn) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(fn, "fn");
        checkWorkers(workers);
        CancelContext stage = Context.withCancel(ctx);   // a panic cancels it: the other workers stop
        Stage<R> s = Stage.of("fanOut", stage, 0, workers);
        s.onLastExit(stage::cancel);   // Go's defer cancel(): the derived context ends with the stage
        Receiver<T> src = Pipeline.widen(in);
        Runnable cancelStage = stage::cancel;
        for (int i = 0; i < workers; i++) {
            s.go(() -> {
                StageStats st = s.stats;
                Case<T> inCase = Stage.recvCase(src), doneCase = s.doneOnRecv();
                try {
                    T v;
                    while ((v = s.recv(src, inCase, doneCase)) != null) {
                        long t = st.begin();
                        if (!s.emit(Stage.notNull(fn.apply(v), "fanOut: fn returned null"))) {
                            return;
                        }
                        st.item(t);
                    }
                } catch (Throwable panic) {
                    cancelStage.run();
                    throw panic;
                }
            });
        }
        return s.out;
    }

    /**
     * {@link #fanOut} that keeps the order: the outputs come in the order of their inputs, though up
     * to {@code workers} calls of {@code fn} run at once. A dispatcher goroutine hands each value to
     * a worker and queues a one-value result slot for it; a collector goroutine takes the slots in
     * queue order and sends each result when it is ready. At most {@code workers} values are in
     * flight beyond the one the collector waits for, so a slow call holds back the others' results
     * (head-of-line blocking), never their bound. A panic in {@code fn} ends the stage: the output
     * closes after the results before it, the other goroutines stop.
     *
     * @throws IllegalArgumentException if {@code workers < 1}
     */
    public static <T, R> Receiver<R> fanOutOrdered(Context ctx, Receiver<? extends T> in, int workers,
                                                   Function<? super T, ? extends R> fn) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(fn, "fn");
        checkWorkers(workers);
        return OrderedFanOut.start(ctx, Pipeline.widen(in), workers, fn);
    }

    static void checkWorkers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("fanOut: workers must be at least 1, got " + workers);
        }
    }
}
