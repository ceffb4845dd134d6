package io.gort.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves goroutines running: goleak's {@code defer goleak.VerifyNone(t)} (per
 * test) or {@code goleak.VerifyTestMain(m)} (per class) as a JUnit 5 annotation. Put it on a test
 * class (it applies to its tests and its {@code @Nested} classes) or on one test method; it
 * registers {@link GoroutineLeakExtension}, which documents the behaviour in full.
 *
 * <pre>{@code
 * @GoroutineLeakCheck                                         // every test of the class
 * class WorkerPoolTest {
 *     @Test void stopsItsWorkers() { ... }
 * }
 *
 * @GoroutineLeakCheck(mode = GoroutineLeakCheck.Mode.PER_CLASS, graceMillis = 2000,
 *                     ignoreTopFunctions = "com.example.Cache.janitor")
 * class ServerTest { ... }                                    // once, after all its tests and @AfterAll
 * }</pre>
 *
 * It may also be used as a meta-annotation, to make a composed annotation with a project's own
 * ignore list. The nearest annotation wins: a method's over its class's, a class's over its
 * enclosing class's.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(GoroutineLeakExtension.class)
public @interface GoroutineLeakCheck {
    /** When the check runs (read from the class's annotation; a method's annotation always checks that method). */
    Mode mode() default Mode.PER_METHOD;

    /**
     * How long the check waits for new goroutines to end before it fails the test, in milliseconds;
     * negative (the default): {@code -Dgort.leakcheck.grace}, else {@link GoLeak#DEFAULT_GRACE}.
     */
    long graceMillis() default -1;

    /** Goroutines whose top function ({@code class.method}) is one of these are not leaks: {@link GoLeak#ignoreTopFunction}. */
    String[] ignoreTopFunctions() default {};

    /** Goroutines with one of these functions anywhere on their stack are not leaks: {@link GoLeak#ignoreAnyFunction}. */
    String[] ignoreAnyFunctions() default {};

    /** Goroutines whose name starts with one of these are not leaks: {@link GoLeak#ignoreNamesStartingWith}. */
    String[] ignoreNamesStartingWith() default {};

    /** Goroutines whose name matches one of these regular expressions are not leaks: {@link GoLeak#ignoreNamesMatching}. */
    String[] ignoreNamesMatching() default {};

    /** When the leak check runs; named after JUnit's {@code @TestInstance(Lifecycle.PER_METHOD / PER_CLASS)}. */
    enum Mode {
        /**
         * After each test (after its {@code @AfterEach} methods), for the goroutines started since
         * just before it (before its {@code @BeforeEach} methods): goleak's
         * {@code defer goleak.VerifyNone(t, goleak.IgnoreCurrent())}. The failure is the test's.
         */
        PER_METHOD,
        /**
         * Once, after all the class's tests and its {@code @AfterAll} methods, for the goroutines
         * started since just before its {@code @BeforeAll} methods: goleak's
         * {@code VerifyTestMain(m)} for one class. The failure is the class's (a container failure).
         */
        PER_CLASS
    }
}
