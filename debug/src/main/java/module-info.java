/** The debug HTTP endpoint (JDK's built-in HttpServer): goroutine dumps, scheduler counters, metrics, a live page. */
module io.gort.debug {
    requires transitive io.gort.runtime;
    requires jdk.httpserver;
}
