package io.gort.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress scenarios for {@link Mutex}: mutual exclusion (plain-int increments under the lock add
 * up exactly), tryLock against lock and tryLock, unlock by one thread and lock by another (the write
 * before the unlock is visible after the lock), a forced starvation-mode hand-off, and the misuse race
 * of two unlocks. The actors are jcstress's platform threads; the mutex parks them with LockSupport.
 * Every actor that blocks is guaranteed an unlock by another actor, so a lost wake-up shows as an
 * actor parked for ever, which {@link HangGuard} turns into a failed test (a VM error naming the
 * thread and the mutex's state). The arbiters also check that the mutex ends unlocked, in normal
 * mode, with no waiter counted ({@link #clean}).
 * Run: {@code mvn -o -pl jcstress -am package -DskipTests exec:exec -Djcstress.test='sync.MutexStress'}.
 */
public class MutexStress {

    /** 1 if the mutex is unlocked, not starving and counts no waiter: the state after every race. */
    static int clean(Mutex m) {
        return !m.isLocked() && !m.isStarving() && m.waiters() == 0 ? 1 : 0;
    }

    /** Shared outcomes. */
    @Outcome(expect = FORBIDDEN, desc = "Anything else: a lost increment (two holders at once), a stale read after lock, or a mutex left locked, starving or with a waiter counted.")
    static class OtherwiseForbidden { }

    // ---- mutual exclusion ------------------------------------------------------------------------

    /*
     * Two actors, three critical sections each: the later rounds find the lock held more often, so
     * the spin, park and wake paths run, not only the uncontended CAS.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Two actors each do lock; x++; unlock three times on a plain int: the sum is exactly 6.")
    @Outcome(id = "6, 1", expect = ACCEPTABLE, desc = "Every increment held the lock alone; the mutex ends clean.")
    @State
    public static class TwoIncrementers extends HangGuard.Guarded {
        final Mutex m = new Mutex();
        int x;

        void inc() {
            for (int i = 0; i < 3; i++) {
                m.lock();
                x++;
                m.unlock();
            }
        }

        @Actor public void a1() { inc(); }
        @Actor public void a2() { inc(); }
        @Arbiter public void after(II_Result r) { r.r1 = x; r.r2 = clean(m); }
    }

    /* tryLock vs lock: the tryLock may fail only because lock holds the mutex; both increments count. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("tryLock (then x++; unlock) vs lock; x++; unlock: x counts exactly the critical sections that ran.")
    @Outcome(id = "1, 2, 1", expect = ACCEPTABLE, desc = "tryLock succeeded (before or after the other's critical section); both incremented.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "tryLock found the mutex held by the other actor and failed; only the other incremented.")
    @State
    public static class TryLockVsLock extends HangGuard.Guarded {
        final Mutex m = new Mutex();
        int x;

        @Actor public void trier(III_Result r) {
            if (m.tryLock()) {
                x++;
                m.unlock();
                r.r1 = 1;
            } else {
                r.r1 = 0;
            }
        }
        @Actor public void locker() { m.lock(); x++; m.unlock(); }
        @Arbiter public void after(III_Result r) { r.r2 = x; r.r3 = clean(m); }
    }

    /* Two tryLocks, neither unlocks: exactly one wins; a tryLock fails only if the other's CAS won. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("tryLock vs tryLock on a free mutex, no unlock: exactly one succeeds.")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Actor 1 took it; actor 2 failed; the mutex is held.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Actor 2 took it; actor 1 failed; the mutex is held.")
    @State
    public static class TryLockVsTryLock extends HangGuard.Guarded {
        final Mutex m = new Mutex();

        @Actor public void a1(III_Result r) { r.r1 = m.tryLock() ? 1 : 0; }
        @Actor public void a2(III_Result r) { r.r2 = m.tryLock() ? 1 : 0; }
        @Arbiter public void after(III_Result r) { r.r3 = m.isLocked() && m.waiters() == 0 ? 1 : 0; }
    }

    // ---- hand-off between threads ----------------------------------------------------------------

    /*
     * The state is created locked (by no actor). Actor 1 writes, then unlocks a mutex it did not lock;
     * actor 2 locks, spinning or parked until then, and must see the write: unlock happens before the
     * next lock returns.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Locked mutex: (x = 1; unlock) vs (lock; read x; unlock): the lock returns only after the unlock and sees x = 1.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The locker saw the write made before the unlock; the mutex ends clean.")
    @State
    public static class UnlockByAnotherThenLock extends HangGuard.Guarded {
        final Mutex m = new Mutex();
        int x;
        { m.lock(); }

        @Actor public void unlocker() { x = 1; m.unlock(); }
        @Actor public void locker(II_Result r) { m.lock(); r.r1 = x; m.unlock(); }
        @Arbiter public void after(II_Result r) { r.r2 = clean(m); }
    }

    /*
     * A forced starvation-mode hand-off. The mutex is created locked, with the test-only threshold -1:
     * any waiter that is woken and then loses the lock again starves.
     *   T2: waits until T1 is counted as a waiter; x = 1; unlock — wakes T1 (normal mode);
     *   T2: lock — usually barges in before T1 runs; y = 2;
     *   T1: woken, finds the mutex locked by T2: starving, so its CAS sets STARVING and it parks again
     *       at the front of the queue;
     *   T2: waits until STARVING is set (or T1 got the lock first after all: waiterDone); unlock —
     *       in starvation mode this hands the lock to T1 directly (LOCKED stays clear meanwhile);
     *   T1: takes the hand-off, sees x = 1 and y = 2, and, the last waiter, leaves starvation mode.
     * r1, r2: what T1 read under the lock; r3: whether T2 saw starvation mode (so its unlock was a
     * hand-off); r4: the mutex ends clean.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Forced starvation hand-off (threshold -1): the starving waiter gets the lock from unlock directly and sees both critical sections' writes.")
    @Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE, desc = "Starvation hand-off: T2 re-locked, T1 starved and was handed the lock by T2's unlock; it sees y = 2.")
    @Outcome(id = "1, 0, 0, 1", expect = ACCEPTABLE_INTERESTING, desc = "The woken T1 took the lock before T2 re-locked it (normal mode); it sees x = 1, not yet y.")
    @State
    public static class StarvationHandOff extends HangGuard.Guarded {
        final Mutex m = new Mutex(-1);
        int x, y;
        volatile boolean waiterDone;
        { m.lock(); }

        @Actor public void waiter(IIII_Result r) {
            m.lock();
            r.r1 = x;
            r.r2 = y;
            waiterDone = true;
            m.unlock();
        }

        @Actor public void holder(IIII_Result r) {
            while (m.waiters() == 0) {       // T1 always queues: the mutex is held until our unlock
                Thread.onSpinWait();
            }
            x = 1;
            m.unlock();
            m.lock();
            y = 2;
            boolean starving;
            while (!(starving = m.isStarving()) && !waiterDone) {
                Thread.onSpinWait();         // T1 is woken and will starve, or has had its turn
            }
            r.r3 = starving ? 1 : 0;
            m.unlock();
        }

        @Arbiter public void after(IIII_Result r) { r.r4 = clean(m); }
    }

    // ---- misuse ----------------------------------------------------------------------------------

    /* A locked mutex, two unlocks: exactly one succeeds, the other throws and changes nothing. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Locked mutex, unlock vs unlock: exactly one succeeds; the other throws 'sync: unlock of unlocked mutex' and leaves the state alone.")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Actor 1 unlocked; actor 2 threw.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Actor 2 unlocked; actor 1 threw.")
    @State
    public static class UnlockVsUnlock extends HangGuard.Guarded {
        final Mutex m = new Mutex();
        { m.lock(); }

        int unlock() {
            try {
                m.unlock();
                return 1;
            } catch (IllegalStateException e) {
                return 0;
            }
        }

        @Actor public void a1(III_Result r) { r.r1 = unlock(); }
        @Actor public void a2(III_Result r) { r.r2 = unlock(); }
        @Arbiter public void after(III_Result r) { r.r3 = clean(m); }
    }
}
