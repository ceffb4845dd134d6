package io.gort.sched;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event {@code io.gort.GoroutinePark}: a goroutine waited in a gort primitive (channel, select,
 * sleep, sync, join) for at least {@code waitThreshold} (default 20 ms). Emitted when the wait ends,
 * on the goroutine's own thread, with the stack of the wait site. Go's tracer has the matching
 * {@code GoBlock*}/{@code GoUnblock} pair.
 *
 * <p>Why a setting of its own and not JFR's {@code threshold}: JFR measures an event's duration from
 * {@code begin()} to {@code end()} on one event object, so the event would have to be begun when the
 * wait begins, in {@code Goroutine.beginWait}, on every wait. gort already records the start of each
 * wait ({@link Goroutine#waitSinceNanos()}), so the event is created only at the end, and only
 * when enabled; {@code waited} carries the duration and {@code waitThreshold} filters on it. The
 * event's own start time is therefore the end of the wait. Configure it like any setting:
 * {@code recording.enable("io.gort.GoroutinePark").with("waitThreshold", "5 ms")}, or in a .jfc file.
 */
@Name("io.gort.GoroutinePark")
@Label("Goroutine Park")
@Category({"gort", "Goroutines"})
@Description("A goroutine waited in a gort primitive for at least the wait threshold")
@StackTrace(true)
final class GoroutineParkEvent extends jdk.jfr.Event {
    @Label("Goroutine Id")
    long goroutineId;

    @Label("Goroutine Name")
    String goroutineName;

    @Label("Wait Reason")
    @Description("Go's words, as in a goroutine dump: chan receive, select, sync.Mutex.Lock ...")
    String reason;

    @Label("Waiting On")
    @Description("The class of the object waited on (a channel, a mutex), if recorded")
    Class<?> waitingOn;

    @Label("Waited")
    @Timespan(Timespan.NANOSECONDS)
    long waited;

    @Label("Wait Threshold")
    @Name("waitThreshold")
    @SettingDefinition
    boolean waitThreshold(WaitThresholdSetting threshold) {
        return waited >= threshold.nanos();
    }
}
