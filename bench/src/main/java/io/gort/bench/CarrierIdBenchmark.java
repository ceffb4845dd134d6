package io.gort.bench;

import io.gort.sched.CarrierId;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
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
 * What it costs a goroutine to ask which carrier it runs on, for per-carrier caches such as
 * {@code io.gort.sync.Pool}: one goroutine on gort's work-stealing scheduler calls it {@value #N}
 * times in a loop (score: ns per call, loop included).
 * <ul>
 *   <li>{@code carrierId} - {@link CarrierId#current()}: the carrier thread (a JIT intrinsic),
 *       a type check, a field read;</li>
 *   <li>{@code threadLocal} - a {@link ThreadLocal} read: on a virtual thread it is the virtual
 *       thread's own map, so it cannot name the carrier; what a per-goroutine cache would cost;</li>
 *   <li>{@code threadIdHash} - a hash of {@code Thread.currentThread().threadId()}: per goroutine,
 *       not per carrier (the fallback for platform threads);</li>
 *   <li>{@code call} - the same loop calling a method that returns a constant: the floor.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms1g", "-Xmx2g"})
public class CarrierIdBenchmark {
    static final int N = 10_000_000;
    private static final ThreadLocal<Integer> LOCAL = ThreadLocal.withInitial(() -> 1);

    @Param({"carrierId", "threadLocal", "threadIdHash", "call"})
    public String how;

    private Subject subject;

    @Setup(Level.Trial)
    public void setUp() {
        subject = Subject.of("workstealing");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        subject.close();
    }

    // Each read sits in a method the JIT may not inline, or it would hoist the read out of the loop
    // (the carrier cannot change inside a loop that never parks): "call" is that call alone.
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int carrierId() {
        return CarrierId.current();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int threadLocal() {
        return LOCAL.get();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int threadIdHash() {
        return (int) ((Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L) >>> 33);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static int constant() {
        return 1;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long read() {
        Done done = new Done();
        String h = how;
        subject.spawn(done.failFast(() -> {
            long sum = 0;
            switch (h) {
                case "carrierId" -> {
                    for (int i = 0; i < N; i++) {
                        sum += carrierId();
                    }
                }
                case "threadLocal" -> {
                    for (int i = 0; i < N; i++) {
                        sum += threadLocal();
                    }
                }
                case "threadIdHash" -> {
                    for (int i = 0; i < N; i++) {
                        sum += threadIdHash();
                    }
                }
                default -> {
                    for (int i = 0; i < N; i++) {
                        sum += constant();
                    }
                }
            }
            done.complete(sum + 1);
        }));
        return done.await(subject);
    }
}
