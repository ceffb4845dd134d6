package io.gort;

import io.gort.sched.DeterministicScheduler;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import io.gort.sched.WaitReason;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Go's {@code go} statement and package {@code runtime}, for Java.
 *
 * <pre>{@code
 * Go.spawn(() -> System.out.println("hello from a goroutine"));   // go f()
 * Go.yield();                                                     // runtime.Gosched()
 * Go.sleep(Duration.ofMillis(10));                                // time.Sleep(10 * time.Millisecond)
 * int n = Go.numGoroutine();                                      // runtime.NumGoroutine()
 * }</pre>
 *
 * Goroutines run on {@link Scheduler#byDefault()}: gort's work-stealing scheduler with
 * {@link #maxProcs()} carriers, or another chosen with {@code -Dgort.scheduler=}. Every call here
 * works from any thread: a goroutine, a plain virtual thread or a platform thread such as main.
 * With {@code -Dgort.jmx=true} the first use of this class registers the {@link GoroutinesMBean}
 * {@code io.gort:type=Goroutines}, so that jconsole or any JMX client can take a {@link #dump()}.
 * Inside a {@link Synctest} bubble, spawn starts goroutines in the bubble and sleep waits on the
 * bubble's virtual clock.
 */
public final class Go {
    static {
        if (Goroutines.ENABLED) {
            Goroutines.register();      // -Dgort.jmx=true: io.gort:type=Goroutines (HACKING, "Goroutine dumps")
        }
        Deadlocks.install();            // -Dgort.deadlock=report|throw|exit|off (ADR 0011); off installs nothing
    }

    private Go() { }

    /** Starts {@code task} as a new goroutine (Go's {@code go task()}). */
    public static Goroutine spawn(Runnable task) {
        return spawnScheduler().spawn(null, task);
    }

    /** Starts {@code task} as a new goroutine called {@code name} (shown in dumps and thread names). */
    public static Goroutine spawn(String name, Runnable task) {
        return spawnScheduler().spawn(name, task);
    }

    /**
     * Where spawn starts goroutines: the caller's scheduler when it is {@link Scheduler#inheritable()}
     * (a goroutine of a {@link Synctest} bubble spawns into its bubble), else the default one. While
     * no bubble is open in the process this is one volatile read.
     */
    private static Scheduler spawnScheduler() {
        if (DeterministicScheduler.anyOpen()) {
            Goroutine g = Goroutine.current();
            if (g != null && g.scheduler().inheritable()) {
                return g.scheduler();
            }
        }
        return Scheduler.byDefault();
    }

    /**
     * Yields the carrier so other goroutines may run; the caller stays runnable and resumes
     * later (Go's {@code runtime.Gosched}). On a platform thread it is {@link Thread#yield()}.
     */
    public static void yield() {
        Thread.yield();
    }

    /**
     * Pauses the current goroutine for at least {@code d} (Go's {@code time.Sleep}); a zero or
     * negative duration returns at once. The carrier runs other goroutines meanwhile. Throws
     * {@link GoInterruptedException}, with the interrupt status kept, if the thread is interrupted.
     */
    public static void sleep(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        TimerEngine bubble = TimerEngine.current();
        Goroutine me = Goroutine.beginWait(WaitReason.SLEEP, null, true);
        try {
            if (bubble.isManual()) {
                TimerNodes.SleepNode.sleep(bubble, d);   // in a Synctest bubble: on its virtual clock
                return;
            }
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RuntimeException x = Goroutine.interruptedIn(me, e.getMessage() == null ? "interrupted" : e.getMessage());
            if (x instanceof GoInterruptedException) {
                x.initCause(e);
            }
            throw x;
        } finally {
            Goroutine.endWait(me);
        }
    }

    /** The number of live goroutines on all schedulers (Go's {@code runtime.NumGoroutine}; main is not one). */
    public static int numGoroutine() {
        return Goroutine.count();
    }

    /** GOMAXPROCS: {@code -Dgort.maxprocs}, else the environment's {@code GOMAXPROCS}, else the core count. */
    public static int maxProcs() {
        return Scheduler.maxProcs();
    }

    /** The current goroutine's id, or 0 on a thread that is not a goroutine. */
    public static long id() {
        Goroutine g = Goroutine.current();
        return g == null ? 0 : g.id();
    }

    /** The current goroutine's record, or null on a thread that is not a goroutine. */
    public static Goroutine current() {
        return Goroutine.current();
    }

    /**
     * A dump of every live goroutine in Go's format ({@code runtime.Stack(buf, true)}, the SIGQUIT
     * traceback): per goroutine, in ascending id order, {@code goroutine N [chan receive, 3 minutes]:},
     * its stack with gort's and the JDK's internal frames hidden, and {@code created by ...}; blocks
     * are separated by a blank line. The goroutines keep running; each one is read separately, so
     * the dump is not one instant. See docs/HACKING.md, "Goroutine dumps".
     */
    public static String dump() {
        return GoroutineDump.dump();
    }

    /**
     * The {@link #dump()} of just the given goroutines (those still live), in ascending id order:
     * for a leak check or a deadlock report that names some goroutines and not the others.
     */
    public static String dump(java.util.Collection<Goroutine> goroutines) {
        return GoroutineDump.dump(goroutines);
    }

    /**
     * The live goroutines grouped by identical stacks, largest group first, in the text of Go's
     * {@code /debug/pprof/goroutine?debug=1}: {@code goroutine profile: total N}, then per group
     * {@code K @ [chan receive]} and its frames. See {@link GoroutineProfile}.
     */
    public static String dumpGrouped() {
        return GoroutineProfile.take().text();
    }

    /** Writes {@link #dump()} to {@code out} and flushes it. */
    public static void dump(PrintStream out) {
        out.print(GoroutineDump.dump());
        out.flush();
    }

    /** The scheduler {@link #spawn} uses: the caller's bubble's inside a {@link Synctest} bubble, else the default one. */
    public static Scheduler scheduler() {
        return spawnScheduler();
    }
}
