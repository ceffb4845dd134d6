/**
 * gort's scheduler: goroutines are JDK virtual threads whose scheduler is gort's own M:N
 * work-stealing {@link io.gort.sched.Scheduler}. See {@code docs/HACKING.md}.
 */
module io.gort.sched {
    requires org.jctools.core;
    requires jdk.management;
    requires jdk.jfr;
    exports io.gort.sched;
}
