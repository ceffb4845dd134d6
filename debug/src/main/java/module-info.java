/**
 * The debug HTTP endpoint (JDK's built-in HttpServer): goroutine dumps, scheduler counters,
 * Prometheus metrics, a live page. Go's {@code net/http/pprof}; see {@link io.gort.debug.DebugServer}.
 */
module io.gort.debug {
    requires transitive io.gort.runtime;
    requires jdk.httpserver;
    requires io.gort.micrometer;
    requires micrometer.registry.prometheus;
    exports io.gort.debug;
}
