package io.gort.sched;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event {@code io.gort.CarrierLent}: the monitor lent a helper carrier because a carrier was
 * stuck (running one goroutine for a whole monitor interval) with work waiting (Go's hand-off of a
 * P from an M blocked in a syscall). Rare by design; on by default.
 */
@Name("io.gort.CarrierLent")
@Label("Carrier Lent")
@Category({"gort", "Scheduler"})
@Description("The monitor lent a helper carrier while a carrier was stuck")
@StackTrace(false)
final class CarrierLentEvent extends jdk.jfr.Event {
    @Label("Scheduler")
    String scheduler;

    @Label("Helpers Live")
    int helpers;

    @Label("Longest Stall")
    @Description("The longest time the monitor has seen one carrier run one goroutine")
    @Timespan(Timespan.NANOSECONDS)
    long longestStall;
}
