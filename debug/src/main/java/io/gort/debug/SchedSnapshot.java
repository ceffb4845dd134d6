package io.gort.debug;

import io.gort.pattern.StageStats;
import io.gort.sched.CarrierMetrics;
import io.gort.sched.GState;
import io.gort.sched.GoroutineStats;
import io.gort.sched.Scheduler;
import io.gort.sched.SchedulerMetrics;
import io.gort.sched.WaitReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code /debug/sched} serves and the page draws, read once per request: the default
 * scheduler's {@link Scheduler#metrics()} and {@link Scheduler#stats()}, the live goroutines
 * counted by state and wait reason ({@link GoroutineStats#snapshot()}), and the pattern stages'
 * counters. Each part is read on its own while everything keeps running, so the numbers are
 * recent, not one consistent cut (the same caveat as Go's {@code runtime/metrics}).
 *
 * @param time        when the snapshot was taken
 * @param sched       the scheduler's counters, per carrier
 * @param longestStallNanos the longest run of one goroutine on one carrier the monitor saw
 * @param goroutines  live goroutines (all schedulers) by state and by wait reason
 * @param stages      the live pattern stages' counters, by name
 */
record SchedSnapshot(Instant time, SchedulerMetrics sched, long longestStallNanos, GoroutineStats goroutines,
                     List<StageStats.Snapshot> stages) {

    /** The states in the order the JSON, the text and the page show them (DEAD is never live). */
    static final List<GState> STATES = List.of(GState.RUNNING, GState.RUNNABLE, GState.WAITING);

    /** Reads the default scheduler and every live goroutine now. */
    static SchedSnapshot take() {
        return take(Scheduler.byDefault());
    }

    static SchedSnapshot take(Scheduler s) {
        Instant now = Instant.now();
        SchedulerMetrics m = s.metrics();
        long stall = s.stats().longestStallNanos();
        GoroutineStats g = GoroutineStats.snapshot();
        List<StageStats.Snapshot> stages = new ArrayList<>();
        for (StageStats st : StageStats.all()) {
            stages.add(st.snapshot());
        }
        stages.sort(Comparator.comparing(StageStats.Snapshot::name));
        return new SchedSnapshot(now, m, stall, g, stages);
    }

    /** Waiting goroutines by reason in Go's words, largest first (then by name). */
    List<Map.Entry<String, Integer>> byReason() {
        List<Map.Entry<String, Integer>> l = new ArrayList<>();
        for (Map.Entry<WaitReason, Integer> e : goroutines.waitingByReason().entrySet()) {
            l.add(Map.entry(e.getKey().toString(), e.getValue()));
        }
        l.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry::getKey));
        return l;
    }

    static String state(GState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    static String status(CarrierMetrics c) {
        return c.status().name().toLowerCase(Locale.ROOT);
    }

    /** The snapshot as one JSON object (see HACKING, "Debug HTTP endpoint", for the fields). */
    String json() {
        SchedulerMetrics m = sched;
        StringBuilder b = new StringBuilder(1024).append('{');
        Json.name(b, "time");
        Json.string(b, time.toString()).append(',');
        Json.name(b, "kind");
        Json.string(b, m.kind()).append(',');
        Json.name(b, "parallelism").append(m.parallelism()).append(',');
        Json.name(b, "goroutines").append(goroutines.total()).append(',');
        Json.name(b, "byState").append('{');
        for (int i = 0; i < STATES.size(); i++) {
            b.append(i == 0 ? "" : ",");
            Json.name(b, state(STATES.get(i))).append(goroutines.count(STATES.get(i)));
        }
        b.append("},");
        Json.name(b, "byReason").append('{');
        List<Map.Entry<String, Integer>> reasons = byReason();
        for (int i = 0; i < reasons.size(); i++) {
            b.append(i == 0 ? "" : ",");
            Json.name(b, reasons.get(i).getKey()).append(reasons.get(i).getValue());
        }
        b.append("},");
        Json.name(b, "threads").append(m.threads()).append(',');
        Json.name(b, "idleCarriers").append(m.idleCarriers()).append(',');
        Json.name(b, "spinningCarriers").append(m.spinningCarriers()).append(',');
        Json.name(b, "globalQueueDepth").append(m.globalQueueDepth()).append(',');
        Json.name(b, "runQueueDepth").append(m.runQueueDepth()).append(',');
        Json.name(b, "helpers").append(m.helpers()).append(',');
        Json.name(b, "helpersLent").append(m.helpersLent()).append(',');
        Json.name(b, "monitorWakeups").append(m.monitorWakeups()).append(',');
        Json.name(b, "longestStallNanos").append(longestStallNanos).append(',');
        Json.name(b, "carriers").append('[');
        for (int i = 0; i < m.carriers().size(); i++) {
            b.append(i == 0 ? "" : ",");
            carrier(b, m.carriers().get(i));
        }
        b.append("],");
        Json.name(b, "rest");
        carrier(b, m.rest()).append(',');
        Json.name(b, "stages").append('[');
        for (int i = 0; i < stages.size(); i++) {
            StageStats.Snapshot st = stages.get(i);
            b.append(i == 0 ? "{" : ",{");
            Json.name(b, "name");
            Json.string(b, st.name()).append(',');
            Json.name(b, "items").append(st.items()).append(',');
            Json.name(b, "dropped").append(st.dropped()).append(',');
            Json.name(b, "queueDepth").append(st.queueDepth()).append('}');
        }
        return b.append("]}\n").toString();
    }

    private static StringBuilder carrier(StringBuilder b, CarrierMetrics c) {
        b.append('{');
        Json.name(b, "index").append(c.index()).append(',');
        Json.name(b, "helper").append(c.helper()).append(',');
        Json.name(b, "status");
        Json.string(b, status(c)).append(',');
        Json.name(b, "runQueueDepth").append(c.runQueueDepth()).append(',');
        Json.name(b, "tasks").append(c.tasks()).append(',');
        Json.name(b, "runnextTasks").append(c.runnextTasks()).append(',');
        Json.name(b, "globalTasks").append(c.globalTasks()).append(',');
        Json.name(b, "steals").append(c.steals()).append(',');
        Json.name(b, "stolen").append(c.stolen()).append(',');
        Json.name(b, "spins").append(c.spins()).append(',');
        Json.name(b, "spinsFound").append(c.spinsFound()).append(',');
        Json.name(b, "parks").append(c.parks());
        return b.append('}');
    }

    /**
     * The snapshot as text. The first line follows Go's {@code GODEBUG=schedtrace} line
     * ({@code SCHED ...: gomaxprocs=2 idleprocs=1 threads=3 spinningthreads=0 runqueue=0 [3 0]}: the
     * global queue, then each carrier's), then the goroutines, then one line per carrier as
     * {@code scheddetail=1} prints per P.
     */
    String text() {
        SchedulerMetrics m = sched;
        StringBuilder b = new StringBuilder(512);
        b.append("SCHED ").append(time).append(": scheduler=").append(m.kind())
                .append(" gomaxprocs=").append(m.parallelism()).append(" idleprocs=").append(m.idleCarriers())
                .append(" threads=").append(m.threads()).append(" spinningthreads=").append(m.spinningCarriers())
                .append(" helpers=").append(m.helpers()).append(" helperslent=").append(m.helpersLent())
                .append(" runqueue=").append(m.globalQueueDepth()).append(" [");
        for (int i = 0; i < m.carriers().size(); i++) {
            b.append(i == 0 ? "" : " ").append(m.carriers().get(i).runQueueDepth());
        }
        b.append("]\n");
        b.append("goroutines: ").append(goroutines.total());
        for (GState s : STATES) {
            b.append(' ').append(state(s)).append('=').append(goroutines.count(s));
        }
        b.append('\n');
        for (Map.Entry<String, Integer> e : byReason()) {
            b.append("  waiting ").append(e.getValue()).append(" [").append(e.getKey()).append("]\n");
        }
        for (CarrierMetrics c : m.carriers()) {
            b.append(c.helper() ? "  helper" : "  P" + c.index()).append(": status=").append(status(c))
                    .append(" runqsize=").append(c.runQueueDepth()).append(" tasks=").append(c.tasks())
                    .append(" runnext=").append(c.runnextTasks()).append(" global=").append(c.globalTasks())
                    .append(" steals=").append(c.steals()).append(" stolen=").append(c.stolen())
                    .append(" spins=").append(c.spins()).append(" parks=").append(c.parks()).append('\n');
        }
        for (StageStats.Snapshot st : stages) {
            b.append("  stage ").append(st.name()).append(": items=").append(st.items())
                    .append(" dropped=").append(st.dropped()).append(" queue=").append(st.queueDepth()).append('\n');
        }
        return b.toString();
    }
}
