package io.gort.sched;

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

/**
 * jcstress scenarios for {@link SpmcArrayRunQueue}: each races an owner operation against a
 * thief, or two thieves, on a tiny ring, and checks that every task is taken exactly once and is
 * seen fully published. Run: {@code java -jar jcstress/target/jcstress.jar -t RunQueueStress -m quick -c 2}.
 *
 * <p>Encoding: tasks have ids that are powers of two, and each result is the bit mask of the task
 * ids an actor (or the arbiter, draining what is left) ended up with, so "lost" and "taken twice"
 * show up as missing or overlapping bits. The owner role is played by one actor; the state
 * constructor and the arbiter also act as the owner, before and after the race.
 */
public class RunQueueStress {

    /** A task with a plain (non-final, non-volatile) payload: a reader that sees it unset saw it half-published. */
    static final class Task implements Runnable {
        static final int PAYLOAD = 42;
        final int id;
        int payload;

        Task(int id) {
            this.id = id;
        }

        static Task published(int id) {
            Task t = new Task(id);
            t.payload = PAYLOAD;
            return t;
        }

        @Override public void run() { }
    }

    /** Result code for "the run queue threw AssertionError (corrupted)". */
    static final int CORRUPTED = -2;
    /** Result code for "got a task whose payload was not yet visible". */
    static final int HALF_PUBLISHED = -3;

    /** The mask of ids a thief got: the task to run now plus what it can pop from its own queue. */
    static int stealMask(SpmcArrayRunQueue victim, SpmcArrayRunQueue thief) {
        try {
            Runnable run = victim.stealInto(thief);
            if (run == null) {
                return 0;
            }
            return mask(run) | drainMask(thief);
        } catch (AssertionError e) {
            return CORRUPTED;
        }
    }

    /** Owner only: pops everything left and returns the mask of ids. */
    static int drainMask(SpmcArrayRunQueue q) {
        int m = 0;
        for (Runnable r; (r = q.pop()) != null; ) {
            int b = mask(r);
            if (b < 0) {
                return b;
            }
            m |= b;
        }
        return m;
    }

    static int mask(Runnable r) {
        if (r == null) {
            return 0;
        }
        Task t = (Task) r;
        return t.payload == Task.PAYLOAD ? t.id : HALF_PUBLISHED;
    }

    static SpmcArrayRunQueue queueOf(int capacity, int... ids) {
        var q = new SpmcArrayRunQueue(capacity);
        for (int id : ids) {
            if (!q.push(Task.published(id))) {
                throw new IllegalStateException("prefill overflow");
            }
        }
        return q;
    }

    /** Shared outcomes: anything not listed by a scenario is a lost, duplicated or half-published task. */
    @Outcome(expect = FORBIDDEN, desc = "Anything else: a task lost, taken twice, seen half-published, or the queue corrupted.")
    @Outcome(id = ".*-2.*", expect = FORBIDDEN, desc = "stealInto threw AssertionError: corrupted (e.g. stole an empty slot).")
    @Outcome(id = ".*-3.*", expect = FORBIDDEN, desc = "A task was taken before its payload write was visible.")
    static class OtherwiseForbidden { }

