package io.gort.examples;

import static org.junit.jupiter.api.Assertions.fail;

import io.gort.sched.Goroutine;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a ported program leaves running once its {@code main} has returned. A Go program's goroutines
 * die with {@code main}; a Java program's do not, so an example test checks that the program's own
 * goroutines end, or that exactly the ones the Go original leaves parked forever remain (a goroutine
 * waiting on a stopped timer, say). Waiting for them also keeps a straggler's late {@code println}
 * out of the next test's captured output. The same idea as the runtime tests' {@code
 * GoroutineLeaks}, which the examples module cannot see (it is in runtime's test sources).
 */
public final class ExampleGoroutines {
    /** How long a program's goroutines may take to end once its {@code main} has returned. */
    public static final long GRACE_NANOS = 10_000_000_000L;

    private ExampleGoroutines() { }

    /** The ids of the goroutines alive now. */
    public static Set<Long> snapshot() {
        return Goroutine.all().stream().map(Goroutine::id).collect(Collectors.toSet());
    }

    private static List<Goroutine> newSince(Set<Long> before) {
        return Goroutine.all().stream().filter(g -> g.isAlive() && !before.contains(g.id())).toList();
    }

    /**
     * Waits (bounded, yielding) until at most {@code expected} goroutines started since {@code
     * before} are alive, then fails unless exactly {@code expected} are: the ones the original leaves
     * parked forever.
     */
    public static void assertLeft(Set<Long> before, int expected) {
        long deadline = System.nanoTime() + GRACE_NANOS;
        List<Goroutine> left;
        while ((left = newSince(before)).size() > expected) {
            if (System.nanoTime() - deadline > 0) {
                fail(left.size() + " goroutine(s) left, expected " + expected + ":\n" + dump(left));
            }
            Thread.yield();
        }
        if (left.size() != expected) {
            fail(left.size() + " goroutine(s) left, expected " + expected + ":\n" + dump(left));
        }
    }

    private static String dump(List<Goroutine> gs) {
        return gs.stream().limit(20).map(g -> g + " [" + g.waitReason() + "]\n    "
                + Arrays.stream(g.thread().getStackTrace()).limit(10).map(String::valueOf)
                        .collect(Collectors.joining("\n    ")))
                .collect(Collectors.joining("\n"));
    }
}
