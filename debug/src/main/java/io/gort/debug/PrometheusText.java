package io.gort.debug;

import io.gort.pattern.StageStats;
import java.util.Map;

/**
 * Prometheus' text exposition format, version 0.0.4 ({@code text/plain; version=0.0.4}), of a
 * {@link SchedSnapshot}, with the metric names gort's Micrometer binder uses (HACKING.md, "Metrics"):
 * {@code gort_goroutines{state}}, {@code gort_goroutines_waiting{reason}}, {@code gort_sched_*},
 * {@code gort_stage_*}. Each family is one {@code # HELP} line, one {@code # TYPE} line and its
 * samples; label values are escaped as the format requires (backslash, double quote, newline).
 */
final class PrometheusText {
    /** The content type of this format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder b = new StringBuilder(2048);

    private PrometheusText() { }

    static String of(SchedSnapshot s) {
        PrometheusText t = new PrometheusText();
        t.family("gort_goroutines", "gauge", "Live goroutines by state.");
        s.byState().forEach((state, n) -> t.sample("gort_goroutines", n, "state", state));
        t.family("gort_goroutines_waiting", "gauge", "Waiting goroutines by Go's wait reason.");
        for (Map.Entry<String, Integer> e : s.byReason().entrySet()) {
            t.sample("gort_goroutines_waiting", e.getValue(), "reason", e.getKey());
        }
        t.family("gort_sched_carriers", "gauge", "Carriers of the default scheduler (GOMAXPROCS).");
        t.sample("gort_sched_carriers", s.parallelism());
        t.family("gort_sched_global_queue_depth", "gauge", "Tasks in the default scheduler's global queue.");
        t.sample("gort_sched_global_queue_depth", s.globalQueueDepth());
        t.family("gort_sched_helpers", "gauge", "Helper carriers live now, lent while a carrier was stuck.");
        t.sample("gort_sched_helpers", s.helpers());
        t.family("gort_sched_helpers_lent_total", "counter", "Helper carriers lent so far.");
        t.sample("gort_sched_helpers_lent_total", s.helpersLent());
        if (!s.carriers().isEmpty()) {
            t.family("gort_sched_runqueue_depth", "gauge", "Tasks queued on a carrier (ring and runnext).");
            s.carriers().forEach(c -> t.sample("gort_sched_runqueue_depth", c.runQueueDepth(), "carrier", carrier(c)));
            t.family("gort_sched_tasks_total", "counter", "Tasks a carrier started.");
            s.carriers().forEach(c -> t.sample("gort_sched_tasks_total", c.tasks(), "carrier", carrier(c)));
            t.family("gort_sched_steals_total", "counter", "Successful steals by a carrier.");
            s.carriers().forEach(c -> t.sample("gort_sched_steals_total", c.steals(), "carrier", carrier(c)));
            t.family("gort_sched_parks_total", "counter", "Times a carrier parked for want of work.");
            s.carriers().forEach(c -> t.sample("gort_sched_parks_total", c.parks(), "carrier", carrier(c)));
            t.family("gort_sched_spins_total", "counter", "Spin phases a carrier began.");
            s.carriers().forEach(c -> t.sample("gort_sched_spins_total", c.spins(), "carrier", carrier(c)));
        }
        if (!s.stages().isEmpty()) {
            t.family("gort_stage_items_total", "counter", "Items a pattern stage passed on.");
            s.stages().forEach(st -> t.sample("gort_stage_items_total", st.items(), "stage", st.name(), "kind", kind(st)));
            t.family("gort_stage_drops_total", "counter", "Items a pattern stage dropped.");
            s.stages().forEach(st -> t.sample("gort_stage_drops_total", st.dropped(), "stage", st.name(), "kind", kind(st)));
            t.family("gort_stage_queue_depth", "gauge", "Items waiting in a pattern stage's buffer.");
            s.stages().forEach(st -> t.sample("gort_stage_queue_depth", st.queueDepth(), "stage", st.name(), "kind", kind(st)));
        }
        return t.b.toString();
    }

    private static String carrier(SchedSnapshot.Carrier c) {
        return c.helper() ? "helper" : Integer.toString(c.index());
    }

    /** {@code "map"} for stage {@code "map#3"}. */
    private static String kind(StageStats.Snapshot st) {
        int hash = st.name().indexOf('#');
        return hash < 0 ? st.name() : st.name().substring(0, hash);
    }

    private void family(String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, long value, String... labels) {
        b.append(name);
        if (labels.length > 0) {
            b.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                b.append(i == 0 ? "" : ",").append(labels[i]).append("=\"");
                escapeLabel(labels[i + 1]);
                b.append('"');
            }
            b.append('}');
        }
        b.append(' ').append(value).append('\n');
    }

    private void escapeLabel(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
    }
}
