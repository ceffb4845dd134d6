package io.gort.testing;

import io.gort.Go;
import io.gort.sched.Goroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Uber's goleak ({@code go.uber.org/goleak}) for gort: finds goroutines that are still alive when
 * they should have ended, waiting a short grace period for those that are about to end, and fails
 * with their dump in Go's format, so the report names what each one waits on.
 *
 * <pre>{@code
 * // Go:  defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
 * GoLeak.Option before = GoLeak.ignoreCurrent();          // the goroutines alive now are not leaks
 * runCodeThatStartsGoroutines();
 * GoLeak.verifyNone(before);                              // AssertionFailedError with the dump if some are left
 *
 * // Go:  goleak.Find(goleak.IgnoreTopFunction("example.com/pool.(*Pool).worker"))
 * List<Goroutine> left = GoLeak.find(before, GoLeak.ignoreTopFunction("com.example.Pool.worker"),
 *                                    GoLeak.grace(Duration.ofMillis(200)));
 * }</pre>
 *
 * For JUnit 5 tests, {@link GoroutineLeakCheck @GoroutineLeakCheck} does this around every test
 * (or every class) by itself; see {@link GoroutineLeakExtension}.
 *
 * <p><b>What is checked.</b> Every live goroutine ({@link Goroutine#all()}) except the caller
 * itself (when it is a goroutine) and those an {@link Option} ignores. Unlike the extension,
 * {@code verifyNone} with no options looks at <em>all</em> goroutines, as goleak's does; pass
 * {@link #ignoreCurrent()} taken earlier to look at the new ones only. Gort's runtime keeps no
 * goroutine alive of its own (the timer engine, the scheduler's monitor and the pool cleaner are
 * platform threads, not goroutines), so there is no default ignore list: goleak's defaults are for
 * goroutines that Go's {@code testing} and {@code os/signal} packages leave running, which have no
 * gort counterpart.
 *
 * <p><b>Waiting.</b> A goroutine that is still ending when the check starts (it was woken by the
 * close that ended the test, and has not been scheduled yet) is not a leak. goleak retries up to
 * 20 times, sleeping 1µs, 2µs, 4µs ... up to 100µs between tries (about 1.5ms in all). Gort waits
 * up to a {@linkplain #grace(Duration) grace period} (default {@link #DEFAULT_GRACE}, or
 * {@code -Dgort.leakcheck.grace=500ms}) and, instead of sleeping, joins one of the goroutines
 * still alive for the current step of the same exponential backoff (100µs doubling up to
 * {@link #MAX_STEP}): when it ends the check looks again at once, and when it does not, the check
 * still looks again after the step, because an ignore that depends on a goroutine's stack (its
 * top function) may start to match while it waits. A clean run therefore costs one look; a leak
 * costs the whole grace period. See docs/adr/0013-leak-check.md for why one second.
 *
 * <p><b>Memory model.</b> Everything a goroutine did before it ended happens-before
 * {@code verifyNone}/{@code find} returns without reporting it (the check either joins its
 * thread or sees it gone from the registry, which it leaves at its end).
 *
 * <p>Like goleak's {@code VerifyNone}, the check cannot tell which test started a goroutine: when
 * tests run in parallel, one test's goroutines that are still working are another's leak. Use it
 * on tests that run one at a time (the default in JUnit), or once for the whole class.
 */
public final class GoLeak {
    /** The grace period when neither an option nor {@code -Dgort.leakcheck.grace} gives one. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(1);

    /** The system property that sets the default grace period: {@code 500ms}, {@code 2s}, {@code PT2S}, or milliseconds. */
    public static final String GRACE_PROPERTY = "gort.leakcheck.grace";

    /** The longest single wait between two looks at the goroutines (the cap of the backoff). */
    static final Duration MAX_STEP = Duration.ofMillis(20);
    private static final long FIRST_STEP_NANOS = 100_000;

    private GoLeak() { }

    /**
     * One setting of a check (goleak's {@code Option}): a goroutine to ignore, or the grace period.
     * Options are immutable values; the same option may be passed to any number of checks.
     */
    public static final class Option {
        private final Predicate<Goroutine> ignore;   // null for the grace option
        private final Duration grace;                // null unless this is the grace option
        private final String description;

        private Option(Predicate<Goroutine> ignore, Duration grace, String description) {
            this.ignore = ignore;
            this.grace = grace;
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    // ---- options -----------------------------------------------------------------------------

    /**
     * Ignores the goroutines alive now (goleak's {@code IgnoreCurrent}): take it before the code
     * under test runs and pass it to the check afterwards. Goroutine ids are thread ids, which the
     * JVM never reuses, so a goroutine started later is never mistaken for one of these.
     */
    public static Option ignoreCurrent() {
        Set<Long> ids = new HashSet<>();
        for (Goroutine g : Goroutine.all()) {
            ids.add(g.id());
        }
        return ignoreIds(ids, "ignoreCurrent(" + ids.size() + " goroutines)");
    }

    /** Ignores the goroutines with these ids (what {@link #ignoreCurrent()} records). */
    static Option ignoreIds(Set<Long> ids, String description) {
        Set<Long> copy = Set.copyOf(ids);
        return new Option(g -> copy.contains(g.id()), null, description);
    }

    /**
     * Ignores goroutines whose top function is {@code function}, written {@code class.method}
     * with the binary class name ({@code com.example.Pool$Worker.loop}) — goleak's
     * {@code IgnoreTopFunction}. The top function is the goroutine's topmost frame that is neither
     * gort's runtime nor the JDK: for a goroutine blocked in {@code ch.recv()} it is the method that
     * called {@code recv}, as in Go, where the runtime's frames are hidden. To ignore goroutines
     * blocked in a particular gort call, use {@link #ignoreAnyFunction} with its name
     * ({@code io.gort.sync.Mutex.lock}).
     */
    public static Option ignoreTopFunction(String function) {
        Objects.requireNonNull(function, "function");
        return new Option(g -> function.equals(Stacks.topFunction(g)), null, "ignoreTopFunction(" + function + ")");
    }

    /**
     * Ignores goroutines that have {@code function} ({@code class.method}) anywhere on their stack,
     * gort's and the JDK's frames included — goleak's {@code IgnoreAnyFunction}.
     */
    public static Option ignoreAnyFunction(String function) {
        Objects.requireNonNull(function, "function");
        return new Option(g -> Stacks.hasFunction(g, function), null, "ignoreAnyFunction(" + function + ")");
    }

    /** Ignores goroutines spawned with a name that starts with {@code prefix} ({@code Go.spawn(name, task)}; Go has no names). */
    public static Option ignoreNamesStartingWith(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return new Option(g -> g.name().startsWith(prefix), null, "ignoreNamesStartingWith(" + prefix + ")");
    }

    /** Ignores goroutines whose whole name matches the regular expression {@code regex}. */
    public static Option ignoreNamesMatching(String regex) {
        Pattern p = Pattern.compile(regex);
        return new Option(g -> p.matcher(g.name()).matches(), null, "ignoreNamesMatching(" + regex + ")");
    }

    /** Ignores goroutines for which {@code ignore} is true (it may read the state, name and stack). */
    public static Option ignoreIf(Predicate<Goroutine> ignore) {
        Objects.requireNonNull(ignore, "ignore");
        return new Option(ignore, null, "ignoreIf(" + ignore + ")");
    }

    /**
     * How long the check waits for goroutines to end before it reports them (zero: look once).
     * The last grace option passed wins; without one, {@code -Dgort.leakcheck.grace}, else
     * {@link #DEFAULT_GRACE}. goleak's {@code MaxRetryAttempts}/{@code MaxSleepInterval} in one
     * number: the backoff steps are fixed, the total is what matters.
     */
    public static Option grace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace period should not be negative: " + grace);
        }
        return new Option(null, grace, "grace(" + Durations.format(grace) + ")");
    }

    // ---- checks ------------------------------------------------------------------------------

    /**
     * Fails if goroutines other than the caller and the ignored ones are still alive after the grace
     * period (goleak's {@code VerifyNone}). The {@link GoroutineLeakError} says how many and holds
     * their dump: {@code goroutine 7 [chan receive]:}, their stacks and {@code created by}.
     */
    public static void verifyNone(Option... options) {
        Check check = new Check(options);
        List<Goroutine> left = check.run();
        if (!left.isEmpty()) {
            GoroutineLeakError e = GoroutineLeakError.of(left, check.grace, "");
            if (e != null) {
                throw e;
            }
        }
    }

    /**
     * The goroutines other than the caller and the ignored ones that are still alive after the grace
     * period, in ascending id order; empty when there are none (goleak's {@code Find}, which
     * returns an error instead).
     */
    public static List<Goroutine> find(Option... options) {
        return new Check(options).run();
    }

    /** The grace period that applies when no option gives one: {@code -Dgort.leakcheck.grace}, else {@link #DEFAULT_GRACE}. */
    public static Duration defaultGrace() {
        String p = System.getProperty(GRACE_PROPERTY);
        if (p == null || p.isBlank()) {
            return DEFAULT_GRACE;
        }
        try {
            return Durations.parse(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + GRACE_PROPERTY + "=" + p + ": " + e.getMessage(), e);
        }
    }

    /** One check: the options resolved, then the look-wait-look loop. */
    static final class Check {
        final Duration grace;
        private final List<Predicate<Goroutine>> ignores = new ArrayList<>();

        Check(Option... options) {
            this(List.of(options));
        }

        Check(Collection<Option> options) {
            Duration g = null;
            for (Option o : options) {
                Objects.requireNonNull(o, "option");
                if (o.grace != null) {
                    g = o.grace;
                } else {
                    ignores.add(o.ignore);
                }
            }
            this.grace = g != null ? g : defaultGrace();
        }

        /** The live goroutines that are not the caller and that no option ignores, in ascending id order. */
        List<Goroutine> look() {
            Goroutine me = Goroutine.current();
            List<Goroutine> left = new ArrayList<>();
            for (Goroutine g : Goroutine.all()) {
                if (g == me || !g.isAlive() || ignored(g)) {
                    continue;
                }
                left.add(g);
            }
            left.sort((a, b) -> Long.compare(a.id(), b.id()));
            return left;
        }

        private boolean ignored(Goroutine g) {
            for (Predicate<Goroutine> p : ignores) {   // in the order given: put cheap ones (ids) first
                if (p.test(g)) {
                    return true;
                }
            }
            return false;
        }

        /** Looks until nothing is left or the grace period is over; returns what is left. */
        List<Goroutine> run() {
            long deadline = System.nanoTime() + grace.toNanos();
            long step = FIRST_STEP_NANOS;
            boolean interrupted = false;
            try {
                while (true) {
                    List<Goroutine> left = look();
                    long remaining = deadline - System.nanoTime();
                    if (left.isEmpty() || remaining <= 0 || interrupted) {
                        return left;
                    }
                    try {
                        // Returns early when that goroutine ends; otherwise after the step.
                        left.getFirst().thread().join(Duration.ofNanos(Math.min(step, remaining)));
                    } catch (InterruptedException e) {
                        interrupted = true;             // look once more, report, keep the status
                    }
                    step = Math.min(step * 2, MAX_STEP.toNanos());
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The message of a leak report: how many, then goleak's line and gort's dump for each. */
    static String describe(List<Goroutine> left, Duration grace) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (Goroutine g : left) {
            String block = Go.dump(List.of(g));
            if (block.isEmpty()) {
                continue;                               // ended after the last look
            }
            n++;
            b.append('\n').append("Goroutine ").append(g.id()).append(" in state ").append(Stacks.state(g))
                    .append(", with ").append(Stacks.topFunction(g)).append(" on top of the stack:\n")
                    .append(block);
        }
        if (n == 0) {
            return null;
        }
        if (left.stream().anyMatch(g -> g.createdAt() == null)) {
            b.append("\n(\"created by\" names the task's class; run with -Dgort.creationsite=true for the line that spawned each goroutine)\n");
        }
        return "found unexpected goroutines: " + n + (n == 1 ? " goroutine" : " goroutines")
                + " still alive after a grace period of " + Durations.format(grace) + "\n" + b;
    }
}
