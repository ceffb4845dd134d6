package io.gort.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gort.Go;
import io.gort.sched.Goroutine;

import java.time.Duration;

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
 * jcstress scenarios for {@link Cond} over a {@link Mutex}: no lost wake-up. A waiter does the
 * canonical {@code lock; while (!flag) await; unlock}; a signaller sets the flag under the lock and
 * signals (or broadcasts), with the lock held or just after releasing it, which Go allows. The waiter
 * must always finish, and see the signaller's writes. The arbiters check that no waiter node is left
 * queued and the mutex ends clean.
 *
 * <p>How a lost wake-up shows: a waiter that misses its signal parks for ever. In the Termination
 * tests (the waiter is usually parked when jcstress delivers the signal, about 1 ms after it starts)
 * that is the FORBIDDEN outcome STALE. In the Continuous tests every waiter has its signaller, so a
 * correct run always ends: a parked actor is caught by {@link HangGuard} (the fork halts after 10 s,
 * a failed test), and a parked goroutine by the bounded join in the actor that spawned it (outcome
 * -1, FORBIDDEN). Run:
 * {@code mvn -o -pl jcstress -am package -DskipTests exec:exec -Djcstress.test='sync.CondStress'}.
 */
public class CondStress {

    /** 1 if no waiter is queued on the Cond and its mutex is unlocked, clean: the state after every race. */
    static int clean(Cond c, Mutex m) {
        return c.waiting() == 0 && MutexStress.clean(m) == 1 ? 1 : 0;
    }

    /** Shared outcomes. */
    @Outcome(expect = FORBIDDEN, desc = "Anything else: a waiter returned without seeing the signaller's write, or a node or the lock was left behind.")
    static class OtherwiseForbidden { }

    /**
     * The shared scenario: a flag and a value guarded by a Mutex, a Cond on it, the canonical waiter
     * and the two ways to signal (Go allows signal with or without the lock held).
     */
    static final class Flag {
        final Mutex m = new Mutex();
        final Cond c = new Cond(m);
        boolean flag;   // guarded by m
        int x;          // guarded by m

        /** lock; while (!flag) await; read x; unlock. */
        int awaitFlag() {
            m.lock();
            try {
                while (!flag) {
                    c.await();
                }
                return x;
            } finally {
                m.unlock();
            }
        }

        /** lock; x = 1; flag = true; signal; unlock. */
        void signalUnderLock() {
            m.lock();
            x = 1;
            flag = true;
            c.signal();
            m.unlock();
        }

        /** lock; x = 1; flag = true; unlock; signal. */
        void signalAfterUnlock() {
            m.lock();
            x = 1;
            flag = true;
            m.unlock();
            c.signal();
        }

        /** lock; x = 1; flag = true; broadcast; unlock. */
        void broadcastUnderLock() {
            m.lock();
            x = 1;
            flag = true;
            c.broadcast();
            m.unlock();
        }

        int clean() {
            return CondStress.clean(c, m);
        }
    }

    // ---- termination: a parked waiter is woken ---------------------------------------------------

    @JCStressTest(Mode.Termination)
    @Description("lock; while (!flag) await; unlock vs lock; flag = true; signal; unlock: the waiter always finishes.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The signal woke the waiter (or it saw the flag first).")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the waiter stayed parked after the signal.")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "The waiter threw.")
    @State
    public static class SignalUnderLockWakesWaiter {
        final Flag f = new Flag();

        @Actor public void waiter() { f.awaitFlag(); }
        @Signal public void signaller() { f.signalUnderLock(); }
    }

    @JCStressTest(Mode.Termination)
    @Description("lock; while (!flag) await; unlock vs lock; flag = true; unlock; signal: the waiter always finishes.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The signal woke the waiter (or it saw the flag first).")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the waiter stayed parked after the signal.")
    @Outcome(id = "ERROR", expect = FORBIDDEN, desc = "The waiter threw.")
    @State
    public static class SignalAfterUnlockWakesWaiter {
        final Flag f = new Flag();

        @Actor public void waiter() { f.awaitFlag(); }
        @Signal public void signaller() { f.signalAfterUnlock(); }
    }

    // ---- continuous: the waiter's ticket against the signal --------------------------------------

