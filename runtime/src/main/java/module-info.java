/** gort's runtime: {@link io.gort.Go} (spawn, yield, sleep, NumGoroutine, GOMAXPROCS) and {@link io.gort.Time} (timers); {@code io.gort.sync} (Go's sync and x/sync);
 * {@code io.gort.context}, {@code io.gort.errgroup} and {@code io.gort.pattern} (the patterns of "Concurrency in Go"). */
module io.gort.runtime {
    requires transitive io.gort.sched;
    requires transitive io.gort.chan;
    requires org.jctools.core;
    requires java.management;
    exports io.gort;
    exports io.gort.sync;
    exports io.gort.errgroup;
    exports io.gort.context;
    exports io.gort.pattern;
}
