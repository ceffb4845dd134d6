package io.gort.errgroup;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gort.Go;
import io.gort.context.Context;
import io.gort.sched.Goroutine;
import java.time.Duration;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * jcstress scenarios for {@link Group} made by {@link Group#withContext} (Go's {@code
 * errgroup.WithContext}): two tasks that fail at once (each actor starts one with {@code go}, so the
 * two {@code go} calls race as well as the two failures): the first error recorded is one of them,
 * the other is its suppressed exception, and the group's context is cancelled with the first as its
 * {@link Context#cause}; and a failing task vs a task blocked on {@code ctx.done()}: the blocked one
 * is woken by the failure's cancel and sees the failure as the cause (the error is recorded before
 * the cancel). Every task's write is visible after {@code await}.
 *
 * <p>Result codes: an error is 1 or 2 for the exceptions the two tasks throw ({@link #E1}, {@link
 * #E2}), 3 for {@link Context#CANCELED}, 0 for none, -9 for anything else.
 *
 * <p>The tasks run in goroutines, not jcstress threads, and {@code go} never waits (no limit is set),
 * so the actors never block; the arbiter calls {@code await} in a goroutine of its own and joins it
 * for at most {@link #JOIN_SECONDS} s: a group that never ends (a task not counted down, a blocked
 * task never woken by the cancel) is the FORBIDDEN -1 instead of a hung run (the same bounded join as
 * {@code CondStress}). Run:
 * {@code mvn -o -pl jcstress -am package -DskipTests exec:exec -Djcstress.test='io.gort.errgroup'}.
 */
public class GroupStress {
    static final int JOIN_SECONDS = 10;

    /** The two task errors (only identity matters). */
    static final RuntimeException E1 = new RuntimeException("e1");
    static final RuntimeException E2 = new RuntimeException("e2");

    static int code(Throwable t) {
        return t == null ? 0 : t == E1 ? 1 : t == E2 ? 2 : t == Context.CANCELED ? 3 : -9;
    }

    /** What {@code await} reported, caught in the arbiter's goroutine. */
    static final class Awaited {
        volatile List<Throwable> errors;   // GroupException.errors(): first, then the suppressed ones
        volatile boolean returned;         // await returned normally (no task failed)
    }

    /**
     * Runs {@code g.await()} in a goroutine and joins it for up to JOIN_SECONDS; null if it did not
     * end in time (it is interrupted so the run goes on), else what it reported.
     */
    static Awaited awaitBounded(Group g) {
        Awaited a = new Awaited();
        Goroutine w = Go.spawn(() -> {
            try {
                g.await();
                a.returned = true;
            } catch (GroupException e) {
                a.errors = e.errors();
            }
        });
        try {
            if (w.thread().join(Duration.ofSeconds(JOIN_SECONDS))) {
                return a;
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        w.thread().interrupt();
        return null;
    }

    /** Shared outcomes. */
    @Outcome(expect = FORBIDDEN, desc = "Anything else: an error lost or counted twice, a cause other than the first error, a task's write not visible after await, or await not ending (-1).")
    static class OtherwiseForbidden { }

    /*
     * Two failing tasks, started by the two actors at once. The arbiter's await reports the first
     * error as the cause and the other as suppressed; the context's cause is that first error.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("withContext: go(x1 = 1; throw e1) vs go(x2 = 1; throw e2): await reports one first, the other suppressed; cause(ctx) is the first.")
    @Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE, desc = "e1 was recorded first: it is await's cause and the context's cause; e2 is suppressed; both writes visible.")
    @Outcome(id = "2, 1, 1, 1", expect = ACCEPTABLE, desc = "e2 was recorded first: it is await's cause and the context's cause; e1 is suppressed; both writes visible.")
    @State
    public static class TwoFailures {
        final Group g = Group.withContext(Context.background());
        int x1, x2;

        @Actor public void starter1() {
            g.go(() -> {
                x1 = 1;
                throw E1;
            });
        }
        @Actor public void starter2() {
            g.go(() -> {
                x2 = 1;
                throw E2;
            });
        }
        @Arbiter public void after(IIII_Result r) {
            Awaited a = awaitBounded(g);
            if (a == null) {
                r.r1 = r.r2 = r.r3 = r.r4 = -1;
                return;
            }
            List<Throwable> errs = a.errors;
            if (errs == null || errs.size() != 2) {
                r.r1 = errs == null ? 0 : -errs.size();
                return;
            }
            Context ctx = g.context();
            r.r1 = code(errs.get(0));
            r.r2 = code(errs.get(1));
            r.r3 = Context.cause(ctx) == errs.get(0) && ctx.err() == Context.CANCELED ? 1 : 0;
            r.r4 = x1 == 1 && x2 == 1 ? 1 : 0;
        }
    }

    /*
     * Actor 1 starts a task that fails with e1; actor 2 starts one that blocks on ctx.done(), then
     * reads cause(ctx) and returns ctx.err(). The failure is recorded before the cancel that wakes
     * the blocked task, so it sees e1 as the cause; its own error (CANCELED) comes second.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("withContext: go(throw e1) vs go(<-ctx.done(); c = cause(ctx); throw ctx.err()): the blocked task is woken and sees e1; await: e1 first, CANCELED suppressed.")
    @Outcome(id = "1, 3, 1, 1", expect = ACCEPTABLE, desc = "e1 first (and the context's cause); the woken task's CANCELED suppressed; it saw cause e1.")
    @State
    public static class FailureWakesWaitingTask {
        final Group g = Group.withContext(Context.background());
        final Context ctx = g.context();
        volatile Throwable seenCause;

        @Actor public void failer() {
            g.go(() -> {
                throw E1;
            });
        }
        @Actor public void waiterStarter() {
            g.go(() -> {
                ctx.done().recv();
                seenCause = Context.cause(ctx);
                throw ctx.err();
            });
        }
        @Arbiter public void after(IIII_Result r) {
            Awaited a = awaitBounded(g);
            if (a == null) {
                r.r1 = r.r2 = r.r3 = r.r4 = -1;
                return;
            }
            List<Throwable> errs = a.errors;
            if (errs == null || errs.size() != 2) {
                r.r1 = errs == null ? 0 : -errs.size();
                return;
            }
            r.r1 = code(errs.get(0));
            r.r2 = code(errs.get(1));
            r.r3 = code(Context.cause(ctx));
            r.r4 = code(seenCause);
        }
    }
}
