package io.gort.sched;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The record gort keeps of each live goroutine (Go's {@code g}): its id, optional name, state,
 * what it waits on and since when, and where it was created. Records of live goroutines are
 * listed by {@link #all()} (for dumps and leak checks); a finished goroutine leaves the list, so
 * nothing keeps it alive.
 *
 * <p>A goroutine is a virtual thread whose scheduler is one of gort's {@link Scheduler}s. Its id
 * is its thread's {@link Thread#threadId()}.
 *
 * <p>Memory model: everything a goroutine did before it finished happens-before {@link #join()}
 * returns (as {@link Thread#join()}). The state fields are diagnostics, written with opaque
 * stores: a reader on another thread sees a recent value, not necessarily the latest.
 *
 * <p><b>Foreign waiters</b> (for deadlock detection, ADR 0011): a thread that is not a goroutine
 * (a platform thread such as {@code main}, a plain virtual thread) waiting in a gort primitive gets a
 * pseudo record of its own ({@link #isForeign()}), cached per thread, and is listed by
 * {@link #foreignWaiters()} for the duration of the wait. It is not a goroutine: {@link #current()},
 * {@link #all()} and {@link #count()} never show it.
 *
 * <p><b>Registry mode</b>: by default the registry holds each live goroutine strongly, as the JDK
 * itself does (it tracks every virtual thread unless {@code -Djdk.trackAllThreads=false}). With
 * {@code -Djdk.trackAllThreads=false} nothing else keeps a parked virtual thread reachable, and the
 * registry holds goroutines by weak references: a goroutine that the GC collects while it waits
 * in a gort primitive can never run again (nothing can reach what it waits on), and it is listed
 * once by {@link #drainCollected()} (Go 1.26's goroutine-leak profile finds the same goroutines
 * with its own GC).
 */
public final class Goroutine {
    private static final VarHandle STATE, REASON, ON, SINCE, TIMED;
    static {
        try {
            var l = MethodHandles.lookup();
            STATE = l.findVarHandle(Goroutine.class, "state", GState.class);
            TIMED = l.findVarHandle(Goroutine.class, "timedWait", boolean.class);
            REASON = l.findVarHandle(Goroutine.class, "waitReason", WaitReason.class);
            ON = l.findVarHandle(Goroutine.class, "waitingOn", Object.class);
            SINCE = l.findVarHandle(Goroutine.class, "waitSince", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The JDK's own choice (jdk.internal.vm.ThreadContainers): all threads are tracked, and so
     * strongly reachable, unless {@code jdk.trackAllThreads} is set to something other than empty or "true".
     */
    static final boolean WEAK_REGISTRY;
    static {
        String s = System.getProperty("jdk.trackAllThreads");
        WEAK_REGISTRY = !(s == null || s.isEmpty() || Boolean.parseBoolean(s));
    }

    /** Live goroutines by their thread: Go's {@code allgs}, less the dead ones (strong mode only). */
    private static final ConcurrentHashMap<Thread, Goroutine> LIVE = new ConcurrentHashMap<>();
    /** Weak mode: live goroutines by id, weakly held; a collected one is queued on COLLECTED_REFS. */
    private static final ConcurrentHashMap<Long, Ref> WEAK_LIVE = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Goroutine> COLLECTED_REFS = new ReferenceQueue<>();
    /** Weak mode: goroutines collected while waiting, not yet drained (bounded: the rest are counted). */
    private static final ConcurrentLinkedQueue<Collected> COLLECTED = new ConcurrentLinkedQueue<>();
    private static final int MAX_COLLECTED = 10_000;
    private static final AtomicInteger COLLECTED_SIZE = new AtomicInteger();
    /** Threads that are not goroutines, while they wait in a gort primitive. */
    private static final ConcurrentHashMap<Thread, Goroutine> FOREIGN = new ConcurrentHashMap<>();
    /** Each non-goroutine thread's pseudo record, made on its first wait. */
    private static final ThreadLocal<Goroutine> FOREIGN_RECORD = ThreadLocal.withInitial(Goroutine::foreignRecord);
    /** A marker in {@link #side} for a foreign record. */
    private static final Object FOREIGN_SIDE = new Object();
    /** Told that a deadlock may have formed (see {@link #setDeadlockProbe}); null when none is set. */
    private static volatile Consumer<Goroutine> deadlockProbe;

    /** The goroutine running on this thread; a scoped value, so current() needs no map lookup. */
    private static final ScopedValue<Goroutine> CURRENT = ScopedValue.newInstance();

    private static final boolean RECORD_CREATION_SITE = Boolean.getBoolean("gort.creationsite");
    private static final StackWalker WALKER = StackWalker.getInstance();

    private static final PanicHandler DEFAULT_PANIC_HANDLER = Goroutine::printPanicReport;
    private static volatile PanicHandler panicHandler = DEFAULT_PANIC_HANDLER;

    private final Scheduler scheduler;
    private final Runnable task;
    private final long parentId;
    private final StackTraceElement createdAt;   // null unless -Dgort.creationsite=true
    private Thread thread;                       // set once, before start (happens-before run by Thread.start)
    private long id;

    private GState state = GState.RUNNABLE;      // opaque writes by the goroutine itself
    private WaitReason waitReason = WaitReason.NONE;
    private Object waitingOn;
    private long waitSince;
    private boolean timedWait;                   // opaque, with the wait fields: the wait ends by itself
    /**
     * Null for a goroutine in strong mode (the hot case: one load and a branch per wait); its
     * {@link Ref} in weak mode; {@link #FOREIGN_SIDE} for a foreign record. Set before start.
     */
    private Object side;
    /**
     * Armed by the deadlock detector (under this record's monitor) before it interrupts the thread;
     * taken by the wait's interrupt path ({@link #interruptedIn}) or cleared when the wait ended anyway.
     */
    private volatile RuntimeException deadlock;

    private Goroutine(Scheduler scheduler, Runnable task, long parentId, StackTraceElement createdAt) {
        this.scheduler = scheduler;
        this.task = task;
        this.parentId = parentId;
        this.createdAt = createdAt;
    }

    private static Goroutine foreignRecord() {
        Goroutine g = new Goroutine(null, null, 0, null);
        g.thread = Thread.currentThread();
        g.id = g.thread.threadId();
        g.side = FOREIGN_SIDE;
        g.state = GState.RUNNING;
        return g;
    }

    /**
     * Starts {@code task} as a goroutine made by {@code threads}, a virtual-thread factory of
     * {@code scheduler}. Called by the schedulers; users call {@link Scheduler#spawn}.
     */
    static Goroutine start(Scheduler scheduler, ThreadFactory threads, String name, Runnable task) {
        Objects.requireNonNull(task, "task");
        Goroutine parent = current();
        StackTraceElement site = RECORD_CREATION_SITE ? callSite() : null;
        Goroutine g = new Goroutine(scheduler, task, parent == null ? 0 : parent.id, site);
        Thread t = threads.newThread(g::run);
        if (name != null) {
            t.setName(name);
        }
        g.thread = t;
        g.id = t.threadId();
        if (WEAK_REGISTRY) {
            expunge();
            Ref r = new Ref(g);
            g.side = r;
            WEAK_LIVE.put(g.id, r);
        } else {
            LIVE.put(t, g);
        }
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            unregister(g);
            throw e;
        }
        return g;
    }

    private static StackTraceElement callSite() {
        return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("io.gort.sched.") && !f.getClassName().equals("io.gort.Go"))
                .findFirst()
                .map(StackWalker.StackFrame::toStackTraceElement)
                .orElse(null));
    }

    private void run() {
        STATE.setOpaque(this, GState.RUNNING);
        try {
            ScopedValue.where(CURRENT, this).run(task);
        } catch (Throwable panic) {
            try {
                panicHandler.panicked(this, panic);
            } catch (Throwable inHandler) {
                printPanicReport(this, inHandler);
            }
        } finally {
            STATE.setOpaque(this, GState.DEAD);
            unregister(this);
        }
    }

    private static void unregister(Goroutine g) {
        if (g.side instanceof Ref r) {
            r.clear();                                   // a dead goroutine is not reported as collected
            WEAK_LIVE.remove(g.id, r);
        } else {
            LIVE.remove(g.thread);
        }
    }

    // ---- the current goroutine and the registry ------------------------------------------

    /** The goroutine running this code, or null on a thread that is not a goroutine. */
    public static Goroutine current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** The number of live goroutines on all schedulers (Go's {@code runtime.NumGoroutine}, less main). */
    public static int count() {
        if (WEAK_REGISTRY) {
            expunge();
            return WEAK_LIVE.size();
        }
        return LIVE.size();
    }

    /** A snapshot of the live goroutines, in no particular order. */
    public static List<Goroutine> all() {
        if (WEAK_REGISTRY) {
            expunge();
            List<Goroutine> out = new ArrayList<>(WEAK_LIVE.size());
            for (Ref r : WEAK_LIVE.values()) {
                Goroutine g = r.get();
                if (g != null) {
                    out.add(g);
                }
            }
            return out;
        }
        return new ArrayList<>(LIVE.values());
    }

    /**
     * Visits the live goroutines, in no particular order, without copying the registry, until
     * {@code visitor} returns false; returns whether it visited them all. Weakly consistent: a
     * goroutine started or finished meanwhile may or may not be visited.
     */
    public static boolean forEachLive(java.util.function.Predicate<Goroutine> visitor) {
        if (WEAK_REGISTRY) {
            expunge();
            for (Ref r : WEAK_LIVE.values()) {
                Goroutine g = r.get();
                if (g != null && !visitor.test(g)) {
                    return false;
                }
            }
            return true;
        }
        for (Goroutine g : LIVE.values()) {
            if (!visitor.test(g)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The record of {@code t}: its goroutine's, or its foreign record while it waits in a gort
     * primitive; null otherwise. For the deadlock detector (a Mutex's owner is a thread).
     */
    public static Goroutine ofThread(Thread t) {
        if (t == null) {
            return null;
        }
        Goroutine g;
        if (WEAK_REGISTRY) {
            Ref r = WEAK_LIVE.get(t.threadId());
            g = r == null ? null : r.get();
        } else {
            g = LIVE.get(t);
        }
        return g != null ? g : FOREIGN.get(t);
    }

    /** The threads that are not goroutines and wait in a gort primitive right now, as their records. */
    public static List<Goroutine> foreignWaiters() {
        return new ArrayList<>(FOREIGN.values());
    }

    /** Whether a thread that is not a goroutine waits in a gort primitive right now (cheap). */
    public static boolean anyForeignWaiter() {
        return !FOREIGN.isEmpty();
    }

    /**
     * True when goroutines are held weakly ({@code -Djdk.trackAllThreads=false}), so that a
     * goroutine blocked on something nothing can reach is collected and shows in {@link #drainCollected()}.
     */
    public static boolean weakRegistry() {
        return WEAK_REGISTRY;
    }

    /**
     * What is known of a goroutine the GC collected while it waited in a gort primitive (weak mode
     * only): it can never run again. The record is gone; this keeps its id, name, where it was
     * created and what it waited on (the class of the object, not the object).
     */
    public record Collected(long id, String name, long parentId, StackTraceElement createdAt,
                            Class<?> taskClass, WaitReason waitReason, String waitingOnClass,
                            long waitSinceNanos) { }

    /**
     * Takes the goroutines collected while waiting since the last call (weak mode; always empty in
     * strong mode). At most 10,000 are kept between calls; later ones are dropped.
     */
    public static List<Collected> drainCollected() {
        expunge();
        List<Collected> out = new ArrayList<>();
        for (Collected c; (c = COLLECTED.poll()) != null; ) {
            COLLECTED_SIZE.decrementAndGet();
            out.add(c);
        }
        return out;
    }

    /** Weak mode: takes the collected goroutines' references off the registry. */
    private static void expunge() {
        for (Reference<? extends Goroutine> x; (x = COLLECTED_REFS.poll()) != null; ) {
            Ref r = (Ref) x;
            if (WEAK_LIVE.remove(r.id, r) && r.waitReason != null) {
                if (COLLECTED_SIZE.incrementAndGet() <= MAX_COLLECTED) {
                    COLLECTED.add(new Collected(r.id, r.name, r.parentId, r.createdAt, r.taskClass,
                            r.waitReason, r.waitingOnClass, r.waitSince));
                } else {
                    COLLECTED_SIZE.decrementAndGet();   // dropped: a report names the first 10,000
                }
            }
        }
    }

    /**
     * Weak mode: the registry's weak reference to a goroutine, with what a report needs once the
     * goroutine is gone. Never the object it waits on (that would keep the object, and so the
     * goroutine, alive). The wait fields are written by the goroutine itself (plain: read after
     * the GC has collected it, which orders them).
     */
    private static final class Ref extends WeakReference<Goroutine> {
        final long id;
        final String name;
        final long parentId;
        final StackTraceElement createdAt;
        final Class<?> taskClass;
        WaitReason waitReason;       // null while not waiting
        String waitingOnClass;
        long waitSince;

        Ref(Goroutine g) {
            super(g, COLLECTED_REFS);
            id = g.id;
            name = g.thread.getName();
            parentId = g.parentId;
            createdAt = g.createdAt;
            taskClass = g.task.getClass();
        }
    }

    // ---- waiting ---------------------------------------------------------------------------

    /**
     * Records that the current thread is about to park for {@code reason} on {@code on}, until
     * something else wakes it. Gort's blocking primitives call it before their park loop and
     * {@link #endWait} after. Returns the record to pass to endWait: the goroutine's, or, on a
     * thread that is not a goroutine, that thread's foreign record (registered as a waiter).
     */
    public static Goroutine beginWait(WaitReason reason, Object on) {
        return beginWait(reason, on, false);
    }

    /**
     * {@link #beginWait(WaitReason, Object)}; {@code timed}: the wait ends by itself (a deadline),
     * so the deadlock detector never counts it as blocked forever.
     */
    public static Goroutine beginWait(WaitReason reason, Object on, boolean timed) {
        Goroutine g = current();
        if (g == null) {
            return beginForeignWait(reason, on, timed);
        }
        long now = System.nanoTime();
        REASON.setOpaque(g, reason);
        ON.setOpaque(g, on);
        SINCE.setOpaque(g, now);
        TIMED.setOpaque(g, timed);
        STATE.setOpaque(g, GState.WAITING);
        Object side = g.side;
        if (side != null) {
            Ref r = (Ref) side;                          // weak mode (a goroutine is never foreign)
            r.waitingOnClass = on == null ? null : on.getClass().getName();
            r.waitSince = now;
            r.waitReason = reason;
        }
        return g;
    }

    /** Ends a wait begun by {@link #beginWait}; {@code g} may be null. */
    public static void endWait(Goroutine g) {
        WaitEvents.ended(g);   // metrics (ADR 0014): JFR io.gort.GoroutinePark, before the wait is cleared
        if (g != null) {
            STATE.setOpaque(g, GState.RUNNING);
            REASON.setOpaque(g, WaitReason.NONE);
            ON.setOpaque(g, null);
            Object side = g.side;
            if (side != null) {
                endWaitSlow(g, side);
            }
        }
    }

    private static Goroutine beginForeignWait(WaitReason reason, Object on, boolean timed) {
        if (!detectorLookedUp) {
            startDetector();
        }
        Goroutine g = FOREIGN_RECORD.get();
        REASON.setOpaque(g, reason);
        ON.setOpaque(g, on);
        SINCE.setOpaque(g, System.nanoTime());
        TIMED.setOpaque(g, timed);
        STATE.setOpaque(g, GState.WAITING);
        FOREIGN.put(g.thread, g);
        Consumer<Goroutine> probe = deadlockProbe;
        if (probe != null && !timed) {
            probe.accept(null);
        }
        return g;
    }

    private static volatile boolean detectorLookedUp;

    /**
     * The first wait of a thread that is not a goroutine starts the deadlock detector if the
     * runtime module is there (a program may use channels without ever touching {@code io.gort.Go}).
     */
    private static void startDetector() {
        detectorLookedUp = true;
        try {
            Class.forName("io.gort.Deadlocks", true, Goroutine.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            // sched and chan without runtime: no detector
        }
    }

    private static void endWaitSlow(Goroutine g, Object side) {
        if (side == FOREIGN_SIDE) {
            FOREIGN.remove(g.thread, g);
            VarHandle.fullFence();                       // RUNNING before reading `deadlock`; pairs with armDeadlock
            if (g.deadlock != null) {
                g.takeDeadlock();                        // armed as the wait ended: drop it and its interrupt
            }
        } else {
            ((Ref) side).waitReason = null;
        }
    }

    /**
     * Ends a wait that the deadlock detector may have picked as a victim (a Mutex wait): as
     * {@link #endWait}, then drops a victim mark armed as the wait ended anyway, with its interrupt;
     * returns true if it dropped one.
     */
    public static boolean endCancellableWait(Goroutine g) {
        endWait(g);
        if (g != null) {
            VarHandle.fullFence();                       // RUNNING before reading `deadlock`; pairs with armDeadlock
            if (g.deadlock != null) {
                return g.takeDeadlock() != null;
            }
        }
        return false;
    }

    /** Whether the deadlock detector has armed this record's wait to throw (see {@link #armDeadlock}). */
    public boolean isDeadlockArmed() {
        return deadlock != null;
    }

    /**
     * The exception a gort wait whose thread was interrupted must throw, having cancelled the
     * wait: the {@link DeadlockException} the deadlock detector armed for {@code g} (the interrupt
     * was the detector's: the thread's interrupt status is cleared), else a
     * {@link GoInterruptedException} with {@code message} (the status stays set).
     */
    public static RuntimeException interruptedIn(Goroutine g, String message) {
        if (g != null && g.deadlock != null) {
            RuntimeException e = g.takeDeadlock();
            if (e != null) {
                return e;
            }
        }
        return new GoInterruptedException(message);
    }

    /** The armed deadlock exception, or null; clears it, and the interrupt that came with it. Own thread only. */
    public RuntimeException takeDeadlock() {
        synchronized (this) {
            RuntimeException e = deadlock;
            if (e != null) {
                deadlock = null;
                Thread.interrupted();                    // the detector's interrupt, delivered inside armDeadlock
            }
            return e;
        }
    }

    /**
     * For the deadlock detector: makes this record's current wait throw {@code e}, if it is still
     * the wait that began at {@code sinceNanos} and is not {@link #isTimedWait() timed}. Arms the
     * mark, then interrupts the thread; the wait's interrupt path (which must call
     * {@link #interruptedIn}) cancels it and throws. Returns false, arming nothing, if the wait has
     * ended or another mark is armed.
     *
     * <p>Race with the end of the wait, written out: T1 (detector) writes {@code deadlock}, fences,
     * reads the state; T2 (waiter) writes RUNNING in endWait, fences, reads {@code deadlock}. One of
     * them sees the other: either T1 sees RUNNING and disarms, or T2 sees the mark and takes it under
     * this monitor, after T1's interrupt (delivered inside the monitor), so no interrupt is left behind.
     */
    public boolean armDeadlock(RuntimeException e, long sinceNanos) {
        synchronized (this) {
            if (deadlock != null) {
                return false;
            }
            deadlock = e;
            VarHandle.fullFence();
            if (state() != GState.WAITING || waitSinceNanos() != sinceNanos || isTimedWait()) {
                deadlock = null;
                return false;
            }
            thread.interrupt();
            return true;
        }
    }

    // ---- deadlock probe ---------------------------------------------------------------------

    /**
     * Installs the deadlock detector's probe (null: none), told when a deadlock may have formed:
     * with null when a thread that is not a goroutine starts an untimed wait or when a
     * work-stealing scheduler's carriers have all gone idle, with a record when that goroutine
     * started waiting for a Mutex whose holder waits for a Mutex too. It must be cheap (it runs
     * on those threads): set a flag, unpark a thread.
     */
    public static void setDeadlockProbe(Consumer<Goroutine> probe) {
        deadlockProbe = probe;
    }

    /** Tells the deadlock probe, if any, that a deadlock may have formed (see {@link #setDeadlockProbe}). */
    public static void probeDeadlock(Goroutine suspect) {
        Consumer<Goroutine> probe = deadlockProbe;
        if (probe != null) {
            probe.accept(suspect);
        }
    }

    // ---- accessors ---------------------------------------------------------------------------

    /** The goroutine's id: its virtual thread's {@link Thread#threadId()}. */
    public long id() {
        return id;
    }

    /** The name given at spawn, or the empty string. */
    public String name() {
        return thread.getName();
    }

    public GState state() {
        return (GState) STATE.getOpaque(this);
    }

    /** What it is parked on, Go's words; {@link WaitReason#NONE} unless {@link #state()} is WAITING. */
    public WaitReason waitReason() {
        return (WaitReason) REASON.getOpaque(this);
    }

    /** The object it is parked on (a channel, a mutex), or null. */
    public Object waitingOn() {
        return ON.getOpaque(this);
    }

    /** {@link System#nanoTime()} when its current or last wait began. */
    public long waitSinceNanos() {
        return (long) SINCE.getOpaque(this);
    }

    /** Whether its current or last wait ends by itself (a deadline): never "blocked forever". */
    public boolean isTimedWait() {
        return (boolean) TIMED.getOpaque(this);
    }

    /**
     * True for the pseudo record of a thread that is not a goroutine, waiting in a gort primitive
     * (see {@link #foreignWaiters()}): its id is its thread's id, it has no scheduler and no task.
     */
    public boolean isForeign() {
        return side == FOREIGN_SIDE;
    }

    /** The id of the goroutine that spawned it; 0 when spawned from a thread that is not a goroutine. */
    public long parentId() {
        return parentId;
    }

    /** The frame that called spawn, when {@code -Dgort.creationsite=true}; otherwise null. */
    public StackTraceElement createdAt() {
        return createdAt;
    }

    /** The class of the task it runs (for a lambda, names the class that wrote it); null for a foreign record. */
    public Class<?> taskClass() {
        return task == null ? null : task.getClass();
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** The virtual thread that runs it. */
    public Thread thread() {
        return thread;
    }

    /** True until its body has returned or thrown. */
    public boolean isAlive() {
        return state() != GState.DEAD;
    }

    /**
     * Waits for the goroutine to finish. Go has no such call (it uses a WaitGroup or a channel);
     * this is here for Java callers and tests. Throws {@link GoInterruptedException} if
     * interrupted.
     */
    public void join() {
        Goroutine me = beginWait(WaitReason.JOIN, this);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RuntimeException x = interruptedIn(me, "interrupted in goroutine join");
            if (x instanceof GoInterruptedException) {
                x.initCause(e);
            }
            throw x;
        } finally {
            endWait(me);
        }
    }

    @Override
    public String toString() {
        WaitReason r = waitReason();
        GState s = state();
        String what = s == GState.WAITING ? r.toString() : s.name().toLowerCase();
        String name = thread.getName();
        if (isForeign()) {
            return "thread \"" + name + "\" [" + what + "]";
        }
        return "goroutine " + id + (name.isEmpty() ? "" : " \"" + name + "\"") + " [" + what + "]";
    }

    // ---- panics --------------------------------------------------------------------------------

    /** Installs the handler for what escapes goroutine bodies; null restores the default. Returns the previous one. */
    public static PanicHandler setPanicHandler(PanicHandler handler) {
        PanicHandler previous = panicHandler;
        panicHandler = handler == null ? DEFAULT_PANIC_HANDLER : handler;
        return previous;
    }

    /** Go's report for an unrecovered panic: {@code panic: ...}, then {@code goroutine N [running]:} and the stack. */
    public static String panicReport(Goroutine g, Throwable panic) {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out);
        w.println("panic: " + panic);
        w.println();
        w.println("goroutine " + g.id() + " [running]:");
        panic.printStackTrace(w);
        w.flush();
        return out.toString();
    }

    private static void printPanicReport(Goroutine g, Throwable panic) {
        System.err.print(panicReport(g, panic));
        System.err.flush();
        if ("exit".equals(System.getProperty("gort.panic"))) {
            Runtime.getRuntime().exit(2);
        }
    }
}
