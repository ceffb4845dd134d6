/** gort's scheduler, goroutine, channel and pipeline-stage metrics for Micrometer. */
module io.gort.micrometer {
    requires transitive io.gort.runtime;
    requires transitive micrometer.core;
    exports io.gort.micrometer;
}
