package io.gort.sched;

import jdk.jfr.FlightRecorder;

/**
 * gort's JDK Flight Recorder events, and the cheap gate in front of them: Go's execution tracer
 * records every block and unblock; gort records, in JFR, the waits that lasted longer than a
 * threshold ({@code io.gort.GoroutinePark}), each helper carrier the monitor lends
 * ({@code io.gort.CarrierLent}) and, when asked, every spawn ({@code io.gort.GoroutineSpawn}, off by
 * default). See {@code docs/adr/0014-metrics-and-tracing.md}.
 *
 * <p>Cost while no recording has ever started in this JVM: {@link #ended} is one null test and one
 * read of {@link FlightRecorder#isInitialized()} (a static volatile boolean: a plain load on x86 and
 * ARM) per wait; no JFR class beyond {@code FlightRecorder} is loaded. Once JFR is initialized, the
 * event's own {@code isEnabled()} (a static read JFR maintains) gates the rest, and only an enabled
 * event pays a {@code System.nanoTime()} to compare the wait with the threshold.
 */
final class WaitEvents {
    private WaitEvents() { }

    /**
     * Called by {@link Goroutine#endWait} on the waiting goroutine's own thread, before it clears
     * the wait's reason and object: emits a park event if the wait lasted at least the threshold.
     */
    static void ended(Goroutine g) {
        if (g != null && FlightRecorder.isInitialized()) {
            Jfr.ended(g);
        }
    }

    /** The monitor (or a submitter after close) lent a helper carrier to {@code scheduler}. */
    static void carrierLent(String scheduler, int helpersLive, long stallNanos) {
        if (FlightRecorder.isInitialized()) {
            Jfr.carrierLent(scheduler, helpersLive, stallNanos);
        }
    }

    /** A goroutine was spawned on a work-stealing scheduler. */
    static void spawned(Goroutine g, String scheduler) {
        if (FlightRecorder.isInitialized()) {
            Jfr.spawned(g, scheduler);
        }
    }

    /** Holder: loaded (with the event classes) only once JFR is initialized. */
    private static final class Jfr {
        static void ended(Goroutine g) {
            GoroutineParkEvent e = new GoroutineParkEvent();
            if (!e.isEnabled()) {
                return;
            }
            e.waited = System.nanoTime() - g.waitSinceNanos();
            e.goroutineId = g.id();
            e.goroutineName = g.name();
            e.reason = g.waitReason().toString();
            Object on = g.waitingOn();
            e.waitingOn = on == null ? null : on.getClass();
            e.commit();                  // the waitThreshold setting decides (GoroutineParkEvent.waitThreshold)
        }

        static void carrierLent(String scheduler, int helpersLive, long stallNanos) {
            CarrierLentEvent e = new CarrierLentEvent();
            if (e.isEnabled()) {
                e.scheduler = scheduler;
                e.helpers = helpersLive;
                e.longestStall = stallNanos;
                e.commit();
            }
        }

        static void spawned(Goroutine g, String scheduler) {
            GoroutineSpawnEvent e = new GoroutineSpawnEvent();
            if (e.isEnabled()) {
                e.goroutineId = g.id();
                e.goroutineName = g.name();
                e.parentId = g.parentId();
                e.scheduler = scheduler;
                e.commit();
            }
        }
    }
}
