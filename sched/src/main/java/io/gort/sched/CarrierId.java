package io.gort.sched;

import java.util.BitSet;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * A small index of the carrier thread the caller runs on, for per-carrier caches (what Go's
 * runtime gets from {@code pin()}: the current P's id). {@code sync.Pool}-like structures index an
 * array with {@code CarrierId.current() & mask}.
 *
 * <p><b>It is a hint.</b> A goroutine can move to another carrier right after it reads its id (at its
 * next park, yield or wake-up), and several threads can share an index (see below), so a
 * structure indexed by it must stay correct when two threads use the same slot at once: use
 * atomics on the slot, never "this slot is mine". It only makes contention unlikely.
 *
 * <ul>
 *   <li>On one of gort's own carriers (every {@link Scheduler#workStealing(int)} or
 *       {@link Scheduler#globalQueue(int)} carrier, and the helper carriers the monitor lends):
 *       a dense id assigned when the carrier thread is made: the lowest id no live carrier holds,
 *       given back when the carrier thread ends. With one scheduler of n carriers the ids are
 *       0..n-1; several schedulers side by side get distinct ids while their carriers live.</li>
 *   <li>On a {@code ForkJoinPool} carrier (the JDK's default virtual-thread scheduler,
 *       {@link Scheduler#forkJoin(int)}): the worker's {@link ForkJoinWorkerThread#getPoolIndex()};
 *       carriers of two pools can share one.</li>
 *   <li>On any other thread (a platform thread; a virtual thread when gort cannot see carriers,
 *       i.e. without {@code --add-opens java.base/java.lang=ALL-UNNAMED}): a hash of the thread's id,
 *       stable for that thread; unrelated threads can share it.</li>
 * </ul>
 * Always {@code >= 0}. Cost: one intrinsic read of the carrier thread, a type check and a field
 * read: about 0.8 ns above an empty non-inlined call, and when inlined into a loop that does not
 * park the JIT hoists it out (bench {@code CarrierIdBenchmark}). A {@code ThreadLocal} could not
 * do this job: read in a virtual thread it is the virtual thread's own, not its carrier's.
 */
public final class CarrierId {
    private static final BitSet TAKEN = new BitSet();   // guarded by TAKEN; ids of live Carrier threads
    private static int bound;                             // guarded by TAKEN; 1 + the highest id ever handed out

    private CarrierId() { }

    /** The current carrier's index (see the class comment: a hint, {@code >= 0}). */
    public static int current() {
        Thread carrier = Loom.currentCarrier();
        if (carrier == null) {
            carrier = Thread.currentThread();   // no --add-opens: only the thread itself is visible
        }
        if (carrier instanceof Carrier c) {
            return c.id;
        }
        return fallback(carrier);
    }

    /**
     * One more than the highest id a gort carrier has held so far: a sizing hint for per-carrier
     * arrays ({@code >= 1}). Ids of other threads (the fallbacks above) are not bounded by it.
     */
    public static int bound() {
        synchronized (TAKEN) {
            return Math.max(1, bound);
        }
    }

    private static int fallback(Thread t) {
        if (t instanceof ForkJoinWorkerThread fj) {
            return fj.getPoolIndex() & Integer.MAX_VALUE;
        }
        long z = t.threadId() * 0x9E3779B97F4A7C15L;     // Fibonacci hashing: neighbouring ids spread out
        return (int) (z >>> 33);
    }

    /** Called when a {@link Carrier} is made: the lowest free id. */
    static int acquire() {
        synchronized (TAKEN) {
            int id = TAKEN.nextClearBit(0);
            TAKEN.set(id);
            bound = Math.max(bound, id + 1);
            return id;
        }
    }

    /** Called when a {@link Carrier} thread ends (or was never started). */
    static void release(int id) {
        synchronized (TAKEN) {
            TAKEN.clear(id);
        }
    }
}
