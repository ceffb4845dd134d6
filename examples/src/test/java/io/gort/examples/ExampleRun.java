package io.gort.examples;

import io.gort.sched.Goroutine;
import io.gort.sched.PanicHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a ported program's {@code main} with {@code System.out} captured, as Go's {@code go test}
 * runs an {@code Example} and compares what it printed with its {@code // Output:} comment.
 * Surefire runs the tests of a class one after another, so swapping {@code System.out} is safe.
 */
public final class ExampleRun {
    private ExampleRun() { }

    /** What one run printed, and the panics of goroutines it started (none expected, usually). */
    public record Result(String out, List<Throwable> panics) {
        /** The output split into lines, without the trailing newline's empty line. */
        public List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, out.endsWith("\n")
                    ? out.split("\n", -1).length - 1 : out.split("\n", -1).length);
        }
    }

    /** A {@code main} that may throw, as Java's may. */
    @FunctionalInterface
    public interface Main {
        void run(String[] args) throws Exception;
    }

    /** Runs {@code main} with no arguments and returns what it printed on {@code System.out}. */
    public static Result run(Main main) throws Exception {
        List<Throwable> panics = new CopyOnWriteArrayList<>();
        PanicHandler previousHandler = Goroutine.setPanicHandler((g, t) -> panics.add(t));
        PrintStream previousOut = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        try {
            main.run(new String[0]);
        } finally {
            System.setOut(previousOut);
            Goroutine.setPanicHandler(previousHandler);
        }
        capture.flush();
        return new Result(bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"), panics);
    }

    /**
     * Runs {@code main}, fails if a goroutine it started panicked, and returns what it printed.
     */
    public static Result runChecked(Main main) throws Exception {
        Result r = run(main);
        if (!r.panics().isEmpty()) {
            throw new AssertionError("goroutines panicked: " + r.panics(), r.panics().get(0));
        }
        return r;
    }

    /**
     * {@link #runChecked}, then waits (bounded) until the goroutines {@code main} started have ended,
     * but for {@code leftBehind} that the Go original leaves parked for ever; returns the lines.
     */
    public static List<String> checked(Main main, int leftBehind) throws Exception {
        Set<Long> before = ExampleGoroutines.snapshot();
        Result r = runChecked(main);
        ExampleGoroutines.assertLeft(before, leftBehind);
        return r.lines();
    }
}
