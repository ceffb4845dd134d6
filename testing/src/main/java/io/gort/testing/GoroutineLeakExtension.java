package io.gort.testing;

import io.gort.sched.Goroutine;
import io.gort.testing.GoroutineLeakCheck.Mode;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 goroutine leak check: goleak's {@code defer goleak.VerifyNone(t, goleak.IgnoreCurrent())}
 * around every test, or {@code goleak.VerifyTestMain(m)} around a class. Register it with
 * {@link GoroutineLeakCheck @GoroutineLeakCheck} (settings in the annotation) or programmatically
 * (settings as {@link GoLeak.Option}s):
 *
 * <pre>{@code
 * // Declarative: every test of the class; goroutines named "metrics-" are expected to outlive tests.
 * @GoroutineLeakCheck(ignoreNamesStartingWith = "metrics-")
 * class WorkerTest {
 *     @Test void forgetsToCloseTheJobs() {
 *         Chan<Runnable> jobs = Chan.make();
 *         Go.spawn("worker", () -> { for (Runnable j; (j = jobs.recv()) != null; ) j.run(); });
 *         jobs.send(() -> { });                   // never closes jobs: the worker waits for more forever
 *     }
 * }
 * // WorkerTest > forgetsToCloseTheJobs() FAILED
 * //   GoroutineLeakError: found unexpected goroutines: 1 goroutine still alive after a grace period of 1s
 * //   Goroutine 41 in state chan receive, with com.example.WorkerTest.lambda$forgetsToCloseTheJobs$0 on top of the stack:
 * //   goroutine 41 "worker" [chan receive]:
 * //   io.gort.chan.Chan.recv(...)
 * //   	io/gort/chan/Chan.java:419
 * //   com.example.WorkerTest.lambda$forgetsToCloseTheJobs$0(...)
 * //   	com/example/WorkerTest.java:14
 * //   created by com.example.WorkerTest
 *
 * // Programmatic: once for the class (a static field, so JUnit calls beforeAll/afterAll), with options.
 * class ServerTest {
 *     @RegisterExtension
 *     static final GoroutineLeakExtension LEAKS = GoroutineLeakExtension.perClass(
 *             GoLeak.grace(Duration.ofSeconds(2)),
 *             GoLeak.ignoreTopFunction("com.example.Server.acceptLoop"));
 *     ...
 * }
 * }</pre>
 *
 * <p><b>What a check sees.</b> Per test ({@link Mode#PER_METHOD}): the goroutines alive after the
 * test's {@code @AfterEach} methods that were not alive before its {@code @BeforeEach} methods (a
 * snapshot of ids, goleak's {@code IgnoreCurrent}), so a server started in {@code @BeforeAll} and
 * stopped in {@code @AfterAll} is not a leak of each test, and a leftover of an earlier test is not
 * this one's. Per class ({@link Mode#PER_CLASS}): those alive after {@code @AfterAll} that were not
 * alive before {@code @BeforeAll}. A goroutine is reported once per run: one a {@code @Nested}
 * class reported is not reported again by the enclosing class. The check waits up to the grace
 * period for them to end (see {@link GoLeak}: it returns as soon as they have, so a clean test pays
 * nothing); then it fails with the dump.
 *
 * <p><b>A test that failed anyway.</b> The leak error is thrown from {@code afterEach}, and JUnit
 * adds an exception thrown after the test's own as a suppressed exception of the first (its
 * {@code ThrowableCollector}): the report leads with the test's own failure, and the leak follows
 * under "Suppressed:". A test that failed midway often leaks because its cleanup did not run, so the
 * leak is a consequence, not the news; it still waits for the grace period, as goleak's deferred
 * {@code VerifyNone} does, so that the dump is there when the leak is the cause. A passing test that
 * leaks fails with the leak error alone. A per-class leak fails the class (a container failure in
 * the report), not any one test.
 *
 * <p><b>Grace period.</b> {@link GoroutineLeakCheck#graceMillis()}, or the {@link GoLeak#grace}
 * option, else {@code -Dgort.leakcheck.grace} ({@code 500ms}, {@code 2s}), else
 * {@link GoLeak#DEFAULT_GRACE}; see docs/adr/0013-leak-check.md for the choice.
 *
 * <p><b>Limits.</b> Like goleak's {@code VerifyNone} under {@code t.Parallel()}, the check cannot
 * tell whose goroutine is whose when tests run concurrently: leave per-test checks on tests that
 * run one at a time, or check per class. One extension per class: {@code @GoroutineLeakCheck} and a
 * registered instance together would check twice.
 *
 * <p>State: none in the extension (one instance may serve many classes); the snapshots live in
 * each test's or class's {@link ExtensionContext.Store}, the reported ids in the root context's
 * store (a concurrent set).
 */
public final class GoroutineLeakExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final Namespace NAMESPACE = Namespace.create(GoroutineLeakExtension.class);
    private static final String BEFORE_EACH = "goroutines before each";
    private static final String BEFORE_ALL = "goroutines before all";
    private static final String REPORTED = "goroutines reported";

    /** The settings of a registered instance; null when registered by the annotation (the settings are read from it). */
    private final Settings fixed;

    /** The mode and the options of one check. */
    private record Settings(Mode mode, List<GoLeak.Option> options) { }

    /** For {@code @ExtendWith(GoroutineLeakExtension.class)} and {@link GoroutineLeakCheck}: the settings come from the nearest annotation. */
    public GoroutineLeakExtension() {
        this.fixed = null;
    }

    private GoroutineLeakExtension(Settings fixed) {
        this.fixed = fixed;
    }

    /** A check after each test, with these options (grace period, ignores); for {@code @RegisterExtension}. */
    public static GoroutineLeakExtension perMethod(GoLeak.Option... options) {
        return new GoroutineLeakExtension(new Settings(Mode.PER_METHOD, List.of(options)));
    }

    /** One check after the class's tests and {@code @AfterAll}, with these options; register it in a static field. */
    public static GoroutineLeakExtension perClass(GoLeak.Option... options) {
        return new GoroutineLeakExtension(new Settings(Mode.PER_CLASS, List.of(options)));
    }

    // ---- per class ---------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) {
        if (classSettings(context).mode() == Mode.PER_CLASS) {
            context.getStore(NAMESPACE).put(BEFORE_ALL, snapshot());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Settings s = classSettings(context);
        if (s.mode() != Mode.PER_CLASS) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<Long> before = (Set<Long>) context.getStore(NAMESPACE).remove(BEFORE_ALL);
        if (before == null) {
            return;                                 // beforeAll threw before the snapshot: nothing to compare with
        }
        check(context, s, before, "after all tests of " + context.getDisplayName() + ": ");
    }

    // ---- per test ----------------------------------------------------------------------------

    @Override
    public void beforeEach(ExtensionContext context) {
        if (fixed != null && fixed.mode() == Mode.PER_CLASS
                && context.getParent().map(p -> p.getStore(NAMESPACE).get(BEFORE_ALL)).isEmpty()) {
            throw new ExtensionConfigurationException("GoroutineLeakExtension.perClass() must be registered in a"
                    + " static field: JUnit calls beforeAll/afterAll only on class-level extensions");
        }
        if (checksEach(context)) {
            context.getStore(NAMESPACE).put(BEFORE_EACH, snapshot());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!checksEach(context)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<Long> before = (Set<Long>) context.getStore(NAMESPACE).remove(BEFORE_EACH);
        if (before == null) {
            return;
        }
        check(context, methodSettings(context), before, "");
    }

    /** Whether this test gets its own check: per-method mode, or a method annotated by itself. */
    private boolean checksEach(ExtensionContext context) {
        if (fixed != null) {
            return fixed.mode() == Mode.PER_METHOD;
        }
        boolean ownAnnotation = context.getElement()
                .flatMap(e -> AnnotationSupport.findAnnotation(e, GoroutineLeakCheck.class)).isPresent();
        return ownAnnotation || classSettings(context).mode() == Mode.PER_METHOD;
    }

    // ---- the check ---------------------------------------------------------------------------

    private static Set<Long> snapshot() {
        Set<Long> ids = new HashSet<>();
        for (Goroutine g : Goroutine.all()) {
            ids.add(g.id());
        }
        return ids;
    }

    private static void check(ExtensionContext context, Settings s, Set<Long> before, String prefix) {
        @SuppressWarnings("unchecked")
        Set<Long> reported = (Set<Long>) context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(REPORTED, k -> ConcurrentHashMap.newKeySet());
        List<GoLeak.Option> options = new ArrayList<>();
        options.add(GoLeak.ignoreIds(before, "ignoreCurrent(" + before.size() + " goroutines)"));
        options.add(GoLeak.ignoreIf(g -> reported.contains(g.id())));
        options.addAll(s.options());
        GoLeak.Check check = new GoLeak.Check(options);
        List<Goroutine> left = check.run();
        if (left.isEmpty()) {
            return;
        }
        GoroutineLeakError e = GoroutineLeakError.of(left, check.grace, prefix);
        if (e != null) {
            reported.addAll(e.goroutineIds());
            throw e;
        }
    }

    // ---- settings ----------------------------------------------------------------------------

    /** The class's settings: the registered ones, else the nearest annotation on the class or an enclosing class. */
    private Settings classSettings(ExtensionContext context) {
        if (fixed != null) {
            return fixed;
        }
        ExtensionContext c = context;
        while (c != null && c.getTestMethod().isPresent()) {
            c = c.getParent().orElse(null);
        }
        return nearest(c);
    }

    /** The test's settings: the registered ones, else the nearest annotation (the method's, else the classes'). */
    private Settings methodSettings(ExtensionContext context) {
        return fixed != null ? fixed : nearest(context);
    }

    private static Settings nearest(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<AnnotatedElement> e = c.getElement();
            if (e.isPresent()) {
                Optional<GoroutineLeakCheck> a = AnnotationSupport.findAnnotation(e.get(), GoroutineLeakCheck.class);
                if (a.isPresent()) {
                    return settings(a.get());
                }
            }
        }
        return new Settings(Mode.PER_METHOD, List.of());   // registered by @ExtendWith alone
    }

    static Settings settings(GoroutineLeakCheck a) {
        List<GoLeak.Option> options = new ArrayList<>();
        if (a.graceMillis() >= 0) {
            options.add(GoLeak.grace(Duration.ofMillis(a.graceMillis())));
        }
        for (String f : a.ignoreTopFunctions()) {
            options.add(GoLeak.ignoreTopFunction(f));
        }
        for (String f : a.ignoreAnyFunctions()) {
            options.add(GoLeak.ignoreAnyFunction(f));
        }
        for (String p : a.ignoreNamesStartingWith()) {
            options.add(GoLeak.ignoreNamesStartingWith(p));
        }
        for (String r : a.ignoreNamesMatching()) {
            options.add(GoLeak.ignoreNamesMatching(r));
        }
        return new Settings(a.mode(), List.copyOf(options));
    }

    @Override
    public String toString() {
        return "GoroutineLeakExtension" + (fixed == null ? "(from @GoroutineLeakCheck)" : fixed);
    }
}
