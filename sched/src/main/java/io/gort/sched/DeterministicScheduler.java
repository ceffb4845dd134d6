package io.gort.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * The scheduler of a synctest bubble (Go 1.24's {@code testing/synctest}), plus replayable
 * interleavings: one platform carrier thread runs the bubble's goroutines one at a time, and its
 * choice of the next goroutine to run comes from a random source seeded by the test. The same
 * seed and the same program give the same sequence of choices, so the same interleaving and the
 * same output. Users reach it through {@code io.gort.Synctest}; the runtime supplies the
 * {@link Hooks} (the bubble's virtual clock and its timers).
 *
 * <p>Go's words: the goroutines this scheduler spawns, and the goroutines they spawn (through
 * {@code Go.spawn}, which uses the current goroutine's scheduler when it is {@link #inheritable()}),
 * are the bubble. A goroutine is <em>durably blocked</em> when it is parked in a gort primitive
 * ({@link Goroutine#state()} WAITING) and can be woken only by another goroutine of the bubble
 * or by a timer of the bubble.
 */
public final class DeterministicScheduler implements Scheduler {
    /*
     * Design (docs/adr/0012-deterministic-scheduling.md).
     *
     * The executor of the bubble's virtual threads is execute(): it appends the continuation to
     * `ready`. The carrier loop (run on the thread started by run()):
     *     1. fires the timers due at the current virtual time (hooks.fireTimers(false));
     *     2. if `ready` is not empty: picks index rng.nextInt(ready.size()), swaps it out, records
     *        its local number in the trace, and runs it: the virtual thread mounts and runs until
     *        it parks, yields or ends. Unparks, yields and spawns made meanwhile call execute()
     *        from the carrier itself, in program order: deterministic;
     *     3. if `ready` is empty (every goroutine is parked): wakes the synctest.Wait caller if
     *        there is one; else advances the virtual clock to the earliest timer and fires the
     *        due ones (hooks.fireTimers(true)); else, if every live goroutine of the bubble is
     *        WAITING in gort's records, the bubble is deadlocked (Go's panic text); else some
     *        goroutine is parked outside gort (socket I/O, Thread.sleep, a plain LockSupport.park)
     *        and the carrier waits for the external execute() that will wake it;
     *     4. stops when no goroutine of the bubble is live and `ready` is empty.
     * There is no preemption and no monitor: a goroutine that never blocks or yields keeps the
     * carrier (Go's synctest preempts it). execute() from any other thread (a JDK timer thread
     * after Thread.sleep, the socket poller) is accepted, but where it lands in `ready` depends
     * on real timing: such a run is not replayable (Result.externalWakeups counts them).
     *
     * State and writers:
     *   ready, local, trace, steps, waiter, live, members, failure, rootDone, externals — under lock.
     *   rng (picks) — carrier thread only. userRng (select's case order) — the bubble's goroutines,
     *   which run one at a time on the carrier: single-threaded in effect.
     * Invariants: I1 a continuation is in `ready` at most once (the JDK submits a virtual thread
     *   again only after it ran). I2 live == the spawned goroutines whose body has not returned.
     *   I3 the trace has exactly `steps` entries, one local number (>= 1) per continuation run.
     * Ordering: execute (under lock) -> the carrier's pick (under lock) -> run: the submitter's
     *   writes happen-before the goroutine runs, as with any executor.
     */

    /** What the runtime supplies: the bubble's virtual clock and timers, and the deadlock dump. */
    public interface Hooks {
        /**
         * Fires the bubble's timers due now; if none is due and {@code advance}, first moves the
         * virtual clock to the earliest pending deadline. Called on the carrier between goroutine
         * runs. Returns how many timers fired (0: none pending, or none due and not advancing).
         */
        int fireTimers(boolean advance);

        /** The bubble's virtual monotonic clock, in nanoseconds. */
        long nanoTime();

        /** A goroutine dump of {@code goroutines} in Go's format. */
        String dump(List<Goroutine> goroutines);
    }

    /** Go's texts for the two kinds of bubble deadlock (runtime/synctest.go). */
    public static final String DEADLOCK = "deadlock: all goroutines in bubble are blocked";
    public static final String DEADLOCK_AFTER_ROOT = "deadlock: main bubble goroutine has exited but blocked goroutines remain";

    /** How a bubble ended: see {@link #run(Runnable)}. */
    public record Result(long seed, int[] trace, long steps, int goroutines, long externalWakeups,
                         Throwable failure, String deadlock, String dump) {
        /** The local numbers of the goroutines run, one per step: 1 is the root, then in spawn order. */
        public int[] trace() {
            return trace.clone();
        }

        @Override
        public String toString() {
            return "Result[seed=" + seed + " steps=" + steps + " goroutines=" + goroutines + " externalWakeups="
                    + externalWakeups + (failure != null ? " failure=" + failure : "")
                    + (deadlock != null ? " deadlock=" + deadlock : "") + "]";
        }
    }

    /** Open bubbles in the process: while 0, {@link #current()} is one volatile read. */
    private static volatile int open;
    private static final ReentrantLock OPEN_LOCK = new ReentrantLock();
    private static final int ABORT_STEPS = 100_000;
    /**
     * Clock advances in a row that fire timers but wake no goroutine, after which a bubble whose
     * goroutines are all durably blocked is reported as deadlocked (only tickers nobody reads are left).
     */
    private static final int MAX_FRUITLESS_ADVANCES = 100_000;

    private final long seed;
    private final Hooks hooks;
    private final Object attachment;
    private final ThreadFactory threads;
    private final SplittableRandom rng;        // carrier only
    private final SplittableRandom userRng;    // the bubble's goroutines (one at a time)

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final ArrayList<Runnable> ready = new ArrayList<>();                    // under lock
    private final IdentityHashMap<Runnable, Integer> local = new IdentityHashMap<>(); // under lock
    private final ArrayList<Goroutine> members = new ArrayList<>();                  // under lock
    private int[] trace = new int[256];                                              // under lock
    private long steps;                                                              // under lock
    private int live;                                                                // under lock
    private Thread waiter;                                                           // under lock
    private Throwable failure;                                                       // under lock
    private boolean rootDone, aborting, closed, ended;                               // under lock
    private long externals;                                                          // under lock
    private Thread carrier;                                                          // under lock
    private String deadlock, deadlockDump;                                           // under lock

    private DeterministicScheduler(long seed, Hooks hooks, Object attachment) {
        this.seed = seed;
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.attachment = attachment;
        this.rng = new SplittableRandom(seed);
        this.userRng = rng.split();
        this.threads = Loom.ofVirtual(this::execute).factory();
    }

    /**
     * A bubble scheduler picking with {@code seed}; {@code attachment} is the runtime's bubble
     * object ({@link #attachment()}). Throws UnsupportedOperationException without the
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED} flag (no fallback: a bubble needs its
     * own carrier).
     */
    public static DeterministicScheduler create(long seed, Hooks hooks, Object attachment) {
        if (!Loom.supported()) {
            throw new UnsupportedOperationException("synctest needs custom virtual-thread schedulers: add "
                    + "--add-opens java.base/java.lang=ALL-UNNAMED (" + Loom.unsupportedReason() + ")");
        }
        return new DeterministicScheduler(seed, hooks, attachment);
    }

    // ---- the bubble of the caller ------------------------------------------------------------

    /** True while any bubble is open in the process (a volatile read: the cheap pre-check). */
    public static boolean anyOpen() {
        return open != 0;
    }

    /**
     * The bubble scheduler of the current goroutine, or null outside a bubble. Costs one volatile
     * read while no bubble is open; else a {@link Goroutine#current()} lookup.
     */
    public static DeterministicScheduler current() {
        if (open == 0) {
            return null;
        }
        Goroutine g = Goroutine.current();
        return g != null && g.scheduler() instanceof DeterministicScheduler d ? d : null;
    }

    /** The caller's monotonic clock: the bubble's virtual one inside a bubble, else {@link System#nanoTime()}. */
    public static long nanoTime() {
        DeterministicScheduler d = current();
        return d == null ? System.nanoTime() : d.hooks.nanoTime();
    }

    /**
     * The caller's source of randomness for scheduling decisions (select's case order): the
     * bubble's seeded one inside a bubble, else {@link ThreadLocalRandom#current()}.
     */
    public static RandomGenerator random() {
        DeterministicScheduler d = current();
        return d == null ? ThreadLocalRandom.current() : d.userRng;
    }

    /** The object the runtime attached at {@link #create}. */
    public Object attachment() {
        return attachment;
    }

    public Hooks hooks() {
        return hooks;
    }

    public long seed() {
        return seed;
    }

    // ---- Scheduler -----------------------------------------------------------------------------

    @Override
    public Goroutine spawn(String name, Runnable task) {
        Objects.requireNonNull(task, "task");
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("synctest bubble has ended");
            }
            live++;
        } finally {
            lock.unlock();
        }
        Goroutine g;
        try {
            g = Goroutine.start(this, threads, name, () -> body(task));
        } catch (RuntimeException | Error e) {
            lock.lock();
            try {
                live--;
            } finally {
                lock.unlock();
            }
            throw e;
        }
        lock.lock();
        try {
            members.add(g);
        } finally {
            lock.unlock();
        }
        return g;
    }

    /** A goroutine's body: what escapes it is the bubble's failure (Go: a panic ends the test). */
    private void body(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            lock.lock();
            try {
                if (!aborting && failure == null) {
                    failure = t;
                }
            } finally {
                lock.unlock();
            }
        } finally {
            lock.lock();
            try {
                live--;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * False, always: a bubble judges its own deadlocks ("deadlock: all goroutines in bubble are
     * blocked"), and its goroutines may wait on virtual timers that the process-wide detector
     * (io.gort.Deadlocks) cannot see, so that detector must never call a bubble's goroutines stuck.
     */
    @Override
    public boolean isQuiescent() {
        return false;
    }

    /** True: {@code Go.spawn} from a goroutine of the bubble spawns into the bubble. */
    @Override
    public boolean inheritable() {
        return true;
    }

    @Override
    public String kind() {
        return "deterministic";
    }

    @Override
    public int parallelism() {
        return 1;
    }

    /** Refuses new goroutines; the bubble ends by itself when its goroutines have exited. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** The virtual threads' executor: queue the continuation for the carrier. */
    private void execute(Runnable task) {
        lock.lock();
        try {
            if (ended) {
                // The bubble has ended; a goroutine it left parked was woken later. Run it on a
                // short-lived thread of its own rather than lose it.
                Thread.ofPlatform().daemon().name("gort-synctest-straggler").start(task);
                return;
            }
            Thread c = carrier;
            if (c != null && c.isAlive() && Loom.currentCarrier() != c) {
                externals++;   // not from the bubble's carrier: where it lands depends on real timing
            }
            if (!local.containsKey(task)) {
                local.put(task, local.size() + 1);   // first execute = Thread.start: spawn order
            }
            ready.add(task);
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    // ---- synctest.Wait -------------------------------------------------------------------------

    /**
     * Go's {@code synctest.Wait}: blocks the calling goroutine until every other goroutine of its
     * bubble is durably blocked (or has exited). Throws IllegalStateException "goroutine is not in
     * a bubble" from outside the bubble, and "wait already in progress" if another goroutine of
     * the bubble is in await.
     */
    public void await() {
        if (current() != this) {
            throw new IllegalStateException("goroutine is not in a bubble");
        }
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            if (waiter != null) {
                throw new IllegalStateException("wait already in progress");
            }
            waiter = me;
        } finally {
            lock.unlock();
        }
        Goroutine g = Goroutine.beginWait(WaitReason.SYNCTEST_WAIT, this);
        try {
            for (;;) {
                lock.lock();
                try {
                    if (waiter != me) {
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                LockSupport.park(this);   // the carrier unparks us: an execute from the carrier
            }
        } finally {
            Goroutine.endWait(g);
        }
    }

    // ---- the carrier -----------------------------------------------------------------------------

    /**
     * Spawns {@code root} as goroutine 1 of the bubble, runs the bubble on a new platform carrier
     * thread and waits (the caller's thread) until every goroutine of the bubble has exited, or
     * the bubble deadlocked. Once per scheduler.
     */
    public Result run(Runnable root) {
        Runnable rootBody = () -> {
            try {
                root.run();
            } finally {
                lock.lock();
                try {
                    rootDone = true;
                } finally {
                    lock.unlock();
                }
            }
        };
        Thread t = Thread.ofPlatform().name("gort-synctest-" + seed).unstarted(this::carrierLoop);
        lock.lock();
        try {
            if (carrier != null) {
                throw new IllegalStateException("a bubble runs once");
            }
            carrier = t;
        } finally {
            lock.unlock();
        }
        OPEN_LOCK.lock();
        try {
            open++;
        } finally {
            OPEN_LOCK.unlock();
        }
        try {
            spawn(null, rootBody);
            t.start();
            boolean interrupted = false;
            for (;;) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    abort("synctest: the caller of Run was interrupted");
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            OPEN_LOCK.lock();
            try {
                open--;
            } finally {
                OPEN_LOCK.unlock();
            }
        }
        lock.lock();
        try {
            return new Result(seed, Arrays.copyOf(trace, (int) steps), steps, local.size(), externals,
                    failure, deadlock, deadlockDump);
        } finally {
            lock.unlock();
        }
    }

    private void carrierLoop() {
        try {
            loop();
        } finally {
            lock.lock();
            try {
                closed = true;
                ended = true;
            } finally {
                lock.unlock();
            }
        }
    }

    private void loop() {
        long abortSteps = 0;
        int fruitless = 0;   // clock advances in a row that woke no goroutine
        for (;;) {
            hooks.fireTimers(false);
            Runnable next;
            lock.lock();
            try {
                while (ready.isEmpty()) {
                    if (aborting) {
                        return;   // what the interrupts did not end stays parked (documented)
                    }
                    if (live == 0) {
                        // As Go 1.24's Run: pending timers still fire (an AfterFunc starts its
                        // goroutine in the bubble). Stop when none is left, or when one fired
                        // and woke nobody (a ticker no goroutine reads any more).
                        int fired = fireUnlocked(true);
                        if (fired > 0 && !ready.isEmpty()) {
                            continue;
                        }
                        return;
                    }
                    List<Goroutine> alive = liveMembers();
                    boolean durablyBlocked = !alive.isEmpty();
                    for (Goroutine g : alive) {
                        if (g.state() != GState.WAITING) {
                            durablyBlocked = false;   // parked outside gort: an external wake-up may come
                            break;
                        }
                    }
                    if (!durablyBlocked) {
                        wake.awaitUninterruptibly();   // until an execute from another thread, or an abort
                        continue;
                    }
                    if (waiter != null) {
                        Thread w = waiter;
                        waiter = null;
                        unlocked(() -> LockSupport.unpark(w));   // execute() from the carrier: deterministic
                        continue;
                    }
                    int fired = fireUnlocked(true);
                    if (!ready.isEmpty()) {
                        fruitless = 0;
                        continue;
                    }
                    if (fired > 0 && ++fruitless < MAX_FRUITLESS_ADVANCES) {
                        continue;   // e.g. a ticker nobody reads fired; a later timer may wake someone
                    }
                    String reason = rootDone ? DEADLOCK_AFTER_ROOT : DEADLOCK;
                    lock.unlock();
                    String dump;
                    try {
                        dump = hooks.dump(alive);
                    } finally {
                        lock.lock();
                    }
                    deadlockDump = dump;
                    abortLocked(reason, alive);
                }
                if (aborting && ++abortSteps > ABORT_STEPS) {
                    return;
                }
                int i = rng.nextInt(ready.size());
                int last = ready.size() - 1;
                next = ready.get(i);
                ready.set(i, ready.get(last));
                ready.remove(last);
                if (steps == trace.length) {
                    trace = Arrays.copyOf(trace, trace.length * 2);
                }
                trace[(int) steps++] = local.get(next);
            } finally {
                lock.unlock();
            }
            next.run();   // mounts the virtual thread until it parks, yields or ends
        }
    }

    /** hooks.fireTimers with the lock released (caller holds it). */
    private int fireUnlocked(boolean advance) {
        lock.unlock();
        try {
            return hooks.fireTimers(advance);
        } finally {
            lock.lock();
        }
    }

    /** Runs {@code r} with the lock released (caller holds it). */
    private void unlocked(Runnable r) {
        lock.unlock();
        try {
            r.run();
        } finally {
            lock.lock();
        }
    }

    /** Ends the bubble from outside (the caller of run was interrupted). */
    private void abort(String reason) {
        lock.lock();
        try {
            if (!aborting && !ended) {
                abortLocked(reason, liveMembers());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records {@code reason}, stops counting panics and interrupts {@code alive}: most gort waits
     * end with GoInterruptedException, so the goroutines unwind and leave no records behind.
     * Lock held; released while interrupting.
     */
    private void abortLocked(String reason, List<Goroutine> alive) {
        if (deadlock == null) {
            deadlock = reason;
        }
        aborting = true;
        wake.signal();
        unlocked(() -> {
            for (Goroutine g : alive) {
                g.thread().interrupt();
            }
        });
    }

    private List<Goroutine> liveMembers() {
        List<Goroutine> alive = new ArrayList<>();
        for (Goroutine g : members) {
            if (g.isAlive()) {
                alive.add(g);
            }
        }
        members.retainAll(alive);
        return alive;
    }

    // ---- diagnostics -----------------------------------------------------------------------------

    /** The trace so far: the local number of each goroutine run, in order. */
    public int[] trace() {
        lock.lock();
        try {
            return Arrays.copyOf(trace, (int) steps);
        } finally {
            lock.unlock();
        }
    }

    /** The bubble's live goroutines. */
    public List<Goroutine> goroutines() {
        lock.lock();
        try {
            return liveMembers();
        } finally {
            lock.unlock();
        }
    }

    /** Checks I2 and I3; throws AssertionError naming the broken one. */
    void checkInvariants() {
        lock.lock();
        try {
            if (live < 0) {
                throw new AssertionError("I2 corrupted: live=" + live);
            }
            for (int i = 0; i < steps; i++) {
                if (trace[i] < 1) {
                    throw new AssertionError("I3 corrupted: trace[" + i + "]=" + trace[i]);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "DeterministicScheduler[seed=" + seed + " steps=" + steps + " ready=" + ready.size() + " live=" + live
                    + " externals=" + externals + (deadlock != null ? " " + deadlock : "") + "]";
        } finally {
            lock.unlock();
        }
    }
}
