package io.gort.sched;

import java.util.concurrent.ThreadFactory;

/** The JDK's default virtual-thread scheduler, as a {@link Scheduler}. Needs no JVM flag. */
final class JdkDefaultScheduler implements Scheduler {
    static final JdkDefaultScheduler INSTANCE = new JdkDefaultScheduler();

    private final ThreadFactory threads = Loom.jdkDefaultThreads();

    private JdkDefaultScheduler() { }

    @Override public Goroutine spawn(String name, Runnable task) { return Goroutine.start(this, threads, name, task); }
    @Override public String kind() { return "jdk"; }

    @Override
    public int parallelism() {
        // As the JDK reads it: the property if it is a positive integer, else the core count.
        return MaxProcs.resolve(System.getProperty("jdk.virtualThreadScheduler.parallelism"), null,
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * What the JDK's {@link jdk.management.VirtualThreadSchedulerMXBean} says: pool size, queued
     * virtual threads (as the global queue depth), idle carriers (pool size less mounted threads).
     */
    @Override
    public SchedulerMetrics metrics() {
        var bean = java.lang.management.ManagementFactory.getPlatformMXBean(jdk.management.VirtualThreadSchedulerMXBean.class);
        int size = bean.getPoolSize();
        return new SchedulerMetrics(kind(), bean.getParallelism(), size, bean.getQueuedVirtualThreadCount(),
                Math.max(0, size - bean.getMountedVirtualThreadCount()), 0, 0, 0, 0, 0, java.util.List.of(), CarrierMetrics.NONE);
    }

    @Override public void close() { /* the JDK's scheduler is not ours to close */ }
    @Override public String toString() { return "JdkDefaultScheduler"; }
}
