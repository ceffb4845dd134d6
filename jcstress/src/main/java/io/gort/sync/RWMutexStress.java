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
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress scenarios for {@link RWMutex}: a reader never sees half of a writer's critical section
 * (the writer writes two plain ints; a reader under rLock reads both equal), readers wait for a
 * pending writer and are released by its unlock, and tryRLock against lock. The arbiters check the
 * lock ends free: {@code tryLock} succeeds on it. Run:
 * {@code mvn -o -pl jcstress -am package -DskipTests exec:exec -Djcstress.test='sync.RWMutexStress'}.
 */
public class RWMutexStress {

    /** 1 if no reader or writer holds the lock (tryLock succeeds; it is then released). */
    static int free(RWMutex rw) {
        if (!rw.tryLock()) {
            return 0;
        }
        rw.unlock();
        return 1;
    }

    /** Shared outcomes. */
    @Outcome(expect = FORBIDDEN, desc = "Anything else: a reader saw half of a write (x != y), or the lock was left held.")
    static class OtherwiseForbidden { }

    /* Writer vs reader: the reader sees both writes or neither. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("(lock; x = 1; y = 1; unlock) vs (rLock; read y, x; rUnlock): the reader sees both writes or neither.")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "The reader went first.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "The writer went first (the reader waited, parked or not, for its unlock).")
    @State
    public static class WriterVsReader extends HangGuard.Guarded {
        final RWMutex rw = new RWMutex();
        int x, y;

        @Actor public void writer() { rw.lock(); x = 1; y = 1; rw.unlock(); }
        @Actor public void reader(III_Result r) { rw.rLock(); r.r1 = y; r.r2 = x; rw.rUnlock(); }
        @Arbiter public void after(III_Result r) { r.r3 = free(rw); }
    }

    /*
     * The state is created read-locked (by no actor). The writer must wait for that reader's rUnlock
     * (R3: readerWait reaches zero, the last reader releases writerSem), and sees what was written
     * before it.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Read-locked: (x = 1; rUnlock) vs (lock; read x; unlock): the writer returns only after the rUnlock and sees x = 1.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The writer got the lock after the rUnlock and saw x = 1.")
    @State
    public static class RUnlockReleasesWriter extends HangGuard.Guarded {
        final RWMutex rw = new RWMutex();
        int x;
        { rw.rLock(); }

        @Actor public void reader() { x = 1; rw.rUnlock(); }
        @Actor public void writer(II_Result r) { rw.lock(); r.r1 = x; rw.unlock(); }
        @Arbiter public void after(II_Result r) { r.r2 = free(rw); }
    }

    /* tryRLock vs lock: tryRLock fails only while the writer holds or waits for the lock. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("(tryRLock; read y, x; rUnlock) vs (lock; x = 1; y = 1; unlock): a successful tryRLock sees both writes or neither.")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "tryRLock succeeded before the writer.")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "tryRLock succeeded after the writer.")
    @Outcome(id = "-1, -1, 1", expect = ACCEPTABLE_INTERESTING, desc = "tryRLock found the writer holding or waiting and failed.")
    @State
    public static class TryRLockVsLock extends HangGuard.Guarded {
        final RWMutex rw = new RWMutex();
        int x, y;

        @Actor public void writer() { rw.lock(); x = 1; y = 1; rw.unlock(); }
        @Actor public void reader(III_Result r) {
            if (rw.tryRLock()) {
                r.r1 = y;
                r.r2 = x;
                rw.rUnlock();
            } else {
                r.r1 = r.r2 = -1;
            }
        }
        @Arbiter public void after(III_Result r) { r.r3 = free(rw); }
    }
}
