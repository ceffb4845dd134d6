package io.gort.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kotlin.Unit;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CoroutineStart;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.GlobalScope;
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
 * Spawn cost: one goroutine spawns {@value #N} goroutines; each decrements a shared counter and
 * the one that reaches zero wakes the waiting benchmark thread. Score: time per goroutine
 * (spawn, schedule, run, finish), amortised over the {@value #N}.
 *
 * <p>Subjects: gort's schedulers and the JDK's ({@link Subject}), and Kotlin ({@code kotlin}):
 * {@code launch} on {@code Dispatchers.Default} from inside a coroutine, the children as
 * structured children of that coroutine (the idiomatic {@code repeat(N) { launch { } }}).
 * Go: {@code bench/go}, {@code spawn}, with a {@code sync.WaitGroup}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx4g"})
public class SpawnBenchmark {
    static final int N = 1_000_000;

    @Param({"workstealing", "global", "forkjoin", "jdk", "vt", "kotlin"})
    public String kind;

    private Subject subject;   // null for kotlin

    @Setup(Level.Trial)
    public void setUp() {
        subject = kind.equals("kotlin") ? null : Subject.of(kind);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (subject != null) {
            subject.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long spawn() {
        return subject == null ? kotlin() : goroutines();
    }

    private long goroutines() {
        Done done = new Done();
        AtomicInteger left = new AtomicInteger(N);
        Runnable child = () -> {
            if (left.decrementAndGet() == 0) {
                done.complete(N);
            }
        };
        subject.spawn(() -> {
            for (int i = 0; i < N; i++) {
                subject.spawn(child);
            }
        });
        return check(done.await(subject), left);
    }

    private static long kotlin() {
        Done done = new Done();
        AtomicInteger left = new AtomicInteger(N);
        BuildersKt.launch(GlobalScope.INSTANCE, Dispatchers.getDefault(), CoroutineStart.DEFAULT, (root, c1) -> {
            for (int i = 0; i < N; i++) {
                BuildersKt.launch(root, Dispatchers.getDefault(), CoroutineStart.DEFAULT, (s, c2) -> {
                    if (left.decrementAndGet() == 0) {
                        done.complete(N);
                    }
                    return Unit.INSTANCE;
                });
            }
            return Unit.INSTANCE;
        });
        return check(done.await("kotlin Dispatchers.Default"), left);
    }

    private static long check(long completed, AtomicInteger left) {
        if (completed != N || left.get() != 0) {
            throw new AssertionError("spawn: " + left.get() + " of " + N + " goroutines did not run");
        }
        return completed;
    }
}
