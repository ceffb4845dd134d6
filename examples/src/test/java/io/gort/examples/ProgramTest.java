package io.gort.examples;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the test classes that run several ported programs per test (the book's sections, the
 * notes): each test may start goroutines, and none may be left running once it ends ({@link
 * ExampleGoroutines}); a program's goroutines may not panic ({@link ExampleRun#runChecked}).
 */
public abstract class ProgramTest {
    private Set<Long> before;

    @BeforeEach
    void snapshotGoroutines() {
        before = ExampleGoroutines.snapshot();
    }

    @AfterEach
    void noGoroutineLeft() {
        ExampleGoroutines.assertLeft(before, 0);
    }

    /** Runs a program; no goroutine of it may have panicked. */
    protected static ExampleRun.Result run(ExampleRun.Main main) throws Exception {
        return ExampleRun.runChecked(main);
    }

    /** The lines a program printed; no goroutine of it may have panicked. */
    protected static List<String> lines(ExampleRun.Main main) throws Exception {
        return run(main).lines();
    }
}
