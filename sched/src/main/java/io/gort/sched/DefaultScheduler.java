package io.gort.sched;

/** Holder of the process-wide scheduler: created on first use, never closed. */
final class DefaultScheduler implements Scheduler {
    static final Scheduler INSTANCE = new DefaultScheduler(
            Scheduler.of(System.getProperty("gort.scheduler", "workstealing"), Scheduler.maxProcs()));
    static {
        SchedTrace.startFromProperty(INSTANCE);      // -Dgort.schedtrace=N: Go's GODEBUG=schedtrace=N
    }

    private final Scheduler delegate;

    private DefaultScheduler(Scheduler delegate) {
        this.delegate = delegate;
    }

    @Override public Goroutine spawn(String name, Runnable task) { return delegate.spawn(name, task); }
    @Override public String kind() { return delegate.kind(); }
    @Override public int parallelism() { return delegate.parallelism(); }
    @Override public Stats stats() { return delegate.stats(); }
    @Override public SchedulerMetrics metrics() { return delegate.metrics(); }
    @Override public void close() { /* the default scheduler lives as long as the JVM */ }
    @Override public String toString() { return "default " + delegate; }

    /** The scheduler behind the default one (tests and diagnostics). */
    Scheduler delegate() {
        return delegate;
    }
}
