package io.gort.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.sched.Goroutine;
import io.gort.testing.Leaks.Leak;
import io.gort.testing.Leaks.Shape;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The programmatic leak check, {@link GoLeak}: goleak's {@code VerifyNone}, {@code Find} and
 * options. Ports the cases of goleak's {@code leaks_test.go} and {@code options_test.go}
 * (github.com/uber-go/goleak, v1.3.0): a leak is found, its report names the goroutine's state and
 * top function, {@code IgnoreCurrent}/{@code IgnoreTopFunction}/{@code IgnoreAnyFunction} hide it,
 * a goroutine that ends within the retries is not a leak. Checked itself by the extension.
 */
@GoroutineLeakCheck
@Timeout(60)
class GoLeakTest {
    private static final Duration SHORT = Duration.ofMillis(50);

    @AfterEach
    void endLeaks() {
        Leaks.endAll();
    }

    @Test
    void verifyNoneReportsALeakWithItsDump() {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Leak leak = Leaks.start("leaky-recv");
        long id = leak.goroutine().id();

        GoroutineLeakError e = assertThrows(GoroutineLeakError.class, () -> GoLeak.verifyNone(before, GoLeak.grace(SHORT)));

        String m = e.getMessage();
        assertTrue(m.startsWith("found unexpected goroutines: 1 goroutine still alive after a grace period of 50ms\n"), m);
        assertTrue(m.contains("Goroutine " + id + " in state chan receive, with " + Shape.CHAN_RECEIVE.topFunction
                + " on top of the stack:\n"), m);
        assertTrue(m.contains("goroutine " + id + " \"leaky-recv\" [chan receive]:\nio.gort.chan.Chan.recv(...)\n"), m);
        assertTrue(m.contains(Shape.CHAN_RECEIVE.topFunction + "(...)\n\tio/gort/testing/Leaks.java:"), m);
        assertTrue(m.contains("created by "), m);
        assertTrue(m.contains("run with -Dgort.creationsite=true"), m);
        assertEquals(List.of(id), e.goroutineIds());
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void theReportNamesTheWaitReason(Shape shape) {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Leak leak = shape.start("leaky");

        GoroutineLeakError e = assertThrows(GoroutineLeakError.class, () -> GoLeak.verifyNone(before, GoLeak.grace(SHORT)));

        String m = e.getMessage();
        assertTrue(m.contains("goroutine " + leak.goroutine().id() + " \"leaky\" [" + shape.reason + "]:\n"), m);
        assertTrue(m.contains("in state " + shape.reason + ", with " + shape.topFunction + " on top of the stack"), m);
    }

    @Test
    void verifyNonePassesWhenTheGoroutinesHaveEnded() {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Goroutine g = Go.spawn(() -> { });
        Leaks.join(g);

        GoLeak.verifyNone(before);
        assertEquals(List.of(), GoLeak.find(before));
    }

    @Test
    void verifyNoneWaitsForAGoroutineThatEndsWithinTheGracePeriod() {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Goroutine g = Go.spawn("ending", () -> Time.after(Duration.ofMillis(200)).recv());   // the late end is the work here
        assertTrue(g.isAlive(), "a 200ms timer ended before the check began");

        GoLeak.verifyNone(before, GoLeak.grace(Leaks.LONG));

        assertFalse(g.isAlive());
    }

    @Test
    void aLeakIsReportedOnlyAfterTheGracePeriod() {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Leaks.start("leaky");
        Duration grace = Duration.ofMillis(300);

        long start = System.nanoTime();
        List<Goroutine> left = GoLeak.find(before, GoLeak.grace(grace));
        long waited = System.nanoTime() - start;

        assertEquals(1, left.size());
        assertTrue(waited >= grace.toNanos(), "reported after " + waited / 1_000_000 + "ms, before the 300ms grace period");
    }

    @Test
    void findReturnsTheLeakedGoroutinesInIdOrder() {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Goroutine a = Leaks.start("a").goroutine();
        Goroutine b = Shape.SELECT.start("b").goroutine();

        assertEquals(List.of(a, b), GoLeak.find(before, GoLeak.grace(Duration.ZERO)));
    }

    @Test
    void withoutIgnoreCurrentEveryGoroutineCounts() {
        Goroutine old = Leaks.start("older than the check").goroutine();

        assertTrue(GoLeak.find(GoLeak.grace(Duration.ZERO)).contains(old));
        assertFalse(GoLeak.find(GoLeak.ignoreCurrent(), GoLeak.grace(Duration.ZERO)).contains(old));
    }

    @Test
    void theCallerIsNeverItsOwnLeak() {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Chan<List<Goroutine>> found = Chan.make(1);
        Goroutine checker = Go.spawn(() -> found.send(GoLeak.find(before, GoLeak.grace(Duration.ZERO))));

        assertEquals(List.of(), found.recv(), "the checking goroutine reported itself");   // bounded by @Timeout
        Leaks.join(checker);
    }

    @Test
    void ignoreTopFunctionHidesTheGoroutinesBlockedInThatFunction() {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Leaks.start("leaky");

        assertEquals(List.of(), GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreTopFunction(Shape.CHAN_RECEIVE.topFunction)));
        // The top function is the caller of gort's recv, as Go hides chanrecv: gort's own frame is not it.
        assertEquals(1, GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreTopFunction("io.gort.chan.Chan.recv")).size());
        assertEquals(1, GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreTopFunction(Shape.CHAN_SEND.topFunction)).size());
    }

    @Test
    void ignoreAnyFunctionLooksAtTheWholeStack() {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Leaks.start("leaky");

        assertEquals(List.of(), GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreAnyFunction("io.gort.chan.Chan.recv")));
        assertEquals(List.of(), GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreAnyFunction(Shape.CHAN_RECEIVE.topFunction)));
        assertEquals(1, GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreAnyFunction("io.gort.sync.Mutex.lock")).size());
    }

    @Test
    void ignoreByNameTakesAPrefixOrARegex() {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Leaks.start("cache-janitor-1");

        assertEquals(List.of(), GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreNamesStartingWith("cache-")));
        assertEquals(List.of(), GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreNamesMatching("cache-janitor-\\d+")));
        assertEquals(1, GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreNamesMatching("janitor")).size(), "the whole name must match");
        assertEquals(1, GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreNamesStartingWith("janitor")).size());
    }

    @Test
    void ignoreIfTakesAnyPredicate() {
        GoLeak.Option before = GoLeak.ignoreCurrent();
        Leaks.start("leaky");

        assertEquals(List.of(), GoLeak.find(before, GoLeak.grace(SHORT), GoLeak.ignoreIf(g -> g.name().equals("leaky"))));
    }

    @Test
    void aNegativeGracePeriodIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoLeak.grace(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("negative"), e.getMessage());
    }

    @Test
    void theDefaultGracePeriodComesFromTheSystemProperty() {
        String old = System.getProperty(GoLeak.GRACE_PROPERTY);
        try {
            System.clearProperty(GoLeak.GRACE_PROPERTY);
            assertEquals(GoLeak.DEFAULT_GRACE, GoLeak.defaultGrace());
            System.setProperty(GoLeak.GRACE_PROPERTY, "250ms");
            assertEquals(Duration.ofMillis(250), GoLeak.defaultGrace());
            System.setProperty(GoLeak.GRACE_PROPERTY, "1.5s");
            assertEquals(Duration.ofMillis(1500), GoLeak.defaultGrace());
            System.setProperty(GoLeak.GRACE_PROPERTY, "PT3S");
            assertEquals(Duration.ofSeconds(3), GoLeak.defaultGrace());
            System.setProperty(GoLeak.GRACE_PROPERTY, "400");
            assertEquals(Duration.ofMillis(400), GoLeak.defaultGrace());
            System.setProperty(GoLeak.GRACE_PROPERTY, "1m30s");
            assertEquals(Duration.ofSeconds(90), GoLeak.defaultGrace());
            System.setProperty(GoLeak.GRACE_PROPERTY, "soon");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, GoLeak::defaultGrace);
            assertTrue(e.getMessage().contains("time: invalid duration \"soon\""), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(GoLeak.GRACE_PROPERTY);
            } else {
                System.setProperty(GoLeak.GRACE_PROPERTY, old);
            }
        }
    }

    @Test
    void durationsAreWrittenAsGoWritesThem() {
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("1s", Durations.format(Duration.ofSeconds(1)));
        assertEquals("1.5s", Durations.format(Duration.ofMillis(1500)));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("100µs", Durations.format(Duration.ofNanos(100_000)));
    }
}
