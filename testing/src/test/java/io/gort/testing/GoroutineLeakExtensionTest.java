package io.gort.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.gort.Time;
import io.gort.sched.Goroutine;
import io.gort.testing.GoroutineLeakCheck.Mode;
import io.gort.testing.Leaks.Shape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The JUnit 5 leak check, {@link GoroutineLeakCheck} / {@link GoroutineLeakExtension}: small test
 * classes (the static nested ones below, which Surefire does not run by themselves: it skips
 * nested classes, {@code **}{@code /*$*}) run through JUnit's {@link EngineTestKit}, and their
 * results are checked: a leaking test fails with the dump and the right wait reasons, a clean one
 * and one whose goroutine ends within the grace period pass, the ignores work, goroutines that
 * predate the test are not its leak, a per-class check reports once, a test that failed anyway
 * keeps its own failure first. Every leaked goroutine is released after the checks, and this class
 * checks itself with the extension.
 */
@GoroutineLeakCheck
@Timeout(60)
class GoroutineLeakExtensionTest {
    /** The fixtures' grace period: they leak on purpose, so a short one keeps the run fast. */
    static final long FIXTURE_GRACE_MILLIS = 100;

    @AfterEach
    void endLeaks() {
        Leaks.endAll();
    }

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }

    private static Throwable failure(Event e) {
        TestExecutionResult r = e.getRequiredPayload(TestExecutionResult.class);
        assertEquals(TestExecutionResult.Status.FAILED, r.getStatus(), e::toString);
        return r.getThrowable().orElseThrow();
    }

    /** The failures of the tests that failed, by method name. */
    private static Map<String, Throwable> failuresByTest(Events tests) {
        Map<String, Throwable> m = new TreeMap<>();
        tests.failed().stream().forEach(e -> m.put(e.getTestDescriptor().getDisplayName().replace("()", ""), failure(e)));
        return m;
    }

    // ---- a leak fails the test; a clean test passes ----------------------------------------------

    @GoroutineLeakCheck(graceMillis = FIXTURE_GRACE_MILLIS)
    static class LeakingAndClean {
        @Test void leaks() {
            Shape.CHAN_RECEIVE.start("leaky");
        }

        @Test void clean() {
            Leaks.join(io.gort.Go.spawn(() -> { }));
        }

        @Test void noGoroutinesAtAll() {
            assertEquals(2, 1 + 1);
        }
    }

    @Test
    void aLeakingTestFailsWithTheDumpAndACleanOnePasses() {
        Events tests = run(LeakingAndClean.class).testEvents();

        assertEquals(2, tests.succeeded().count());
        Map<String, Throwable> failed = failuresByTest(tests);
        assertEquals(List.of("leaks"), List.copyOf(failed.keySet()));
        GoroutineLeakError e = assertInstanceOf(GoroutineLeakError.class, failed.get("leaks"));
        String m = e.getMessage();
        assertTrue(m.startsWith("found unexpected goroutines: 1 goroutine still alive after a grace period of 100ms"), m);
        assertTrue(m.contains("\"leaky\" [chan receive]:\nio.gort.chan.Chan.recv(...)\n"), m);
        assertTrue(m.contains("in state chan receive, with " + Shape.CHAN_RECEIVE.topFunction + " on top of the stack"), m);
    }

    /** One test per shape of leak: each report must name its own wait reason and top function. */
    @GoroutineLeakCheck(graceMillis = FIXTURE_GRACE_MILLIS)
    static class ManyWaitReasons {
        @Test void chanReceive() { Shape.CHAN_RECEIVE.start("r"); }
        @Test void chanSend() { Shape.CHAN_SEND.start("s"); }
        @Test void select() { Shape.SELECT.start("sel"); }
        @Test void mutex() { Shape.MUTEX.start("mu"); }
        @Test void waitGroup() { Shape.WAIT_GROUP.start("wg"); }
    }

    @Test
    void theDumpNamesTheRightWaitReasons() {
        Map<String, Throwable> failed = failuresByTest(run(ManyWaitReasons.class).testEvents());

        Map<String, Shape> expected = Map.of("chanReceive", Shape.CHAN_RECEIVE, "chanSend", Shape.CHAN_SEND,
                "select", Shape.SELECT, "mutex", Shape.MUTEX, "waitGroup", Shape.WAIT_GROUP);
        assertEquals(new TreeMap<>(expected).keySet(), failed.keySet());
        expected.forEach((test, shape) -> {
            String m = failed.get(test).getMessage();
            assertTrue(m.startsWith("found unexpected goroutines: 1 goroutine "), m);
            assertTrue(m.contains(" [" + shape.reason + "]:\n"), test + ": " + m);
            assertTrue(m.contains("in state " + shape.reason + ", with " + shape.topFunction + " on top"), test + ": " + m);
            for (Shape other : Shape.values()) {
                assertTrue(other == shape || !m.contains("[" + other.reason + "]"), test + " reports another test's goroutine: " + m);
            }
        });
    }

    // ---- the grace period ------------------------------------------------------------------------

    @GoroutineLeakCheck(graceMillis = 20_000)
    static class EndsDuringTheGracePeriod {
        static Goroutine spawned;
        static boolean aliveAfterTheTest;

        @Test void endsLate() {
            spawned = io.gort.Go.spawn("late", () -> Time.after(Duration.ofMillis(300)).recv());
        }

        @AfterEach void look() {            // @AfterEach methods run before the extension's afterEach
            aliveAfterTheTest = spawned.isAlive();
        }
    }

    @Test
    void aGoroutineThatEndsWithinTheGracePeriodIsNoLeak() {
        Events tests = run(EndsDuringTheGracePeriod.class).testEvents();

        assertEquals(1, tests.succeeded().count(), () -> failuresByTest(tests).toString());
        assertTrue(EndsDuringTheGracePeriod.aliveAfterTheTest, "the goroutine ended before the check began (a 300ms stall?)");
        assertFalse(EndsDuringTheGracePeriod.spawned.isAlive(), "the check returned before the goroutine ended");
    }

    // ---- ignores -----------------------------------------------------------------------------

    @GoroutineLeakCheck(graceMillis = FIXTURE_GRACE_MILLIS,
            ignoreTopFunctions = "io.gort.testing.Leaks.receive",
            ignoreAnyFunctions = "io.gort.sync.Mutex.lock",
            ignoreNamesStartingWith = "background-",
            ignoreNamesMatching = "worker-\\d+")
    static class Ignores {
        @Test void byTopFunction() { Shape.CHAN_RECEIVE.start("r"); }
        @Test void byAnyFunction() { Shape.MUTEX.start("mu"); }
        @Test void byNamePrefix() { Shape.SELECT.start("background-select"); }
        @Test void byNameRegex() { Shape.CHAN_SEND.start("worker-42"); }
        @Test void notIgnored() { Shape.CHAN_SEND.start("worker-x"); }
    }

    @Test
    void theIgnoreListsOfTheAnnotationWork() {
        Events tests = run(Ignores.class).testEvents();

        assertEquals(4, tests.succeeded().count(), () -> failuresByTest(tests).toString());
        Map<String, Throwable> failed = failuresByTest(tests);
        assertEquals(List.of("notIgnored"), List.copyOf(failed.keySet()));
        assertTrue(failed.get("notIgnored").getMessage().contains("\"worker-x\" [chan send]"), failed.get("notIgnored").getMessage());
    }

    static class RegisteredWithOptions {
        @RegisterExtension
        static final GoroutineLeakExtension LEAKS = GoroutineLeakExtension.perMethod(
                GoLeak.grace(Duration.ofMillis(FIXTURE_GRACE_MILLIS)), GoLeak.ignoreNamesMatching("bg-\\d+"));

        @Test void ignored() { Shape.CHAN_RECEIVE.start("bg-1"); }
        @Test void leaks() { Shape.CHAN_RECEIVE.start("fg"); }
    }

    @Test
    void aRegisteredExtensionTakesGoLeakOptions() {
        Events tests = run(RegisteredWithOptions.class).testEvents();

        Map<String, Throwable> failed = failuresByTest(tests);
        assertEquals(List.of("leaks"), List.copyOf(failed.keySet()));
        assertTrue(failed.get("leaks").getMessage().contains("grace period of 100ms"), failed.get("leaks").getMessage());
        assertEquals(1, tests.succeeded().count());
    }

    /** A project's own leak check: the annotation as a meta-annotation, with the project's ignore list. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @GoroutineLeakCheck(graceMillis = FIXTURE_GRACE_MILLIS, ignoreNamesStartingWith = "pool-")
    @interface ProjectLeakCheck { }

    @ProjectLeakCheck
    abstract static class ProjectBase { }

    static class ComposedAndInherited extends ProjectBase {
        @Test void ignored() { Shape.CHAN_RECEIVE.start("pool-1"); }
        @Test void leaks() { Shape.CHAN_RECEIVE.start("request-1"); }
    }

    @Test
    void itWorksAsAMetaAnnotationAndIsInherited() {
        Events tests = run(ComposedAndInherited.class).testEvents();

        assertEquals(List.of("leaks"), List.copyOf(failuresByTest(tests).keySet()));
        assertEquals(1, tests.succeeded().count());
    }

    // ---- what is not this test's leak --------------------------------------------------------------

    @GoroutineLeakCheck(graceMillis = FIXTURE_GRACE_MILLIS)
    static class ServerStartedInBeforeAll {
        @BeforeAll static void startAServerForTheClass() { Shape.SELECT.start("server"); }

        @Test void one() { assertEquals(1, 1); }
        @Test void two() { assertEquals(2, 2); }
    }

    @Test
    void goroutinesStartedBeforeTheTestAreNotItsLeak() {
        Shape.CHAN_SEND.start("started by the enclosing test");
        EngineExecutionResults results = run(ServerStartedInBeforeAll.class);

        assertEquals(2, results.testEvents().succeeded().count(), () -> failuresByTest(results.testEvents()).toString());
        assertEquals(0, results.containerEvents().failed().count(), "per-method mode checks no class");
    }

    @GoroutineLeakCheck(graceMillis = FIXTURE_GRACE_MILLIS)
    static class LeaksOnceThenClean {
        @Test void first() { Shape.CHAN_RECEIVE.start("left by the first test"); }
        @Test void second() { assertEquals(1, 1); }
    }

    @Test
    void aLeftoverOfAnEarlierTestIsNotTheNextOnes() {
        Events tests = run(LeaksOnceThenClean.class).testEvents();

        assertEquals(List.of("first"), List.copyOf(failuresByTest(tests).keySet()));
        assertEquals(1, tests.succeeded().count());
    }

    // ---- per class -----------------------------------------------------------------------------

    @GoroutineLeakCheck(mode = Mode.PER_CLASS, graceMillis = FIXTURE_GRACE_MILLIS)
    static class PerClass {
        @BeforeAll static void leakInBeforeAll() { Shape.SELECT.start("from-before-all"); }

        @Test void leaks() { Shape.CHAN_RECEIVE.start("from-a-test"); }
        @Test void clean() { assertEquals(1, 1); }
    }

    @Test
    void perClassModeReportsTheClassOnceAndNotItsTests() {
        EngineExecutionResults results = run(PerClass.class);

        assertEquals(2, results.testEvents().succeeded().count(), () -> failuresByTest(results.testEvents()).toString());
        List<Event> failed = results.containerEvents().failed().list();
        assertEquals(1, failed.size(), failed::toString);
        String display = failed.getFirst().getTestDescriptor().getDisplayName();
        assertTrue(display.endsWith("PerClass"), display);
        String m = assertInstanceOf(GoroutineLeakError.class, failure(failed.getFirst())).getMessage();
        assertTrue(m.startsWith("after all tests of " + display + ": found unexpected goroutines: 2 goroutines "), m);
        assertTrue(m.contains("\"from-before-all\" [select]"), m);
        assertTrue(m.contains("\"from-a-test\" [chan receive]"), m);
    }

    @GoroutineLeakCheck(mode = Mode.PER_CLASS, graceMillis = FIXTURE_GRACE_MILLIS)
    static class PerClassWithNested {
        @Test void clean() { assertEquals(1, 1); }

        @Nested
        class Inner {
            @Test void leaks() { Shape.CHAN_RECEIVE.start("from-nested"); }
        }
    }

    @Test
    void aLeakANestedClassReportedIsNotReportedAgainByItsEnclosingClass() {
        EngineExecutionResults results = run(PerClassWithNested.class);

        List<Event> failed = results.containerEvents().failed().list();
        assertEquals(1, failed.size(), failed::toString);
        assertEquals("Inner", failed.getFirst().getTestDescriptor().getDisplayName());
        assertTrue(failure(failed.getFirst()).getMessage().contains("\"from-nested\" [chan receive]"));
        assertEquals(2, results.testEvents().succeeded().count());
    }

    static class PerClassInAnInstanceField {
        @RegisterExtension
        final GoroutineLeakExtension leaks = GoroutineLeakExtension.perClass();

        @Test void test() { assertEquals(1, 1); }
    }

    @Test
    void perClassInAnInstanceFieldIsAConfigurationError() {
        Map<String, Throwable> failed = failuresByTest(run(PerClassInAnInstanceField.class).testEvents());

        Throwable e = assertInstanceOf(ExtensionConfigurationException.class, failed.get("test"));
        assertTrue(e.getMessage().contains("static field"), e.getMessage());
        assertEquals(0, e.getSuppressed().length, "reported once, not again by afterEach");
    }

    // ---- the annotation on a method --------------------------------------------------------------

    static class AnnotatedMethod {
        @Test @GoroutineLeakCheck(graceMillis = FIXTURE_GRACE_MILLIS) void checked() { Shape.WAIT_GROUP.start("checked"); }
        @Test void notChecked() { Shape.WAIT_GROUP.start("not checked"); }
    }

    @Test
    void onAMethodItChecksThatMethodOnly() {
        Events tests = run(AnnotatedMethod.class).testEvents();

        assertEquals(List.of("checked"), List.copyOf(failuresByTest(tests).keySet()));
        assertEquals(1, tests.succeeded().count());
    }

    // ---- a test that failed anyway ---------------------------------------------------------------

    @GoroutineLeakCheck(graceMillis = FIXTURE_GRACE_MILLIS)
    static class FailsAndLeaks {
        @Test void failsMidway() {
            Shape.MUTEX.start("left locked out");
            fail("boom");
        }
    }

    @Test
    void aTestThatFailedKeepsItsOwnFailureWithTheLeakSuppressed() {
        Throwable e = failuresByTest(run(FailsAndLeaks.class).testEvents()).get("failsMidway");

        assertEquals("boom", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        GoroutineLeakError leak = assertInstanceOf(GoroutineLeakError.class, e.getSuppressed()[0]);
        assertTrue(leak.getMessage().contains("\"left locked out\" [sync.Mutex.Lock]"), leak.getMessage());
    }
}
