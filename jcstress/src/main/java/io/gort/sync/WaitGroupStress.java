package io.gort.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gort.Go;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress scenarios for {@link WaitGroup}: an await that races with the done (or dones) that take
 * the counter to zero returns only after it, sees every write made before each done, and never hangs;
 * the group ends with a zero counter and no waiter counted ({@link #clean}).
 *
 * <p>How a lost wake-up shows. In the Continuous tests every await is guaranteed its zeroing done
 * by another actor (or a goroutine an actor spawned), so an await that misses it parks its actor for
 * ever; {@link HangGuard} then halts the fork after 10 s and jcstress reports the test as a VM error
 * (a failure) with the thread and the group's state word. The Termination test
 * {@link DoneWakesParkedAwait} names it: its await is parked (jcstress signals about 1 ms after the
 * actor starts), and an await still parked 30 s after the done is the FORBIDDEN outcome STALE. Run:
 * {@code mvn -o -pl jcstress -am package -DskipTests exec:exec -Djcstress.test='sync.WaitGroupStress'}.
 */
public class WaitGroupStress {

    /** 1 if the counter is zero and no waiter is counted: the state after every race here. */
    static int clean(WaitGroup wg) {
        return wg.count() == 0 && wg.waiters() == 0 ? 1 : 0;
    }

    /** Shared outcomes. */
    @Outcome(expect = FORBIDDEN, desc = "Anything else: await returned before a done whose write it then missed, or the group was left with a count or a waiter.")
    static class OtherwiseForbidden { }

    /* add(1) before the race; done vs await: the await sees the write before the done. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("add(1); (x = 1; done) vs (await; read x): await returns only after the done and sees x = 1.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "await returned after the done (parked and woken, or it found the counter zero) and saw x = 1.")
    @State
    public static class DoneVsAwait extends HangGuard.Guarded {
        final WaitGroup wg = new WaitGroup();
        int x;
        { wg.add(1); }

        @Actor public void worker() { x = 1; wg.done(); }
        @Actor public void waiter(II_Result r) { wg.await(); r.r1 = x; }
        @Arbiter public void after(II_Result r) { r.r2 = clean(wg); }
    }

    /*
     * add(2); actor 1 does its done, actor 2 does its own done and then awaits: actor 2's waiter CAS
     * races with actor 1's zeroing add (G1/G2), in both orders.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("add(2); (x = 1; done) vs (done; await; read x): the await sees x = 1.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The await returned after both dones and saw x = 1.")
    @State
    public static class DoneVsDoneThenAwait extends HangGuard.Guarded {
        final WaitGroup wg = new WaitGroup();
        int x;
        { wg.add(2); }

        @Actor public void worker() { x = 1; wg.done(); }
        @Actor public void workerThenWaiter(II_Result r) { wg.done(); wg.await(); r.r1 = x; }
        @Arbiter public void after(II_Result r) { r.r2 = clean(wg); }
    }

    /*
     * add(1), two waiters, one done from a goroutine that actor 2 spawns before it awaits: the zeroing
     * add releases exactly the waiters it counted (G2), often both parked (a spawn takes microseconds).
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("add(1); (await; read x) vs (spawn goroutine {x = 1; done}; await; read x): both awaits return and see x = 1.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Both awaits returned after the goroutine's done and saw x = 1.")
    @State
    public static class TwoAwaitsVsGoroutineDone extends HangGuard.Guarded {
        final WaitGroup wg = new WaitGroup();
        int x;
        { wg.add(1); }

        @Actor public void waiter(III_Result r) { wg.await(); r.r1 = x; }
        @Actor public void spawnerThenWaiter(III_Result r) {
            Go.spawn(() -> {
                x = 1;
                wg.done();
            });
            wg.await();
            r.r2 = x;
        }
        @Arbiter public void after(III_Result r) { r.r3 = clean(wg); }
    }

    /* A parked await is woken by the last done: the wake-up is never lost. */
    @JCStressTest(Mode.Termination)
    @Description("add(1); an await (usually parked by the time of the signal) is woken by done().")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The done woke the await.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the await stayed parked after the counter reached zero.")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "await returned while the counter was not zero.")
    @State
    public static class DoneWakesParkedAwait {
        final WaitGroup wg = new WaitGroup();
        { wg.add(1); }

        @Actor public void waiter() {
            wg.await();
            if (wg.count() != 0) {
                throw new IllegalStateException("await returned with count " + wg.count());
            }
        }
        @Signal public void worker() { wg.done(); }
    }
}
