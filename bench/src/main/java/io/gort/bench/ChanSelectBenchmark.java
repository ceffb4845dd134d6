package io.gort.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Select: one consumer receives {@value #MESSAGES} integers with a select over
 * {@value #PRODUCERS} unbuffered channels, each fed by its own producer ({@value #MESSAGES} /
 * {@value #PRODUCERS} values each). Score: time per message (one select). The sum received is
 * checked. Subjects: {@link ChanSubject} except {@code vt} ({@code java.util.concurrent} has no
 * select), and Kotlin; Go: {@code bench/go chan-select}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class ChanSelectBenchmark extends ChanBenchmark {
    static final int MESSAGES = 400_000, PRODUCERS = 4;

    @Param({"workstealing", "jdk", "jox", "jox-ws", "kotlin"})
    public String kind;

    @Override
    String kind() {
        return kind;
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long select() {
        long sum = subject == null ? KotlinChannels.select(PRODUCERS, MESSAGES) : goroutines();
        return Check.sum("select", sum, MESSAGES);
    }

    private long goroutines() {
        @SuppressWarnings("unchecked")
        Pipe<Integer>[] chans = (Pipe<Integer>[]) new Pipe<?>[PRODUCERS];
        Done done = new Done();
        int perProducer = MESSAGES / PRODUCERS;
        for (int p = 0; p < PRODUCERS; p++) {
            Pipe<Integer> ch = subject.make(0);
            chans[p] = ch;
            int base = p * perProducer;
            subject.spawn(done.failFast(() -> {
                for (int i = 0; i < perProducer; i++) {
                    ch.send(base + i);
                }
            }));
        }
        subject.spawn(done.failFast(() -> {
            long sum = 0;
            for (int i = 0; i < MESSAGES; i++) {
                sum += subject.selectRecv(chans);
            }
            done.complete(sum);
        }));
        return done.await(subject);
    }
}
