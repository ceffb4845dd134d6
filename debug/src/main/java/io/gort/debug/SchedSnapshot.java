package io.gort.debug;

import io.gort.pattern.StageStats;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import io.gort.sched.WaitReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code /debug/sched} and {@code /metrics} report, read once per request: the scheduler's
 * counters and the live goroutines counted by state and by wait reason (Go's
 * {@code runtime/metrics} {@code /sched/goroutines:goroutines} and the goroutine profile's
 * headers, at a glance). Fields are read one by one while everything keeps running, so the numbers
 * are recent, not one consistent cut.
 *
 * @param time         when the snapshot was taken
 * @param kind         the default scheduler's {@link Scheduler#kind()}
 * @param parallelism  its carriers (GOMAXPROCS)
 * @param helpers      helper carriers live now (lent by the monitor while a carrier was stuck)
 * @param helpersLent  helpers lent so far
 * @param longestStallNanos the longest run of one goroutine on one carrier the monitor saw
 * @param goroutines   live goroutines on all schedulers
 * @param byState      of those, how many are running, runnable, waiting (every state, zeros too)
 * @param byReason     of the waiting ones, how many per wait reason, in Go's words, largest first
 * @param carriers     the default scheduler's carriers (empty when it cannot say: forkjoin, jdk)
 * @param globalQueueDepth tasks in its global queue
 * @param stages       the pattern stages' counters
 */
