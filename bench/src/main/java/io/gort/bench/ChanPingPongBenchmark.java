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
 * Channel ping-pong: two goroutines pass a value back and forth over two unbuffered channels,
 * {@value #ROUND_TRIPS} round trips. Score: time per round trip (two rendezvous, two goroutine
 * switches). The value that comes back is summed and checked. Subjects: {@link ChanSubject}
 * ({@code vt} uses two {@code SynchronousQueue}s) and Kotlin; Go: {@code bench/go chan-pingpong}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class ChanPingPongBenchmark extends ChanBenchmark {
    static final int ROUND_TRIPS = 100_000;

    @Param({"workstealing", "global", "forkjoin", "jdk", "vt", "jox", "jox-ws", "kotlin"})
    public String kind;

    @Override
    String kind() {
        return kind;
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long pingPong() {
        long sum = subject == null ? KotlinChannels.pingPong(ROUND_TRIPS) : goroutines();
        return Check.sum("ping-pong", sum, ROUND_TRIPS);
    }

    private long goroutines() {
        Pipe<Integer> ping = subject.make(0), pong = subject.make(0);
        Done done = new Done();
        subject.spawn(done.failFast(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                pong.send(ping.recv());
            }
        }));
        subject.spawn(done.failFast(() -> {
            long sum = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                ping.send(i);
                sum += pong.recv();
            }
            done.complete(sum);
        }));
        return done.await(subject);
    }
}
