package io.gort.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * Buffered channel throughput: producers send {@value #MESSAGES} integers in all (0 to
 * {@value #MESSAGES} - 1, split evenly) into one channel of capacity {@value #CAPACITY}; consumers
 * receive them, each an equal share. Two benchmarks: {@code spsc} (1 producer, 1 consumer) and
 * {@code mpmc} (4 producers, 4 consumers). Score: time per message. The sum of what the consumers
 * received is checked. Subjects: {@link ChanSubject} ({@code vt}: {@code ArrayBlockingQueue}) and
 * Kotlin; Go: {@code bench/go chan-spsc}, {@code chan-mpmc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class ChanBufferedBenchmark extends ChanBenchmark {
    static final int MESSAGES = 1_000_000, CAPACITY = 1024, MPMC_PRODUCERS = 4, MPMC_CONSUMERS = 4;

    @Param({"workstealing", "jdk", "vt", "jox", "jox-ws", "kotlin"})
    public String kind;

    @Override
    String kind() {
        return kind;
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long spsc() {
        return run("spsc", 1, 1);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long mpmc() {
        return run("mpmc", MPMC_PRODUCERS, MPMC_CONSUMERS);
    }

    private long run(String workload, int producers, int consumers) {
        long sum = subject == null
                ? KotlinChannels.producersConsumers(producers, consumers, CAPACITY, MESSAGES)
                : goroutines(producers, consumers);
        return Check.sum(workload, sum, MESSAGES);
    }

    private long goroutines(int producers, int consumers) {
        Pipe<Integer> ch = subject.make(CAPACITY);
        Done done = new Done();
        int perProducer = MESSAGES / producers, perConsumer = MESSAGES / consumers;
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            subject.spawn(done.failFast(() -> {
                for (int i = 0; i < perProducer; i++) {
                    ch.send(base + i);
                }
            }));
        }
        AtomicLong total = new AtomicLong();
        AtomicInteger running = new AtomicInteger(consumers);
        for (int c = 0; c < consumers; c++) {
            subject.spawn(done.failFast(() -> {
                long sum = 0;
                for (int i = 0; i < perConsumer; i++) {
                    sum += ch.recv();
                }
                long all = total.addAndGet(sum);
                if (running.decrementAndGet() == 0) {
                    done.complete(all);
                }
            }));
        }
        return done.await(subject);
    }
}