    /* The signal races with every step of await: the ticket, the unlock, the queueing, the park. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Waiter vs (lock; x = 1; flag = true; signal; unlock): the waiter finishes and sees x = 1.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The waiter saw the flag (at once, or after the signal woke it) and x = 1.")
    @State
    public static class SignalUnderLockVsWaiter extends HangGuard.Guarded {
        final Flag f = new Flag();

        @Actor public void waiter(II_Result r) { r.r1 = f.awaitFlag(); }
        @Actor public void signaller() { f.signalUnderLock(); }
        @Arbiter public void after(II_Result r) { r.r2 = f.clean(); }
    }

    /* Signal after the unlock: the waiter may be anywhere between its ticket and its park. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Waiter vs (lock; x = 1; flag = true; unlock; signal): the waiter finishes and sees x = 1.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The waiter saw the flag (at once, or after the signal woke it) and x = 1.")
    @State
    public static class SignalAfterUnlockVsWaiter extends HangGuard.Guarded {
        final Flag f = new Flag();

        @Actor public void waiter(II_Result r) { r.r1 = f.awaitFlag(); }
        @Actor public void signaller() { f.signalAfterUnlock(); }
        @Arbiter public void after(II_Result r) { r.r2 = f.clean(); }
    }
    /*
     * Two waiters, one broadcast: actor 1 waits; actor 2 spawns a goroutine that waits, then
     * broadcasts. Both must be woken (or see the flag first). The goroutine is not a jcstress thread,
     * so actor 2 bounds its join: a goroutine still parked after JOIN_SECONDS is a lost wake-up,
     * recorded as -1 (FORBIDDEN), and is interrupted so that the run goes on.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("A waiter vs (spawn a waiting goroutine; lock; x = 1; flag = true; broadcast; unlock): both finish and see x = 1.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Both waiters (the actor and the goroutine) finished and saw x = 1.")
    @State
    public static class BroadcastVsWaiterAndGoroutine extends HangGuard.Guarded {
        final Flag f = new Flag();
        volatile int seen = -1;   // the goroutine's read

        @Actor public void waiter(III_Result r) { r.r1 = f.awaitFlag(); }
        @Actor public void broadcaster(III_Result r) {
            Goroutine g = Go.spawn(() -> seen = f.awaitFlag());
            f.broadcastUnderLock();
            r.r2 = joinBounded(g) ? seen : -1;
        }
        @Arbiter public void after(III_Result r) { r.r3 = f.clean(); }
    }

    /*
     * Two waiters each take one token (actor 1, and a goroutine that actor 2 spawns); actor 2 then
     * adds two tokens, one signal each. A signal that wakes nobody while a waiter is parked with a
     * token available, or wakes the same waiter twice, leaves a waiter parked for ever.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("A token-taker vs (spawn a token-taking goroutine; (lock; tokens++; signal; unlock) twice): both take a token.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "Both waiters took a token; no token, node or lock is left.")
    @State
    public static class TwoSignalsVsWaiterAndGoroutine extends HangGuard.Guarded {
        final Mutex m = new Mutex();
        final Cond c = new Cond(m);
        int tokens;   // guarded by m
        volatile int took = -1;   // the goroutine's result

        int take() {
            m.lock();
            try {
                while (tokens == 0) {
                    c.await();
                }
                tokens--;
                return 1;
            } finally {
                m.unlock();
            }
        }

        @Actor public void waiter(III_Result r) { r.r1 = take(); }
        @Actor public void signaller(III_Result r) {
            Goroutine g = Go.spawn(() -> took = take());
            for (int i = 0; i < 2; i++) {
                m.lock();
                tokens++;
                c.signal();
                m.unlock();
            }
            r.r2 = joinBounded(g) ? took : -1;
        }
        @Arbiter public void after(III_Result r) { r.r3 = tokens == 0 && clean(c, m) == 1 ? 1 : 0; }
    }

    static final int JOIN_SECONDS = 10;

    /** Joins g for up to JOIN_SECONDS; if it is still running (parked), interrupts it and says false. */
    static boolean joinBounded(Goroutine g) {
        try {
            if (g.thread().join(Duration.ofSeconds(JOIN_SECONDS))) {
                return true;
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        g.thread().interrupt();
        return false;
    }
}
