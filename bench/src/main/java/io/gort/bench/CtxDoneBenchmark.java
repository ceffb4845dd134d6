package io.gort.bench;

import io.gort.context.CancelContext;
import io.gort.context.Context;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link CtxContextBenchmark#doneSelect}'s question, {@code select { case <-ctx.Done(): default: }}
 * on a live context, asked the way Go's compiler asks it: a select with one receive case and a
 * default compiles to a non-blocking receive ({@code selectnbrecv}), which gort spells {@code
 * ctx.done().tryRecv()}. Against {@code doneSelect}'s gort row it shows what gort's general {@code
 * Select} (a random poll order, the cases as objects) costs over the non-blocking receive; Go's row
 * of the table is already this receive. gort only ({@code kind} is there for bench/run and
 * format.py). {@value #SELECTS} receives per operation, as {@code doneSelect}; checked: none saw done.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms1g", "-Xmx2g"})
public class CtxDoneBenchmark extends CtxBenchmark {
    static final int SELECTS = CtxContextBenchmark.SELECTS;

    @Param({"gort"})
    public String kind;

    private CancelContext ctx;

    @Setup(Level.Trial)
    public void setUp() {
        if (!kind.equals("gort")) {
            throw new IllegalArgumentException("unknown done subject " + kind + ": gort only");
        }
        ctx = Context.withCancel(Context.background());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ctx.cancel();
    }

    @Benchmark
    @OperationsPerInvocation(SELECTS)
    public int tryRecv() {
        int done = 0;
        for (int i = 0; i < SELECTS; i++) {
            if (ctx.done().tryRecv() != null) {
                done++;
            }
        }
        return (int) check("doneTryRecv", "receives that saw done", done, 0);
    }
}
