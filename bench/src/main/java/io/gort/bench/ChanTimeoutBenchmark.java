package io.gort.bench;

import java.time.Duration;
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
 * A select with a timeout that never fires: {@link ChanPingPongBenchmark}'s ping-pong, except that
 * the receiver waits with Go's {@code select { case v := <-ping: ...; case <-time.After(1s): ... }}.
 * Score: time per round trip, so the difference from channel ping-pong is the cost of arming and
 * abandoning one timer per receive. The timeout firing fails the benchmark.
 *
 * <p>How each subject waits: gort, {@code Select.select(ping.onRecv(), Time.after(1s).onRecv(..))};
 * {@code vt}, {@code SynchronousQueue.poll(1, SECONDS)} (j.u.c's timed receive; no select); jox,
 * {@code Select.selectWithin(1s, ping.receiveClause())} (jox 1.0.1 starts a virtual thread on the
 * JDK's scheduler that sleeps, and interrupts and joins it after the select); Kotlin,
 * {@code select { ping.onReceive {..}; onTimeout(1000) {..} }}; Go, {@code bench/go chan-timeout}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class ChanTimeoutBenchmark extends ChanBenchmark {
    static final int ROUND_TRIPS = 100_000;
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Param({"workstealing", "jdk", "vt", "jox", "jox-ws", "kotlin"})
    public String kind;

    @Override
    String kind() {
        return kind;
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long timeoutSelect() {
        long sum = subject == null ? KotlinChannels.timeoutPingPong(ROUND_TRIPS, TIMEOUT.toMillis()) : goroutines();
        return Check.sum("timeout-select", sum, ROUND_TRIPS);
    }

    private long goroutines() {
        Pipe<Integer> ping = subject.make(0), pong = subject.make(0);
        Done done = new Done();
        subject.spawn(done.failFast(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                Integer v = subject.recvWithin(ping, TIMEOUT);
                if (v == null) {
                    throw new AssertionError("timeout-select: the " + TIMEOUT + " timeout fired on " + subject);
                }
                pong.send(v);
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
