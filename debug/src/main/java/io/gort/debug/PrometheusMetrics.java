package io.gort.debug;

import io.gort.micrometer.GortMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What {@code /metrics} serves: gort's Micrometer binder ({@link GortMetrics}, module
 * {@code gort-micrometer}) bound to a {@link PrometheusMeterRegistry}, scraped in Prometheus' text
 * exposition format 0.0.4. So the names are exactly the binder's ({@code gort_goroutines{state}},
 * {@code gort_goroutines_waiting{reason}}, {@code gort_sched_*{carrier}}, {@code gort_stage_*}),
 * whoever exports them.
 *
 * <p>One registry per JVM, made on the first scrape (holder idiom): every {@link DebugServer}
 * shares it, a server nobody scrapes loads no Micrometer class, and a binder is bound once
 * ({@link GortMetrics} keeps bound binders reachable for the life of the JVM). Each scrape first
 * calls {@link GortMetrics#refresh()}, which registers the meters of pattern stages started since
 * the last one and drops those of stages that are gone.
 */
final class PrometheusMetrics {
    /** The content type of the text format {@link PrometheusMeterRegistry#scrape()} writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusMetrics() { }

    private static final class Holder {
        static final GortMetrics BINDER = new GortMetrics();
        static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

        static {
            BINDER.bindTo(REGISTRY);
        }
    }

    /** A scrape of gort's metrics now. Thread-safe. */
    static String scrape() {
        Holder.BINDER.refresh();
        return Holder.REGISTRY.scrape();
    }
}
