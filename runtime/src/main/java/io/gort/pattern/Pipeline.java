package io.gort.pattern;

import io.gort.chan.Case;
import io.gort.chan.Receiver;
import io.gort.context.Context;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The pipeline stages of "Concurrency in Go" ch. 4 ("Pipelines", "Some Handy Generators"): each is
 * a function that starts one goroutine and returns the channel it sends on, so stages compose by
 * nesting calls, as in the book:
 *
 * <pre>{@code
 * // Go:  for v := range take(done, repeatFn(done, rand), 10) { fmt.Println(v) }
 * try (CancelContext ctx = Context.withCancel(Context.background())) {
 *     for (int v : Pipeline.take(ctx, Pipeline.repeatFn(ctx, rnd::nextInt), 10)) {
 *         System.out.println(v);
 *     }
 * }
 * }</pre>
 *
 * <p><b>Ending.</b> A stage's goroutine ends, and closes its output, when its input is closed and
 * drained (a generator: when its values run out), or when {@code ctx} is done — also while it waits
 * to send to a consumer that stopped reading. A stage never drains what it no longer wants: {@link
 * #take} stops reading after {@code n} values, and the stages before it then wait until {@code ctx}
 * is done. So cancel the context when you are done with a pipeline (try-with-resources on a {@link
 * io.gort.context.CancelContext}, Go's {@code defer cancel()}); that is what ends an infinite {@link
 * #repeat}. With {@link Context#background()}, which is never cancelled, only a pipeline read to its
 * end ends (the stages then use plain sends and receives: the fastest path). An item a stage holds
 * when the context is done is dropped and counted ({@link StageStats#dropped()}).
 *
 * <p><b>Panics.</b> An exception thrown by a user function ({@code fn}, {@code pred}, the supplier,
 * the iterator) or a null it returns (a channel carries no nulls: {@link NullPointerException}) is a
 * panic of the stage's goroutine, as in Go: the goroutine ends, its output is closed (so consumers
 * do not hang; they see the stream end early), and the exception goes to the goroutine panic
 * handler ({@link io.gort.sched.Goroutine#setPanicHandler}). Nothing is cancelled. For errors as
 * values, send a result type (the book's {@code Result}), or use {@code io.gort.errgroup}.
 *
 * <p><b>Order and memory.</b> Each stage passes values on in the order it received them. A send into
 * a stage happens-before the stage's send of what it made of the value (the channels' guarantees).
 *
 * <p><b>Buffering.</b> The overloads with a {@code capacity} give the stage a buffered output
 * (Go's {@code make(chan T, capacity)}): the stage runs ahead of its consumer by up to that many
 * values, which trades memory for fewer hand-offs ("Queuing" in the book). {@link
 * StageStats#queueDepth()} reads how full it is.
 *
 * <p><b>Counters.</b> Every stage registers a {@link StageStats} under the channel it returns: items
 * passed on, items dropped, sampled latency, queue depth. Arguments: null ones throw {@link
 * NullPointerException} at the call; a negative capacity or count throws {@link
 * IllegalArgumentException}.
 */
public final class Pipeline {
    private Pipeline() { }

    // ---- generators -------------------------------------------------------------------------------

    /** The book's {@code generator(done, integers...)}: sends {@code values} in order, then closes. */
    @SafeVarargs
    public static <T> Receiver<T> generator(Context ctx, T... values) {
        Objects.requireNonNull(ctx, "ctx");
        List<T> copy = List.of(values);   // throws NullPointerException for a null value
        return generator(ctx, copy, 0);
    }

    /** Sends the elements of {@code values}, in its iteration order, then closes. */
    public static <T> Receiver<T> generator(Context ctx, Iterable<? extends T> values) {
        return generator(ctx, values, 0);
    }

    /** {@link #generator(Context, Iterable)} with an output buffered by {@code capacity}. */
    public static <T> Receiver<T> generator(Context ctx, Iterable<? extends T> values, int capacity) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(values, "values");
        Stage<T> s = Stage.of("generator", ctx, capacity(capacity), 1);
        s.go(() -> {
            StageStats st = s.stats;
            for (Iterator<? extends T> it = values.iterator(); it.hasNext(); ) {
                long t = st.begin();
                if (!s.emit(Stage.notNull(it.next(), "generator: null element"))) {
                    return;
                }
                st.item(t);
            }
        });
        return s.out;
    }

    /** The book's {@code repeat(done, values...)}: sends {@code values} in order, again and again, until ctx is done. */
    @SafeVarargs
    public static <T> Receiver<T> repeat(Context ctx, T... values) {
        Objects.requireNonNull(ctx, "ctx");
        List<T> copy = List.of(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("repeat: no values to repeat");
        }
        Stage<T> s = Stage.of("repeat", ctx, 0, 1);
        s.go(() -> {
            StageStats st = s.stats;
            for (;;) {
                for (T v : copy) {
                    long t = st.begin();
                    if (!s.emit(v)) {
                        return;
                    }
                    st.item(t);
                }
            }
        });
        return s.out;
    }

    /** The book's {@code repeatFn(done, fn)}: sends {@code fn.get()}, again and again, until ctx is done. */
    public static <T> Receiver<T> repeatFn(Context ctx, Supplier<? extends T> fn) {
        return repeatFn(ctx, fn, 0);
    }

    /** {@link #repeatFn(Context, Supplier)} with an output buffered by {@code capacity}. */
    public static <T> Receiver<T> repeatFn(Context ctx, Supplier<? extends T> fn, int capacity) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(fn, "fn");
        Stage<T> s = Stage.of("repeatFn", ctx, capacity(capacity), 1);
        s.go(() -> {
            StageStats st = s.stats;
            for (;;) {
                long t = st.begin();
                if (!s.emit(Stage.notNull(fn.get(), "repeatFn: fn returned null"))) {
                    return;
                }
                st.item(t);
            }
        });
        return s.out;
    }

    // ---- stages -----------------------------------------------------------------------------------

    /**
     * The book's {@code take(done, valueStream, num)}: passes on the first {@code n} values of {@code
     * in}, then closes (earlier if {@code in} closes or ctx is done). It does not drain {@code in}
     * afterwards. {@code n == 0} gives a closed channel and starts no goroutine.
     */
    public static <T> Receiver<T> take(Context ctx, Receiver<? extends T> in, long n) {
        return take(ctx, in, n, 0);
    }

    /** {@link #take(Context, Receiver, long)} with an output buffered by {@code capacity}. */
    public static <T> Receiver<T> take(Context ctx, Receiver<? extends T> in, long n, int capacity) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        if (n < 0) {
            throw new IllegalArgumentException("take: negative count " + n);
        }
        Stage<T> s = Stage.of("take", ctx, capacity(capacity), n == 0 ? 0 : 1);
        if (n == 0) {
            s.out.close();
            return s.out;
        }
        s.go(() -> {
            StageStats st = s.stats;
            Receiver<T> src = widen(in);
            Case<T> inCase = Stage.recvCase(src), doneCase = s.doneOnRecv();
            for (long i = 0; i < n; i++) {
                T v = s.recv(src, inCase, doneCase);
                if (v == null) {
                    return;
                }
                long t = st.begin();
                if (!s.emit(v)) {
                    return;
                }
                st.item(t);
            }
        });
        return s.out;
    }

    /** The book's {@code multiply}/{@code add}/{@code toString} stages: passes on {@code fn(v)} for each {@code v} of {@code in}. */
    public static <T, R> Receiver<R> map(Context ctx, Receiver<? extends T> in, Function<? super T, ? extends R> fn) {
        return map(ctx, in, fn, 0);
    }

    /** {@link #map(Context, Receiver, Function)} with an output buffered by {@code capacity}. */
    public static <T, R> Receiver<R> map(Context ctx, Receiver<? extends T> in, Function<? super T, ? extends R> fn,
                                         int capacity) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(fn, "fn");
        Stage<R> s = Stage.of("map", ctx, capacity(capacity), 1);
        s.go(() -> {
            StageStats st = s.stats;
            Receiver<T> src = widen(in);
            Case<T> inCase = Stage.recvCase(src), doneCase = s.doneOnRecv();
            T v;
            while ((v = s.recv(src, inCase, doneCase)) != null) {
                long t = st.begin();
                if (!s.emit(Stage.notNull(fn.apply(v), "map: fn returned null"))) {
                    return;
                }
                st.item(t);
            }
        });
        return s.out;
    }

    /** Passes on the values of {@code in} for which {@code pred} is true (the book's {@code primeFinder} shape). */
    public static <T> Receiver<T> filter(Context ctx, Receiver<? extends T> in, Predicate<? super T> pred) {
        return filter(ctx, in, pred, 0);
    }

    /** {@link #filter(Context, Receiver, Predicate)} with an output buffered by {@code capacity}. */
    public static <T> Receiver<T> filter(Context ctx, Receiver<? extends T> in, Predicate<? super T> pred, int capacity) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(pred, "pred");
        Stage<T> s = Stage.of("filter", ctx, capacity(capacity), 1);
        s.go(() -> {
            StageStats st = s.stats;
            Receiver<T> src = widen(in);
            Case<T> inCase = Stage.recvCase(src), doneCase = s.doneOnRecv();
            T v;
            while ((v = s.recv(src, inCase, doneCase)) != null) {
                long t = st.begin();
                if (pred.test(v)) {
                    if (!s.emit(v)) {
                        return;
                    }
                    st.item(t);
                }
            }
        });
        return s.out;
    }

    /**
     * A buffer of {@code capacity} values between {@code in} and its consumer, in a goroutine of its
     * own (the book's "Queuing": decouples a stage's sends from its consumer's pace).
     */
    public static <T> Receiver<T> buffer(Context ctx, Receiver<? extends T> in, int capacity) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(in, "in");
        return Channels.orDone(ctx, in, capacity(capacity), "buffer");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    static int capacity(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative buffer capacity " + capacity);
        }
        return capacity;
    }

    /** A receiver of a subtype viewed as one of the supertype: safe, as only values of T come out. */
    @SuppressWarnings("unchecked")
    static <T> Receiver<T> widen(Receiver<? extends T> in) {
        return (Receiver<T>) in;
    }
}
