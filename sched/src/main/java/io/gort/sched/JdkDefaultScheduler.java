package io.gort.sched;

import java.util.concurrent.ThreadFactory;

/** The JDK's default virtual-thread scheduler, as a {@link Scheduler}. Needs no JVM flag. */
final class JdkDefaultScheduler implements Scheduler {
    static final JdkDefaultScheduler INSTANCE = new JdkDefaultScheduler();

    private final ThreadFactory threads = Thread.ofVirtual().factory();

    private JdkDefaultScheduler() { }

    @Override public Goroutine spawn(String name, Runnable task) { return Goroutine.start(this, threads, name, task); }
    @Override public String kind() { return "jdk"; }

    @Override
    public int parallelism() {
        String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        return p != null ? Integer.parseInt(p) : Runtime.getRuntime().availableProcessors();
    }

    @Override public void close() { /* the JDK's scheduler is not ours to close */ }
    @Override public String toString() { return "JdkDefaultScheduler"; }
}