    /*
     * (a) Owner pop vs thief steal on a one-task queue: both CAS head 0 -> 1; exactly one wins.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Owner pop vs thief stealInto on a 1-task queue: exactly one of them gets the task.")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "Owner popped the task; the thief found the queue empty (or lost its CAS and then found it empty).")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "Thief stole the task; the owner found the queue empty.")
    @State
    public static class PopVsSteal {
        final SpmcArrayRunQueue q = queueOf(4, 1);
        final SpmcArrayRunQueue thief = new SpmcArrayRunQueue(4);

        @Actor public void owner(III_Result r) { r.r1 = mask(q.pop()); }
        @Actor public void thief(III_Result r) { r.r2 = stealMask(q, thief); }
        @Arbiter public void left(III_Result r) { r.r3 = drainMask(q); }
    }

    /*
     * (b) Owner push vs thief steal on an empty queue whose ring has wrapped (the slot being
     * reused held an older, popped task). The thief sees nothing or the whole task: never the
     * cleared slot, never the task without its payload (setTailRelease <-> tailAcquire).
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Owner push vs thief stealInto on an empty, wrapped queue: the thief sees nothing or the fully published task.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Thief came too early: found the queue empty; the task is still queued.")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "Thief stole the task and saw its payload (the push's release published it).")
    @State
    public static class PushVsSteal {
        final SpmcArrayRunQueue q = new SpmcArrayRunQueue(4);
        final SpmcArrayRunQueue thief = new SpmcArrayRunQueue(4);
        {
            for (int i = 0; i < 5; i++) {   // tail = head = 5: the next push reuses slot 1
                q.push(Task.published(16));
                q.pop();
            }
        }

        @Actor public void owner(III_Result r) {
            Task t = new Task(1);
            t.payload = Task.PAYLOAD;                   // plain write, published only by push's release
            r.r2 = q.push(t) ? 1 : 0;
        }
        @Actor public void thief(III_Result r) { r.r1 = stealMask(q, thief); }
        @Arbiter public void left(III_Result r) { r.r3 = drainMask(q); }
    }

    /*
     * (c) Two thieves on a two-task queue: each takes ceil(n/2) = 1; a thief with a stale head
     * loses its CAS, retries and takes the other task.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Two thieves on a 2-task queue: each gets exactly one task, none twice, none lost.")
    @Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "Thief 1 took the older task, thief 2 the newer.")
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "Thief 2 took the older task, thief 1 the newer.")
    @State
    public static class TwoThieves {
        final SpmcArrayRunQueue q = queueOf(4, 1, 2);
        final SpmcArrayRunQueue thief1 = new SpmcArrayRunQueue(4);
        final SpmcArrayRunQueue thief2 = new SpmcArrayRunQueue(4);

        @Actor public void thief1(III_Result r) { r.r1 = stealMask(q, thief1); }
        @Actor public void thief2(III_Result r) { r.r2 = stealMask(q, thief2); }
        @Arbiter public void left(III_Result r) { r.r3 = drainMask(q); }
    }

    /*
     * (c') Two thieves on a full queue: the first takes two (one to run, one queued in its own
     * ring), the second one of the remaining two; one task stays with the owner.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Two thieves on a full 4-task queue: 2 + 1 tasks stolen, 1 left, none twice, none lost.")
    @Outcome(id = "3, 4, 8", expect = ACCEPTABLE, desc = "Thief 1 first: took tasks 1,2; thief 2 took task 3; task 4 left.")
    @Outcome(id = "4, 3, 8", expect = ACCEPTABLE, desc = "Thief 2 first: took tasks 1,2; thief 1 took task 3; task 4 left.")
    @State
    public static class TwoThievesOnFullQueue {
        final SpmcArrayRunQueue q = queueOf(4, 1, 2, 4, 8);
        final SpmcArrayRunQueue thief1 = new SpmcArrayRunQueue(4);
        final SpmcArrayRunQueue thief2 = new SpmcArrayRunQueue(4);

        @Actor public void thief1(III_Result r) { r.r1 = stealMask(q, thief1); }
        @Actor public void thief2(III_Result r) { r.r2 = stealMask(q, thief2); }
        @Arbiter public void left(III_Result r) { r.r3 = drainMask(q); }
    }

    /*
     * (d) Owner drainHalf vs thief steal on a 3-task queue: whoever CASes head first takes
     * ceil(3/2) = 2, the other ceil(1/2) = 1.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Owner drainHalf vs thief stealInto on a 3-task queue: 2 + 1 tasks, none twice, none lost.")
    @Outcome(id = "3, 4, 0", expect = ACCEPTABLE, desc = "drainHalf first: it moved tasks 1,2; the thief stole task 3.")
    @Outcome(id = "4, 3, 0", expect = ACCEPTABLE_INTERESTING, desc = "Thief first: it stole tasks 1,2; drainHalf moved task 3.")
    @State
    public static class DrainHalfVsSteal {
        final SpmcArrayRunQueue q = queueOf(4, 1, 2, 4);
        final SpmcArrayRunQueue thief = new SpmcArrayRunQueue(4);

        @Actor public void owner(III_Result r) {
            int[] m = {0};
            q.drainHalf(t -> m[0] |= mask(t));
            r.r1 = m[0];
        }
        @Actor public void thief(III_Result r) { r.r2 = stealMask(q, thief); }
        @Arbiter public void left(III_Result r) { r.r3 = drainMask(q); }
    }

    /*
     * (e) A stale thief across a wrap-around. Ring of 2, head = 1, tail = 2 (task 2 in slot 1).
     * The owner pops task 2, then pushes 4 (slot 0) and 8 (slot 1, task 2's old slot).
     *   T1 (thief) reads head = 1, then tail = 3: n = 1, reads slot 1 = task 8
     *   T2 (owner) pop already moved head 1 -> 2
     *   T1 CAS head 1 -> 2 fails, retries with head = 2, and takes task 4
     * If that CAS could succeed, the thief would take 8 (overwritten slot) and 4/8 would be
     * duplicated or lost.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Owner pop+push+push across a wrap-around vs a thief: a thief with a stale head never takes an overwritten slot.")
    @Outcome(id = "0, 2, 12", expect = ACCEPTABLE, desc = "Thief stole task 2 first; owner's pop found nothing; tasks 4,8 left.")
    @Outcome(id = "2, 0, 12", expect = ACCEPTABLE, desc = "Owner popped task 2; the thief found the queue empty; tasks 4,8 left.")
    @Outcome(id = "2, 4, 8", expect = ACCEPTABLE_INTERESTING, desc = "Owner popped task 2; the thief stole task 4 after it was pushed; task 8 left.")
    @State
    public static class StaleThiefAfterWrapAround {
        final SpmcArrayRunQueue q = queueOf(2, 1, 2);
        final SpmcArrayRunQueue thief = new SpmcArrayRunQueue(2);
        {
            q.pop();                                       // head = 1, tail = 2
        }

        @Actor public void owner(III_Result r) {
            int m = mask(q.pop());
            if (!q.push(Task.published(4)) || !q.push(Task.published(8))) {
                m = CORRUPTED;                             // cannot be full: at most one task was ever queued
            }
            r.r1 = m;
        }
        @Actor public void thief(III_Result r) { r.r2 = stealMask(q, thief); }
        @Arbiter public void left(III_Result r) { r.r3 = drainMask(q); }
    }

    /*
     * (f) Owner push on a full queue vs a thief: push fails if it read head before the steal,
     * succeeds if after; the stolen task is never the pushed one and nothing is lost.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Owner push into a full 2-task queue vs thief stealInto: push fails (queue unchanged) or lands after the steal.")
    @Outcome(id = "0, 1, 2", expect = ACCEPTABLE, desc = "Push saw the queue full and changed nothing; the thief stole task 1; task 2 left.")
    @Outcome(id = "1, 1, 6", expect = ACCEPTABLE_INTERESTING, desc = "The thief stole task 1 first; push saw the space and queued task 4 behind task 2.")
    @State
    public static class PushIntoFullVsSteal {
        final SpmcArrayRunQueue q = queueOf(2, 1, 2);
        final SpmcArrayRunQueue thief = new SpmcArrayRunQueue(2);

        @Actor public void owner(III_Result r) { r.r1 = q.push(Task.published(4)) ? 1 : 0; }
        @Actor public void thief(III_Result r) { r.r2 = stealMask(q, thief); }
        @Arbiter public void left(III_Result r) { r.r3 = drainMask(q); }
    }

    /*
     * (g) Stealing from a thief's own queue right after it stole: the first thief publishes the
     * tasks it keeps with its own tail release; a second thief sees none, or them whole.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Thief A steals 2 of 4 (runs one, queues one) while thief B steals from A's queue: B sees nothing or the queued task, never an empty slot.")
    @Outcome(id = "2, 0, 13", expect = ACCEPTABLE, desc = "B found A's queue empty; task 1 stays in A's queue, tasks 4,8 with the victim.")
    @Outcome(id = "2, 1, 12", expect = ACCEPTABLE_INTERESTING, desc = "B stole task 1 from A's queue after A published it.")
    @State
    public static class StealFromFreshThief {
        final SpmcArrayRunQueue victim = queueOf(4, 1, 2, 4, 8);
        final SpmcArrayRunQueue a = new SpmcArrayRunQueue(4);
        final SpmcArrayRunQueue b = new SpmcArrayRunQueue(4);

        @Actor public void thiefA(III_Result r) {
            try {
                r.r1 = mask(victim.stealInto(a));          // what A runs now; the rest stays in a
            } catch (AssertionError e) {
                r.r1 = CORRUPTED;
            }
        }
        @Actor public void thiefB(III_Result r) { r.r2 = stealMask(a, b); }
        @Arbiter public void left(III_Result r) { r.r3 = drainMask(a) | drainMask(victim); }
    }
}
