/**
 * Go's {@code net/http/pprof} for gort: {@link io.gort.debug.DebugServer}, an opt-in HTTP endpoint
 * on the JDK's built-in {@code com.sun.net.httpserver.HttpServer}, bound to loopback unless told
 * otherwise, serving the goroutine dump, the scheduler's counters, Prometheus metrics and a live page.
 */
package io.gort.debug;
