package io.gort.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DebugServer} over real HTTP on loopback, with the JDK's {@link HttpClient}: every route's
 * status, content type and content, the errors (404, 405 with Allow, 400, 403 for a foreign Host),
 * loopback by default, the port freed on close, and an answer while every carrier is busy.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DebugServerTest {
    private static DebugServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        server = DebugServer.start(0);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
    }

    @AfterEach
    void noneLeftBlocked() {
        assertEquals(0, Blocked.chanReceivers(), "a test left goroutines in chan receive:\n" + Go.dump());
    }

    private static HttpResponse<String> request(String method, String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return request("GET", pathAndQuery);
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("(none)");
    }

    // ---- binding ---------------------------------------------------------------------------------

    @Test
    void bindsLoopbackByDefaultOnAFreePort() {
        assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
        assertTrue(server.address().getAddress().isLoopbackAddress());
        assertTrue(server.port() > 0, server.toString());
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/debug/"), server.uri());
    }

    @Test
    void closeFreesThePortAndIsIdempotent() throws Exception {
        DebugServer s = DebugServer.start(0);
        int port = s.port();
        s.close();
        s.close();
        // then: nothing answers there, and the port can be bound again
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/debug/sched"))
                .timeout(Duration.ofSeconds(10)).build();
        assertThrows(ConnectException.class, () -> client.send(req, HttpResponse.BodyHandlers.discarding()));
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            assertEquals(port, again.getLocalPort());
        }
    }

    @Test
    void aTakenPortFailsWithGosListenError() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> DebugServer.start(server.port()));
        assertEquals("listen tcp 127.0.0.1:" + server.port() + ": bind: address already in use", e.getMessage());
    }

    @Test
    void servesFromDaemonPlatformThreadsThatAreNotGoroutines() throws Exception {
        assertEquals(200, get("/debug/sched").statusCode());
        Set<Thread> threads = Thread.getAllStackTraces().keySet();
        List<Thread> handlers = threads.stream().filter(t -> t.getName().startsWith("gort-debug-http-")).toList();
        assertFalse(handlers.isEmpty(), threads.toString());
        for (Thread t : handlers) {
            assertTrue(t.isDaemon() && !t.isVirtual(), t.toString());
        }
        // the JDK's dispatcher too, so that a running endpoint never keeps the JVM alive
        List<Thread> dispatchers = threads.stream().filter(t -> t.getName().equals("HTTP-Dispatcher")).toList();
        assertFalse(dispatchers.isEmpty(), threads.toString());
        dispatchers.forEach(t -> assertTrue(t.isDaemon(), t.toString()));
    }

    // ---- /debug/goroutines -------------------------------------------------------------------------

    @Test
    void goroutinesServesTheDumpNamingAGoroutineBlockedInChanReceive() throws Exception {
        try (Blocked b = new Blocked().receivers(1, "debug-test-receiver")) {
            Goroutine g = b.goroutines().getFirst();
            for (String path : List.of("/debug/goroutines", "/debug/goroutines?debug=2", "/debug/pprof/goroutine?debug=2")) {
                HttpResponse<String> r = get(path);
                assertEquals(200, r.statusCode(), path);
                assertEquals("text/plain; charset=utf-8", contentType(r), path);
                String dump = r.body();
                int at = dump.indexOf("goroutine " + g.id() + " \"debug-test-receiver\" [chan receive]:\n");
                assertTrue(at >= 0, dump);
                String block = dump.substring(at, dump.indexOf("\n\n", at) < 0 ? dump.length() : dump.indexOf("\n\n", at));
                assertTrue(block.contains("\nio.gort.chan.Chan.recv(...)\n"), block);
                assertTrue(block.contains("\nio.gort.debug.Blocked.receiveForever(...)\n\tio/gort/debug/Blocked.java:"), block);
                assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), path);
            }
        }
    }

    @Test
    void goroutinesDebug1GroupsIdenticalStacksWithCountsLargestFirst() throws Exception {
        try (Blocked b = new Blocked().receivers(10, null).otherReceivers(3)) {
            HttpResponse<String> r = get("/debug/goroutines?debug=1");
            assertEquals(200, r.statusCode());
            assertEquals("text/plain; charset=utf-8", contentType(r));
            String prof = r.body();
            Matcher total = Pattern.compile("\\Agoroutine profile: total (\\d+)\n").matcher(prof);
            assertTrue(total.find(), prof);
            assertTrue(Integer.parseInt(total.group(1)) >= 13, prof);
            Pattern ten = Pattern.compile("(?m)^10 @ \\[chan receive\\]\n#\tio\\.gort\\.chan\\.Chan\\.recv\t[^\n]+\n"
                    + "#\tio\\.gort\\.debug\\.Blocked\\.receiveForever\tio/gort/debug/Blocked\\.java:\\d+\n");
            Pattern three = Pattern.compile("(?m)^3 @ \\[chan receive\\]\n#\tio\\.gort\\.chan\\.Chan\\.recv\t[^\n]+\n"
                    + "#\tio\\.gort\\.debug\\.Blocked\\.receiveAtAnotherLine\tio/gort/debug/Blocked\\.java:\\d+\n");
            Matcher m10 = ten.matcher(prof);
            Matcher m3 = three.matcher(prof);
            assertTrue(m10.find(), prof);
            assertTrue(m3.find(), prof);
            assertTrue(m10.start() < m3.start(), "largest group first:\n" + prof);
            // every group's count is at least the next one's
            List<Integer> counts = new ArrayList<>();
            Matcher c = Pattern.compile("(?m)^(\\d+) @ ").matcher(prof);
            while (c.find()) {
                counts.add(Integer.parseInt(c.group(1)));
            }
            assertEquals(counts.stream().sorted((x, y) -> y - x).toList(), counts, prof);
            assertEquals(Integer.parseInt(total.group(1)), counts.stream().mapToInt(Integer::intValue).sum(), prof);
        }
    }

    @Test
    void goroutinesRefusesTheProtobufProfile() throws Exception {
        for (String q : List.of("?debug=0", "?debug=x")) {
            HttpResponse<String> r = get("/debug/goroutines" + q);
            assertEquals(400, r.statusCode(), q);
            assertEquals("text/plain; charset=utf-8", contentType(r), q);
            assertTrue(r.body().contains("debug=1") && r.body().contains("debug=2"), r.body());
        }
    }

    // ---- /debug/sched --------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void schedServesTheCountersAsJson() throws Exception {
        try (Blocked b = new Blocked().receivers(5, null)) {
            HttpResponse<String> r = get("/debug/sched");
            assertEquals(200, r.statusCode());
            assertEquals("application/json; charset=utf-8", contentType(r));
            Map<String, Object> s = (Map<String, Object>) MiniJson.parse(r.body());
            Scheduler sched = Scheduler.byDefault();
            assertEquals(sched.kind(), s.get("kind"), r.body());
            assertEquals((long) sched.parallelism(), s.get("parallelism"), r.body());
            long live = (Long) s.get("goroutines");
            assertTrue(live >= 5, r.body());
            Map<String, Object> byState = (Map<String, Object>) s.get("byState");
            assertEquals(List.of("running", "runnable", "waiting"), List.copyOf(byState.keySet()), r.body());
            assertEquals(live, byState.values().stream().mapToLong(v -> (Long) v).sum(), r.body());
            assertTrue((Long) byState.get("waiting") >= 5, r.body());
            Map<String, Object> byReason = (Map<String, Object>) s.get("byReason");
            assertEquals(5L, byReason.get("chan receive"), r.body());
            for (String k : List.of("globalQueueDepth", "runQueueDepth", "helpers", "helpersLent", "longestStallNanos")) {
                assertInstanceOf(Long.class, s.get(k), k + " in " + r.body());
            }
            for (String k : List.of("threads", "idleCarriers", "spinningCarriers", "monitorWakeups")) {
                assertInstanceOf(Long.class, s.get(k), k + " in " + r.body());
            }
            // one entry per carrier of the work-stealing scheduler, in index order, with its counters
            List<Object> carriers = (List<Object>) s.get("carriers");
            List<Map<String, Object>> regular = carriers.stream().map(c -> (Map<String, Object>) c)
                    .filter(c -> c.get("helper").equals(false)).toList();
            assertEquals(sched.parallelism(), regular.size(), r.body());
            for (int i = 0; i < regular.size(); i++) {
                Map<String, Object> c = regular.get(i);
                assertEquals((long) i, c.get("index"), r.body());
                assertTrue(Set.of("running", "searching", "idle").contains(c.get("status")), r.body());
                for (String k : List.of("runQueueDepth", "tasks", "runnextTasks", "globalTasks", "steals", "stolen",
                        "spins", "spinsFound", "parks")) {
                    assertTrue((Long) c.get(k) >= 0, k + " in " + r.body());
                }
            }
            // the goroutines just parked ran on some carrier: tasks were counted
            assertTrue(regular.stream().mapToLong(c -> (Long) c.get("tasks")).sum()
                    + (Long) ((Map<String, Object>) s.get("rest")).get("tasks") >= 5, r.body());
            assertInstanceOf(List.class, s.get("stages"), r.body());
        }
    }

    @Test
    void schedFormatTextIsForPeople() throws Exception {
        try (Blocked b = new Blocked().receivers(2, null)) {
            HttpResponse<String> r = get("/debug/sched?format=text");
            assertEquals(200, r.statusCode());
            assertEquals("text/plain; charset=utf-8", contentType(r));
            assertTrue(r.body().startsWith("SCHED "), r.body());
            assertTrue(r.body().contains(" gomaxprocs=" + Scheduler.byDefault().parallelism() + " "), r.body());
            assertTrue(r.body().contains("\n  waiting 2 [chan receive]\n"), r.body());
            assertEquals(400, get("/debug/sched?format=xml").statusCode());
        }
    }

    // ---- /metrics ----------------------------------------------------------------------------------

    @Test
    void metricsIsPrometheusTextWithGortNames() throws Exception {
        try (Blocked b = new Blocked().receivers(4, null)) {
            HttpResponse<String> r = get("/metrics");
            assertEquals(200, r.statusCode());
            assertTrue(contentType(r).startsWith("text/plain; version=0.0.4"), contentType(r));
            String text = r.body();
            assertTrue(text.contains("# TYPE gort_goroutines gauge\n"), text);
            assertTrue(Pattern.compile("(?m)^gort_goroutines\\{state=\"waiting\"} \\d+(\\.0)?$").matcher(text).find(), text);
            assertTrue(Pattern.compile("(?m)^gort_goroutines_waiting\\{reason=\"chan receive\"} 4(\\.0)?$").matcher(text).find(), text);
            int p = Scheduler.byDefault().parallelism();
            assertTrue(Pattern.compile("(?m)^gort_sched_carriers " + p + "(\\.0)?$").matcher(text).find(), text);
            // a series per carrier, by index
            for (int i = 0; i < p; i++) {
                for (String family : List.of("gort_sched_runqueue_depth", "gort_sched_tasks_total", "gort_sched_steals_total",
                        "gort_sched_parks_total", "gort_sched_spins_total")) {
                    assertTrue(text.contains("\n" + family + "{carrier=\"" + i + "\"} "), family + " " + i + ":\n" + text);
                }
            }
            assertTrue(text.contains("# TYPE gort_sched_tasks_total counter\n"), text);
            assertTrue(text.contains("# TYPE gort_sched_global_queue_depth gauge\n"), text);
            // the format: every sample line is name{labels} value, and its family has a # TYPE line
            Set<String> typed = new HashSet<>();
            Pattern sample = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (-?[0-9.eE+]+|NaN|[+-]Inf)");
            for (String line : text.lines().toList()) {
                if (line.startsWith("# TYPE ")) {
                    typed.add(line.split(" ")[2]);
                } else if (!line.startsWith("#") && !line.isEmpty()) {
                    Matcher m = sample.matcher(line);
                    assertTrue(m.matches(), "not a sample line: " + line);
                    String family = m.group(1);
                    assertTrue(typed.contains(family) || typed.contains(family.replaceAll("_(total|count|sum|bucket|max)$", "")),
                            "no # TYPE for " + line);
                }
            }
        }
    }

    // ---- the page ----------------------------------------------------------------------------------

    @Test
    void pageIsSelfContainedHtmlUnderAStrictPolicy() throws Exception {
        for (String path : List.of("/debug/", "/debug")) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path);
            assertEquals("text/html; charset=utf-8", contentType(r), path);
            String html = r.body();
            assertTrue(html.startsWith("<!DOCTYPE html>"), html);
            assertTrue(html.contains("fetch(SCHED") && html.contains("\"/debug/sched\""), html);
            // nothing from elsewhere: no src= at all, no stylesheet links, no absolute URLs
            assertFalse(html.contains(" src=") || html.contains("<link") || html.contains("http://")
                    || html.contains("https://") || html.contains("//cdn"), html);
            assertFalse(html.contains("innerHTML"), "the script writes text only");
            // the links to the other endpoints
            for (String link : List.of("/debug/goroutines?debug=1", "/debug/goroutines?debug=2", "/debug/sched", "/metrics")) {
                assertTrue(html.contains("href=\"" + link + "\""), link);
            }
            assertTrue(html.contains("pid " + ProcessHandle.current().pid()), html);
            assertEquals(DebugHandler.PAGE_CSP, r.headers().firstValue("Content-Security-Policy").orElse(""));
        }
    }

    @Test
    void htmlEscapesWhatTheServerWrites() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;&amp;&#39;y&#39;)&lt;/script&gt;",
                Html.escape("<script>alert(\"x\"&'y')</script>"));
        StringBuilder b = new StringBuilder();
        Json.string(b, "a\"b\\c\n</script>\u2028");
        assertEquals("\"a\\\"b\\\\c\\n\\u003c/script\\u003e\\u2028\"", b.toString());
        assertEquals("a\"b\\c\n</script>\u2028", MiniJson.parse(b.toString()));
    }

    // ---- errors ------------------------------------------------------------------------------------

    @Test
    void unknownPathsAre404WithGosText() throws Exception {
        for (String path : List.of("/", "/nope", "/debug/goroutinesX", "/debug/sched/", "/metrics/x", "/debug/pprof/")) {
            HttpResponse<String> r = get(path);
            assertEquals(404, r.statusCode(), path);
            assertEquals("404 page not found\n", r.body(), path);
            assertEquals("text/plain; charset=utf-8", contentType(r), path);
        }
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> r = request(method, "/debug/sched");
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""), method);
            assertEquals("Method Not Allowed\n", r.body(), method);
        }
        HttpResponse<String> head = request("HEAD", "/metrics");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertTrue(contentType(head).startsWith("text/plain; version=0.0.4"), contentType(head));
    }

    @Test
    void aForeignHostNameIsRefusedOnLoopback() throws Exception {
        // java.net.http will not send a Host header of our choosing: speak HTTP/1.1 on a socket.
        assertTrue(rawGet("evil.example:" + server.port()).startsWith("HTTP/1.1 403 "));
        assertTrue(rawGet("localhost:" + server.port()).startsWith("HTTP/1.1 200 "));
        assertTrue(rawGet("127.0.0.1:" + server.port()).startsWith("HTTP/1.1 200 "));
        assertTrue(rawGet("[::1]:" + server.port()).startsWith("HTTP/1.1 200 "));
        assertTrue(DebugHandler.allowedHost("app.localhost"));
        assertFalse(DebugHandler.allowedHost("127.0.0.1.nip.io"));
        assertFalse(DebugHandler.allowedHost("beef"));
    }

    private static String rawGet(String host) throws IOException {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /debug/sched HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- while the scheduler is stuck --------------------------------------------------------------

    /**
     * Every carrier of the default scheduler runs a goroutine that never yields; the endpoint still
     * answers (its threads are its own) and its dump shows them running.
     */
    @Test
    void answersWhileEveryCarrierIsBusy() throws Exception {
        int n = Scheduler.byDefault().parallelism();
        AtomicBoolean stop = new AtomicBoolean();
        List<Goroutine> spinners = new ArrayList<>();
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(n);
        try {
            for (int i = 0; i < n; i++) {
                spinners.add(Go.spawn("spinner", () -> {
                    running.countDown();
                    while (!stop.get()) {
                        Thread.onSpinWait();       // holds its carrier: no park, no yield
                    }
                }));
            }
            assertTrue(running.await(Blocked.LONG.toSeconds(), TimeUnit.SECONDS), Go.dump());
            HttpResponse<String> r = get("/debug/goroutines");
            assertEquals(200, r.statusCode());
            for (Goroutine g : spinners) {
                assertTrue(r.body().contains("goroutine " + g.id() + " \"spinner\" [running]:"), r.body());
            }
            assertNotNull(MiniJson.parse(get("/debug/sched").body()));
        } finally {
            stop.set(true);
            for (Goroutine g : spinners) {
                Blocked.until(g + " finished", () -> !g.isAlive());
            }
        }
    }
}
