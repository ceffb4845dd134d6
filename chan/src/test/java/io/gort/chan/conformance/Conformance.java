package io.gort.chan.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the ported Go programs share: {@code go} (a goroutine whose panic fails the test instead of
 * only being printed), running Go's {@code main} as a goroutine on a chosen scheduler, a sleep for
 * the checks that something stays blocked, and the channel's package-private invariant check.
 */
final class Conformance {
    private Conformance() { }

    /** Panics of goroutines started by {@link #go}; {@link NoPanics} fails the test on any. */
    static final Queue<Throwable> PANICS = new ConcurrentLinkedQueue<>();

    /** Go's {@code go f()} on the default scheduler. */
    static Goroutine go(Runnable body) {
        return go(Scheduler.byDefault(), body);
    }

    /**
     * Go's {@code go f()} on {@code s}. A goroutine interrupted by the test's cleanup
     * ({@link GoInterruptedException}) ends quietly; any other throwable is a panic and is recorded.
     */
    static Goroutine go(Scheduler s, Runnable body) {
        return s.spawn(() -> {
            try {
                body.run();
            } catch (GoInterruptedException e) {
                // cleanup of a goroutine the test left blocked on purpose
            } catch (Throwable t) {
                PANICS.add(t);
                throw t;
            }
        });
    }

    /** The schedulers a test runs on where Go sets GOMAXPROCS: the default one, and private ones with 1 and 2 carriers. */
    static final String[] SCHEDULERS = {"default", "workStealing(1)", "workStealing(2)"};

    /**
     * Runs {@code main} as a goroutine on the scheduler named {@code kind} (see {@link #SCHEDULERS})
     * and waits for it; {@code main} gets the scheduler to start its goroutines on. What {@code main}
     * throws is rethrown here. A private scheduler is closed afterwards.
     */
    static void runMain(String kind, Consumer<Scheduler> main) {
        Scheduler s = switch (kind) {
            case "default" -> Scheduler.byDefault();
            case "workStealing(1)" -> Scheduler.workStealing(1);
            case "workStealing(2)" -> Scheduler.workStealing(2);
            default -> throw new IllegalArgumentException(kind);
        };
        Throwable[] thrown = new Throwable[1];
        try {
            Goroutine g = s.spawn(() -> {
                try {
                    main.accept(s);
                } catch (Throwable t) {
                    thrown[0] = t;
                }
            });
            g.join();   // Thread.join: the goroutine's writes happen-before
        } finally {
            if (s != Scheduler.byDefault()) {
                s.close();
            }
        }
        if (thrown[0] instanceof Error e) {
            throw e;
        }
        if (thrown[0] instanceof RuntimeException e) {
            throw e;
        }
        if (thrown[0] != null) {
            throw new AssertionError(thrown[0]);
        }
    }

    /**
     * Sleeps (parks the goroutine). Only for checks that something stays blocked for a while, as Go's
     * {@code time.Sleep} in those tests, never to synchronise.
     */
    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoInterruptedException(e);
        }
    }

    /** Calls the channel's package-private {@code checkInvariants()} (it throws AssertionError when corrupted). */
    static void checkInvariants(Chan<?> c) {
        try {
            Method m = Chan.class.getDeclaredMethod("checkInvariants");
            m.setAccessible(true);
            m.invoke(c);
        } catch (ReflectiveOperationException e) {
            if (e.getCause() instanceof AssertionError a) {
                throw a;
            }
            throw new AssertionError(e);
        }
    }

    /** How many receivers and senders are queued on {@code c}, read from its {@code toString()}: {receivers, senders}. */
    static int[] queued(Chan<?> c) {
        String s = c.toString();   // "Chan[len L, cap C, R receivers, S senders queued]"
        var m = java.util.regex.Pattern.compile("(\\d+) receivers, (\\d+) senders queued").matcher(s);
        if (!m.find()) {
            throw new AssertionError("unexpected Chan.toString(): " + s);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /**
     * Waits (yielding) until {@code receivers} receivers are queued on {@code c}: how a port
     * replaces Go's "sleep so that the goroutine is queued first" with an observation.
     */
    static void awaitReceiversQueued(Chan<?> c, int receivers) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queued(c)[0] != receivers) {
            if (System.nanoTime() > deadline) {
                fail("never saw " + receivers + " receivers queued: " + c);
            }
            Thread.yield();
        }
    }

    /** Clears {@link #PANICS} before each test and fails the test if a goroutine panicked. */
    static final class NoPanics implements BeforeEachCallback, AfterEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            PANICS.clear();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            Throwable t = PANICS.poll();
            if (t != null) {
                AssertionError e = new AssertionError("a goroutine panicked: " + t, t);
                PANICS.forEach(e::addSuppressed);
                throw e;
            }
        }
    }
}
