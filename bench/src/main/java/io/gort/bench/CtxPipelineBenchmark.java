package io.gort.bench;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.pattern.Pipeline;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A pipeline of three stages ("Concurrency in Go", ch. 4, "Pipelines"): a generator of 0 ..
 * {@value #ITEMS} − 1, a stage that doubles each item, a stage that keeps the multiples of 3, and
 * the consumer that sums them; each stage a goroutine, the stages joined by unbuffered channels.
 * Score: time per item generated. Checked: the sum, {@value #SUM}.
 *
 * <p>Subjects ({@code @Param kind}):
 * <ul>
 *   <li>{@code gort-pipeline}: gort's {@link Pipeline} ({@code generator}, {@code map}, {@code
 *       filter}) under a cancel context;</li>
 *   <li>{@code gort-chan}: the same written by hand with gort's {@link Chan} and {@link Select}, the
 *       book's way: every send selects between {@code done} and the output, every stage closes its
 *       output when it returns;</li>
 *   <li>{@code vt}: virtual threads and {@link SynchronousQueue}s (j.u.c's unbuffered hand-off), an
 *       end marker for close; no done case (j.u.c has no select);</li>
 *   <li>{@code kotlin-chan}: three {@code produce} stages over rendezvous channels (the scope's
 *       cancel is done);</li>
 *   <li>{@code kotlin-flow}: {@code flow {}.map {}.filter {}.collect {}}: Kotlin's idiom, but a
 *       Flow runs every stage in the collecting coroutine, with no hand-off between coroutines;
 *       shown for reference, not comparable.</li>
 * </ul>
 * Go: {@code bench/go ctx-pipeline}, the book's generator and stages with a done channel. Java and
 * Kotlin carry boxed integers, Go plain ints.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms1g", "-Xmx2g"})
public class CtxPipelineBenchmark extends CtxBenchmark {
    static final int ITEMS = 1_000_000;
    /** 2 × (0 + 3 + 6 + ...) over the multiples of 3 below ITEMS: 3k(k − 1) with k of them. */
    static final long SUM = 3L * ((ITEMS + 2) / 3) * ((ITEMS + 2) / 3 - 1);

    @Param({"gort-pipeline", "gort-chan", "vt", "kotlin-chan", "kotlin-flow"})
    public String kind;

    @Setup(Level.Trial)
    public void setUp() {
        switch (kind) {
            case "gort-pipeline", "gort-chan" -> checkGortScheduler();
            case "vt", "kotlin-chan", "kotlin-flow" -> { }
            default -> throw new IllegalArgumentException("unknown pipeline subject " + kind);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long pipeline() {
        long sum = switch (kind) {
            case "gort-pipeline" -> inGoroutine(CtxPipelineBenchmark::gortPipeline);
            case "gort-chan" -> inGoroutine(CtxPipelineBenchmark::gortChannels);
            case "vt" -> inVirtualThread(CtxPipelineBenchmark::queues);
            case "kotlin-chan" -> KotlinCtx.pipelineChannels(ITEMS);
            default -> KotlinCtx.pipelineFlow(ITEMS);
        };
        return check("pipeline", "the sum", sum, SUM);
    }

    // ---- gort's Pipeline ---------------------------------------------------------------------

    private static long gortPipeline() {
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            Receiver<Integer> generated = Pipeline.generator(ctx, new Range(ITEMS));
            Receiver<Integer> doubled = Pipeline.map(ctx, generated, x -> x * 2);
            Receiver<Integer> kept = Pipeline.filter(ctx, doubled, x -> x % 3 == 0);
            long sum = 0;
            for (Integer v : kept) {
                sum += v;
            }
            return sum;
        }
    }

    /** 0 .. n − 1, boxed one at a time as the generator takes them. */
    record Range(int n) implements Iterable<Integer> {
        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < n;
                }

                @Override
                public Integer next() {
                    if (next >= n) {
                        throw new NoSuchElementException();
                    }
                    return next++;
                }
            };
        }
    }

    // ---- the book's way, with gort's channels -----------------------------------------------

    private static long gortChannels() {
        Chan<Object> done = Chan.make();
        long sum = 0;
        for (Integer v : multiplesOf(done, multiply(done, generator(done, ITEMS), 2), 3)) {
            sum += v;
        }
        done.close();
        return sum;
    }

    /** {@code select { case <-done: return false; case out <- v: return true }}. */
    private static boolean send(Receiver<Object> done, Chan<Integer> out, Integer v) {
        return Select.select(done.onRecv(x -> Boolean.FALSE), out.onSend(v, () -> Boolean.TRUE));
    }

    private static Receiver<Integer> generator(Receiver<Object> done, int n) {
        Chan<Integer> out = Chan.make();
        Go.spawn(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    if (!send(done, out, i)) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    private static Receiver<Integer> multiply(Receiver<Object> done, Receiver<Integer> in, int multiplier) {
        Chan<Integer> out = Chan.make();
        Go.spawn(() -> {
            try {
                for (Integer v : in) {
                    if (!send(done, out, v * multiplier)) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    private static Receiver<Integer> multiplesOf(Receiver<Object> done, Receiver<Integer> in, int of) {
        Chan<Integer> out = Chan.make();
        Go.spawn(() -> {
            try {
                for (Integer v : in) {
                    if (v % of == 0 && !send(done, out, v)) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    // ---- j.u.c on virtual threads -----------------------------------------------------------

    /** Marks the end of a queue's items: a close. */
    private static final Object END = new Object();

    private static long queues() {
        SynchronousQueue<Object> generated = new SynchronousQueue<>(), doubled = new SynchronousQueue<>(),
                kept = new SynchronousQueue<>();
        Thread.ofVirtual().start(() -> {
            for (int i = 0; i < ITEMS; i++) {
                put(generated, i);
            }
            put(generated, END);
        });
        Thread.ofVirtual().start(() -> {
            for (Object v; (v = take(generated)) != END; ) {
                put(doubled, (Integer) v * 2);
            }
            put(doubled, END);
        });
        Thread.ofVirtual().start(() -> {
            for (Object v; (v = take(doubled)) != END; ) {
                if ((Integer) v % 3 == 0) {
                    put(kept, v);
                }
            }
            put(kept, END);
        });
        long sum = 0;
        for (Object v; (v = take(kept)) != END; ) {
            sum += (Integer) v;
        }
        return sum;
    }

    private static void put(SynchronousQueue<Object> q, Object v) {
        try {
            q.put(v);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object take(SynchronousQueue<Object> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
