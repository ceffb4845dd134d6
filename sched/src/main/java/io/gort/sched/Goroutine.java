package io.gort.sched;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

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
 */
public final class Goroutine {
    private static final VarHandle STATE, REASON, ON, SINCE;
    static {
        try {
            var l = MethodHandles.lookup();
            STATE = l.findVarHandle(Goroutine.class, "state", GState.class);
            REASON = l.findVarHandle(Goroutine.class, "waitReason", WaitReason.class);
            ON = l.findVarHandle(Goroutine.class, "waitingOn", Object.class);
            SINCE = l.findVarHandle(Goroutine.class, "waitSince", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Live goroutines by their thread: Go's {@code allgs}, less the dead ones. */
    private static final ConcurrentHashMap<Thread, Goroutine> LIVE = new ConcurrentHashMap<>();

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

    private Goroutine(Scheduler scheduler, Runnable task, long parentId, StackTraceElement createdAt) {
        this.scheduler = scheduler;
        this.task = task;
        this.parentId = parentId;
        this.createdAt = createdAt;
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
        LIVE.put(t, g);
        try {
            t.start();
        } catch (RuntimeException | Error e) {
            LIVE.remove(t);
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
            LIVE.remove(thread);
        }
    }

    // ---- the current goroutine and the registry ------------------------------------------

    /** The goroutine running this code, or null on a thread that is not a goroutine. */
    public static Goroutine current() {
        return CURRENT.isBound() ? CURRENT.get() : null;
    }

    /** The number of live goroutines on all schedulers (Go's {@code runtime.NumGoroutine}, less main). */
    public static int count() {
        return LIVE.size();
    }

    /** A snapshot of the live goroutines, in no particular order. */
    public static List<Goroutine> all() {
        return new ArrayList<>(LIVE.values());
    }

    // ---- waiting ---------------------------------------------------------------------------

    /**
     * Records that the current thread is about to park for {@code reason} on {@code on}. Gort's
     * blocking primitives call it before their park loop and {@link #endWait()} after; on a thread
     * that is not a goroutine both are no-ops. Returns the record, or null, to pass to endWait.
     */
    public static Goroutine beginWait(WaitReason reason, Object on) {
        Goroutine g = current();
        if (g != null) {
            REASON.setOpaque(g, reason);
            ON.setOpaque(g, on);
            SINCE.setOpaque(g, System.nanoTime());
            STATE.setOpaque(g, GState.WAITING);
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

    /** The id of the goroutine that spawned it; 0 when spawned from a thread that is not a goroutine. */
    public long parentId() {
        return parentId;
    }

    /** The frame that called spawn, when {@code -Dgort.creationsite=true}; otherwise null. */
    public StackTraceElement createdAt() {
        return createdAt;
    }

    /** The class of the task it runs (for a lambda, names the class that wrote it). */
    public Class<?> taskClass() {
        return task.getClass();
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
            throw new GoInterruptedException(e);
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