record SchedSnapshot(Instant time, String kind, int parallelism, int helpers, long helpersLent,
                     long longestStallNanos, int goroutines, Map<String, Integer> byState,
                     Map<String, Integer> byReason, List<Carrier> carriers, long globalQueueDepth,
                     List<StageStats.Snapshot> stages) {

    /**
     * One carrier (Go's P): what it was doing and its queue when read, and its counters so far.
     *
     * @param index         0..parallelism-1; -1 for a helper the monitor lent
     * @param status        {@code running}, {@code searching} or {@code idle}
     * @param runQueueDepth its ring plus its runnext slot (Go's {@code runqsize})
     */
    record Carrier(int index, boolean helper, String status, int runQueueDepth, long tasks, long steals,
                   long parks, long spins) { }

    /** Reads the default scheduler and every live goroutine now. */
    static SchedSnapshot take() {
        return take(Scheduler.byDefault());
    }

    static SchedSnapshot take(Scheduler s) {
        Instant now = Instant.now();
        Scheduler.Stats stats = s.stats();
        EnumMap<GState, Integer> states = new EnumMap<>(GState.class);
        EnumMap<WaitReason, Integer> reasons = new EnumMap<>(WaitReason.class);
        int live = 0;
        for (Goroutine g : Goroutine.all()) {
            GState st = g.state();
            if (st == GState.DEAD) {
                continue;
            }
            live++;
            states.merge(st, 1, Integer::sum);
            if (st == GState.WAITING) {
                reasons.merge(g.waitReason(), 1, Integer::sum);
            }
        }
        Map<String, Integer> byState = new LinkedHashMap<>();
        for (GState st : List.of(GState.RUNNING, GState.RUNNABLE, GState.WAITING)) {
            byState.put(st.name().toLowerCase(Locale.ROOT), states.getOrDefault(st, 0));
        }
        List<Map.Entry<WaitReason, Integer>> sorted = new ArrayList<>(reasons.entrySet());
        sorted.sort(Map.Entry.<WaitReason, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(e -> e.getKey().toString()));
        Map<String, Integer> byReason = new LinkedHashMap<>();
        for (Map.Entry<WaitReason, Integer> e : sorted) {
            byReason.put(e.getKey().toString(), e.getValue());
        }
        List<StageStats.Snapshot> stages = new ArrayList<>();
        for (StageStats st : StageStats.all()) {
            stages.add(st.snapshot());
        }
        stages.sort(Comparator.comparing(StageStats.Snapshot::name));
        return new SchedSnapshot(now, s.kind(), s.parallelism(), stats.helpers(), stats.helpersLent(),
                stats.longestStallNanos(), live, byState, byReason, List.of(), 0, stages);
    }

    /** Tasks queued on carriers and in the global queue. */
    long runQueueDepth() {
        long n = globalQueueDepth;
        for (Carrier c : carriers) {
            n += c.runQueueDepth();
        }
        return n;
    }

    /** The snapshot as a JSON object (what {@code /debug/sched} serves and the page draws). */
    String json() {
        StringBuilder b = new StringBuilder(512).append('{');
        Json.name(b, "time");
        Json.string(b, time.toString()).append(',');
        Json.name(b, "kind");
        Json.string(b, kind).append(',');
        Json.name(b, "parallelism").append(parallelism).append(',');
        Json.name(b, "goroutines").append(goroutines).append(',');
        Json.name(b, "byState");
        counts(b, byState).append(',');
        Json.name(b, "byReason");
        counts(b, byReason).append(',');
        Json.name(b, "globalQueueDepth").append(globalQueueDepth).append(',');
        Json.name(b, "runQueueDepth").append(runQueueDepth()).append(',');
        Json.name(b, "helpers").append(helpers).append(',');
        Json.name(b, "helpersLent").append(helpersLent).append(',');
        Json.name(b, "longestStallNanos").append(longestStallNanos).append(',');
        Json.name(b, "carriers").append('[');
        for (int i = 0; i < carriers.size(); i++) {
            Carrier c = carriers.get(i);
            b.append(i == 0 ? "{" : ",{");
            Json.name(b, "index").append(c.index()).append(',');
            Json.name(b, "helper").append(c.helper()).append(',');
            Json.name(b, "status");
            Json.string(b, c.status()).append(',');
            Json.name(b, "runQueueDepth").append(c.runQueueDepth()).append(',');
            Json.name(b, "tasks").append(c.tasks()).append(',');
            Json.name(b, "steals").append(c.steals()).append(',');
            Json.name(b, "parks").append(c.parks()).append(',');
            Json.name(b, "spins").append(c.spins()).append('}');
        }
        b.append("],");
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

    private static StringBuilder counts(StringBuilder b, Map<String, Integer> m) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            Json.name(b, e.getKey()).append(e.getValue());
        }
        return b.append('}');
    }

    /**
     * The snapshot as text, first line in the spirit of Go's {@code GODEBUG=schedtrace} line
     * ({@code SCHED ...: gomaxprocs=2 ... runqueue=0 [3 0]}: the global queue, then each carrier's),
     * then the goroutines, then one line per carrier ({@code scheddetail}).
     */
    String text() {
        StringBuilder b = new StringBuilder(256);
        b.append("SCHED ").append(time).append(": scheduler=").append(kind)
                .append(" gomaxprocs=").append(parallelism)
                .append(" helpers=").append(helpers).append(" helperslent=").append(helpersLent)
                .append(" runqueue=").append(globalQueueDepth).append(" [");
        for (int i = 0; i < carriers.size(); i++) {
            b.append(i == 0 ? "" : " ").append(carriers.get(i).runQueueDepth());
        }
        b.append("]\n");
        b.append("goroutines: ").append(goroutines);
        byState.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        b.append('\n');
        byReason.forEach((k, v) -> b.append("  waiting ").append(v).append(" [").append(k).append("]\n"));
        for (Carrier c : carriers) {
            b.append(c.helper() ? "  helper" : "  P" + c.index()).append(": status=").append(c.status())
                    .append(" runqsize=").append(c.runQueueDepth()).append(" tasks=").append(c.tasks())
                    .append(" steals=").append(c.steals()).append(" parks=").append(c.parks())
                    .append(" spins=").append(c.spins()).append('\n');
        }
        for (StageStats.Snapshot st : stages) {
            b.append("  stage ").append(st.name()).append(": items=").append(st.items())
                    .append(" dropped=").append(st.dropped()).append(" queue=").append(st.queueDepth()).append('\n');
        }
        return b.toString();
    }
}
