package io.gort.bench;

import io.gort.chan.Case;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How a select's cost grows with its number of cases (issue 3: "its cost growing gently with the
 * number of cases"), on one thread, so only the select itself is measured:
 * {@code oneReady} — one buffered channel of the N holds a value (a different one each time), the
 * others are empty: pass 1 visits the cases in a random order until it finds it, skipping the
 * empty ones by a racy look without their locks; {@code oneReadyDefault} — the same with a
 * default case, so every case visited is locked;
 * {@code noneReadyDefault} — nothing is ready and the default is taken: every case's channel is
 * locked once (a select with a default must be linearizable, so it takes each lock).
 * Not part of bench/run's tables: {@code java -jar bench/target/benchmarks.jar SelectCases}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class SelectCasesBenchmark {
    @Param({"1", "2", "4", "8", "16"})
    int cases;

    private Chan<Integer>[] chans;
    private Case<Integer>[] recv;
    private Case<Integer>[] recvOrDefault;
    private int next;

    @Setup
    @SuppressWarnings("unchecked")
    public void setup() {
        chans = new Chan[cases];
        recv = new Case[cases];
        recvOrDefault = new Case[cases + 1];
        for (int i = 0; i < cases; i++) {
            chans[i] = Chan.make(1);
            recv[i] = chans[i].onRecv();
            recvOrDefault[i] = recv[i];
        }
        recvOrDefault[cases] = Select.onDefault(() -> -1);
    }

    @Benchmark
    public int oneReady() {
        return oneReady(recv);
    }

    @Benchmark
    public int oneReadyDefault() {
        return oneReady(recvOrDefault);
    }

    private int oneReady(Case<Integer>[] select) {
        int k = next++ & Integer.MAX_VALUE;
        chans[k % cases].trySend(k);
        int v = Select.select(select);
        if (v != k) {
            throw new AssertionError("received " + v + ", sent " + k);
        }
        return v;
    }

    @Benchmark
    public int noneReadyDefault() {
        int v = Select.select(recvOrDefault);
        if (v != -1) {
            throw new AssertionError("nothing was sent, yet received " + v);
        }
        return v;
    }
}
