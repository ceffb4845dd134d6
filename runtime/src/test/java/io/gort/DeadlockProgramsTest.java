package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Go's whole-program deadlock tests, ported: {@code src/runtime/crash_test.go} (Go 1.23–1.26,
 * {@code testDeadlock}: the output must start with {@code fatal error: all goroutines are asleep -
 * deadlock!}) over the programs of {@code testdata/testprog/deadlock.go}, run here as
 * {@link DeadlockPrograms} in a fresh JVM with {@code -Dgort.deadlock=exit}, so that the background
 * detector, not a test hook, finds the deadlock, prints Go's text and exits with Go's status 2.
 * Not ported: TestGoexitDeadlock (Java's main has no Goexit: a main that returns ends the program
 * once only daemon threads are left) and the cgo and signal tests. No JUnit {@code @Timeout} (it
 * shares a JVM with DeadlockTest, where its non-daemon watcher thread would hide every
 * whole-program deadlock); each forked JVM is bounded by {@link ForkedJvm} (60 s).
 */
class DeadlockProgramsTest {
    private static final String FATAL = "fatal error: all goroutines are asleep - deadlock!";

    private static ForkedJvm.Result run(String policy, String program) {
        return ForkedJvm.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgort.deadlock=" + policy),
                Map.of(), DeadlockPrograms.class, program);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SimpleDeadlock", "InitDeadlock", "LockedDeadlock", "LockedDeadlock2", "ChanDeadlock"})
    void exitsWithGosFatalError(String program) {
        ForkedJvm.Result r = run("exit", program);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.errLines().contains(FATAL), r.toString());
        assertTrue(r.err().contains("thread \"main\" ["), "the report shows main's wait: " + r);
        assertTrue(!r.out().contains("not reached"), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"global", "forkjoin"})
    void otherSchedulersAreCheckedByThePoll(String scheduler) {
        ForkedJvm.Result r = ForkedJvm.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dgort.deadlock=exit", "-Dgort.scheduler=" + scheduler), Map.of(), DeadlockPrograms.class, "ChanDeadlock");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.errLines().contains(FATAL), r.toString());
    }

    @Test
    void mutexCycleIsFoundWhileMainSleeps() {
        ForkedJvm.Result r = run("exit", "MutexCycle");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.errLines().contains("fatal error: 2 goroutines wait in a cycle for sync.Mutexes they hold - deadlock!"),
                r.toString());
    }

    @Test
    void chanDeadlockDumpsTheGoroutine() {
        ForkedJvm.Result r = run("exit", "ChanDeadlock");
        assertTrue(r.err().contains("thread \"main\" [chan receive]:"), r.toString());
        assertTrue(r.err().contains("goroutine ") && r.err().contains("\"worker\" [chan receive]:"), r.toString());
    }

    @Test
    void throwPolicyThrowsInMain() {
        ForkedJvm.Result r = run("throw", "ThrowInMain");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.out().contains("caught: all goroutines are asleep - deadlock!"), r.toString());
    }
}
