package io.gort.sched;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * The one place where gort reaches into the JDK: a virtual-thread builder whose scheduler is
 * gort's own {@link Executor}, and the current carrier thread. Both need
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it {@link #supported()} is
 * false and gort runs goroutines on the JDK's default scheduler (one warning line).
 *
 * <p>When the JDK ships a public custom-scheduler API (Loom's {@code VirtualThreadScheduler}),
 * only this class changes.
 */
public final class Loom {
    private static final MethodHandle NEW_BUILDER;      // (Executor) -> Thread.Builder.OfVirtual
    private static final MethodHandle CURRENT_CARRIER;  // () -> Thread
    private static final Executor JDK_DEFAULT_SCHEDULER; // VirtualThread.defaultScheduler()
    private static final String UNSUPPORTED_REASON;
    private static volatile boolean warned;

    static {
        MethodHandle builder = null, carrier = null;
        Executor jdkDefault = null;
        String reason = null;
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            var ctor = c.getDeclaredConstructor(Executor.class);
            ctor.setAccessible(true);   // throws InaccessibleObjectException without --add-opens
            var lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            builder = lookup.unreflectConstructor(ctor).asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
            carrier = lookup.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            jdkDefault = (Executor) MethodHandles.privateLookupIn(vt, MethodHandles.lookup())
                    .findStatic(vt, "defaultScheduler", MethodType.methodType(Executor.class)).invoke();
            // Fail now rather than at the first spawn (e.g. continuations unsupported on this VM).
            Thread.Builder.OfVirtual probe = (Thread.Builder.OfVirtual) builder.invokeExact((Executor) Runnable::run);
            probe.unstarted(() -> { });
            initPollersOnPlatformThread();
        } catch (Throwable t) {
            builder = null;
            carrier = null;
            jdkDefault = null;
            reason = t.toString();
        }
        NEW_BUILDER = builder;
        CURRENT_CARRIER = carrier;
        JDK_DEFAULT_SCHEDULER = jdkDefault;
        UNSUPPORTED_REASON = reason;
    }

    private Loom() { }

    /** True when virtual threads can be given gort's scheduler (the {@code --add-opens} flag is set). */
    public static boolean supported() {
        return NEW_BUILDER != null;
    }

    /** Why {@link #supported()} is false, or null. */
    public static String unsupportedReason() {
        return UNSUPPORTED_REASON;
    }

    /** A virtual-thread builder on {@code scheduler}; throws when not {@link #supported()}. */
    static Thread.Builder.OfVirtual ofVirtual(Executor scheduler) {
        if (NEW_BUILDER == null) {
            throw new UnsupportedOperationException("custom virtual-thread schedulers unavailable: " + UNSUPPORTED_REASON);
        }
        try {
            return (Thread.Builder.OfVirtual) NEW_BUILDER.invokeExact(scheduler);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create a virtual-thread builder", t);
        }
    }

    /**
     * A factory of virtual threads on the JDK's default scheduler, whoever calls it. A plain
     * {@code Thread.ofVirtual()} inherits the scheduler of a virtual thread that creates it, so
     * from a goroutine it would land on gort's carriers; naming the default scheduler avoids that.
     * Without the flag there is only the default scheduler, and {@code Thread.ofVirtual()} is it.
     */
    static java.util.concurrent.ThreadFactory jdkDefaultThreads() {
        return JDK_DEFAULT_SCHEDULER != null ? ofVirtual(JDK_DEFAULT_SCHEDULER).factory() : Thread.ofVirtual().factory();
    }

    /**
     * The platform thread that carries the current thread: itself for a platform thread, the
     * carrier for a mounted virtual thread. Null when not {@link #supported()}.
     */
    static Thread currentCarrier() {
        if (CURRENT_CARRIER == null) {
            return null;
        }
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Prints the fallback warning once per JVM. */
    static void warnFallbackOnce() {
        if (!warned) {
            synchronized (Loom.class) {
                if (!warned) {
                    warned = true;
                    System.err.println("gort: goroutines run on the JDK's default virtual-thread scheduler, not gort's:"
                            + " add --add-opens java.base/java.lang=ALL-UNNAMED to the java command (" + UNSUPPORTED_REASON + ")");
                }
            }
        }
    }

    /*
     * The JDK's socket poller threads (sun.nio.ch.Poller, "SubPoller-N") are virtual threads
     * created by whichever thread first initializes the Poller class, and they inherit that
     * thread's scheduler. If a goroutine did that first, every socket wake-up in the JVM would
     * depend on gort's carriers. Initializing the class from a platform thread puts them on the
     * JDK's default scheduler (shared/research/loom-spike.md, Q1 caveat 1).
     */
    private static void initPollersOnPlatformThread() throws InterruptedException {
        // Not a lambda: a lambda body would be a method of Loom, whose initialization is in progress.
        Thread t = Thread.ofPlatform().daemon().name("gort-poller-init").start(new PollerInit());
        t.join();
    }

    private static final class PollerInit implements Runnable {
        @Override
        public void run() {
            try {
                Class.forName("sun.nio.ch.Poller", true, null);
            } catch (Throwable ignored) {
                // No poller on this platform: nothing to keep off our carriers.
            }
        }
    }
}
