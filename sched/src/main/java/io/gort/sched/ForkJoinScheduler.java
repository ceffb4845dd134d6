package io.gort.sched;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ForkJoinPool of its own, in async (FIFO) mode as the JDK's default virtual-thread scheduler
 * is: a baseline to compare gort's schedulers with, on the same footing (an instance that can be
 * closed and run side by side with others).
 */
final class ForkJoinScheduler implements Scheduler, Executor {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ForkJoinPool pool;
    private final ThreadFactory threads;
    private final String name;

    ForkJoinScheduler(int parallelism) {
        this.name = "gort-forkjoin-" + INSTANCES.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ForkJoinPool(parallelism, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName(name + "-carrier-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        }, null, true);
        this.threads = Loom.ofVirtual(this).factory();
    }

    @Override
    public void execute(Runnable task) {
        if (pool.isShutdown()) {
            // A goroutine woken after close: run it on a short-lived platform thread.
            Thread.ofPlatform().daemon().name(name + "-afterlife").start(task);
            return;
        }
        try {
            pool.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closedMeanwhile) {
            Thread.ofPlatform().daemon().name(name + "-afterlife").start(task);
        }
    }

    @Override
    public Goroutine spawn(String name, Runnable task) {
        if (pool.isShutdown()) {
            throw new IllegalStateException("scheduler closed: " + this.name);
        }
        return Goroutine.start(this, threads, name, task);
    }

    /** What a ForkJoinPool counts: pool-wide only (see {@link SchedulerMetrics}). */
    @Override
    public SchedulerMetrics metrics() {
        return forkJoinMetrics(kind(), pool);
    }

    static SchedulerMetrics forkJoinMetrics(String kind, ForkJoinPool pool) {
        int active = pool.getActiveThreadCount(), size = pool.getPoolSize();
        CarrierMetrics rest = new CarrierMetrics(-1, false, CarrierMetrics.Status.IDLE,
                (int) Math.min(Integer.MAX_VALUE, pool.getQueuedTaskCount()), 0, 0, 0, pool.getStealCount(), 0, 0, 0, 0);
        return new SchedulerMetrics(kind, pool.getParallelism(), size, pool.getQueuedSubmissionCount(),
                Math.max(0, size - active), 0, 0, 0, 0, 0, java.util.List.of(), rest);
    }

    @Override public String kind() { return "forkjoin"; }
    @Override public int parallelism() { return pool.getParallelism(); }
    @Override public void close() { pool.shutdown(); }
    @Override public String toString() { return name + pool; }
}
