package io.gort.sched;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR event {@code io.gort.GoroutineSpawn}: a goroutine was spawned on a work-stealing (or global
 * queue) scheduler, with the spawn site's stack. Off by default (a program may spawn millions);
 * enable it for a recording: {@code recording.enable("io.gort.GoroutineSpawn")}. The JDK's own
 * {@code jdk.VirtualThreadStart} covers every virtual thread, without gort's ids and names.
 */
@Name("io.gort.GoroutineSpawn")
@Label("Goroutine Spawn")
@Category({"gort", "Goroutines"})
@Description("A goroutine was spawned")
@Enabled(false)
@StackTrace(true)
final class GoroutineSpawnEvent extends jdk.jfr.Event {
    @Label("Goroutine Id")
    long goroutineId;

    @Label("Goroutine Name")
    String goroutineName;

    @Label("Parent Id")
    @Description("The spawning goroutine's id; 0 for a thread that is not a goroutine")
    long parentId;

    @Label("Scheduler")
    String scheduler;
}
