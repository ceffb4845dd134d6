package io.gort.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * Hand-off latency: two goroutines pass a turn back and forth {@value #ROUND_TRIPS} times with a
 * volatile turn variable and {@code LockSupport.park/unpark}; no platform thread takes part
 * after the start. Score: time per round trip (two hand-offs, so two park/unpark pairs).
 *
 * <p>This is the scheduler's hand-off path with no synchronizer on top: with gort's
 * {@code runnext} slot, the unparked goroutine runs next on the same carrier as soon as the
 * other one parks. Go has no park/unpark; {@code bench/go pingpong} uses two unbuffered channels,
 * which adds the channel's own cost to the same two switches per round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class PingPongBenchmark {
    static final int ROUND_TRIPS = 100_000;

    @Param({"workstealing", "global", "forkjoin", "jdk", "vt"})
    public String kind;

    private Subject subject;

    @Setup(Level.Trial)
    public void setUp() {
        subject = Subject.of(kind);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        subject.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public long pingPong() {
        Table t = new Table();
        Done done = new Done();
        t.pong = subject.spawn(() -> {
            long n = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                t.await(Table.PONG);
                n++;
                t.pass(Table.PING, t.ping);          // ping was published before the turn became PONG
            }
            t.pongCount = n;
        });
        subject.spawn(() -> {
            t.ping = Thread.currentThread();
            long n = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                t.pass(Table.PONG, t.pong);
                t.await(Table.PING);
                n++;
            }
            done.complete(n);
        });
        long pings = done.await(subject);
        if (pings != ROUND_TRIPS || t.pongCountAfter(ROUND_TRIPS) != ROUND_TRIPS) {
            throw new AssertionError("ping-pong: " + pings + " pings and " + t.pongCount + " pongs, expected " + ROUND_TRIPS);
        }
        return pings;
    }

    /** The shared turn. {@code pong} is written before the ping goroutine is spawned (Thread.start orders it). */
    private static final class Table {
        static final int PING = 0, PONG = 1;
        volatile int turn = PING;
        volatile Thread ping;
        Thread pong;
        volatile long pongCount = -1;

        void pass(int to, Thread who) {
            turn = to;
            LockSupport.unpark(who);
        }

        void await(int mine) {
            while (turn != mine) {
                LockSupport.park(this);
            }
        }

        /** The pong goroutine writes its count just after its last pass: wait briefly for it. */
        long pongCountAfter(long expected) {
            long deadline = System.nanoTime() + Done.TIMEOUT_NANOS;
            while (pongCount != expected && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return pongCount;
        }
    }
}
