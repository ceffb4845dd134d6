package io.gort.debug;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.gort.Go;
import io.gort.GoroutineProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The routes of {@link DebugServer}, one handler for every path (so that routing is exact, and an
 * unknown path gets Go's {@code 404 page not found} rather than the JDK's prefix matching):
 *
 * <pre>
 * /debug, /debug/            the live page (HTML; draws /debug/sched every second)
 * /debug/goroutines          the dump, Go's debug=2 (also /debug/pprof/goroutine, pprof's path)
 *                  ?debug=1  the goroutine profile: identical stacks grouped with counts
 * /debug/sched               scheduler and goroutine counters, JSON; ?format=text for people
 * /metrics                   Prometheus text exposition 0.0.4 (gort's Micrometer binder)
 * </pre>
 *
 * GET and HEAD only; another method gets {@code 405} with {@code Allow: GET, HEAD}. Errors are
 * plain text, as Go's {@code http.Error} writes them. Every answer says {@code Cache-Control:
 * no-store} (each is a snapshot) and {@code X-Content-Type-Options: nosniff}.
 *
 * <p>DNS rebinding: a server on loopback can still be reached by a web page the user opens, through
 * a name the attacker points at 127.0.0.1. When the server is bound to a loopback address it
 * answers only requests whose {@code Host} is {@code localhost} or an IP literal ({@code 403}
 * otherwise), which such a page cannot send. A server bound elsewhere on purpose does not check.
 *
 * <p>Runs on {@link DebugServer}'s handler threads; stateless apart from the page, read once.
 */
final class DebugHandler implements HttpHandler {
    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";
    static final String ALLOW = "GET, HEAD";

    /** The page: inline CSS and script, nothing fetched from elsewhere (a debug port may have no internet). */
    private static final String PAGE = loadPage();

    /**
     * The page's Content-Security-Policy: nothing from elsewhere; its own inline style and script;
     * fetches to this server only.
     */
    static final String PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final System.Logger LOG = System.getLogger("io.gort.debug");

    private final boolean checkHost;

    DebugHandler(boolean checkHost) {
        this.checkHost = checkHost;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                serve(ex);
            } catch (RuntimeException | Error e) {
                // The JDK would swallow it (logged at TRACE) and drop the connection: say what broke.
                LOG.log(System.Logger.Level.WARNING, "gort debug endpoint: " + ex.getRequestURI(), e);
                if (ex.getResponseCode() == -1) {
                    error(ex, 500, "500 Internal Server Error: " + e);
                }
            }
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        drain(ex.getRequestBody());
        if (checkHost && !allowedHost(ex.getRequestHeaders().getFirst("Host"))) {
            error(ex, 403, "403 Forbidden: host not allowed (this endpoint answers localhost and IP addresses only)");
            return;
        }
        String path = ex.getRequestURI().getRawPath();
        Route route = route(path);
        if (route == null) {
            error(ex, 404, "404 page not found");      // Go's http.NotFound
            return;
        }
        String method = ex.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", ALLOW);
            error(ex, 405, "Method Not Allowed");       // Go's ServeMux with a method pattern
            return;
        }
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        switch (route) {
            case PAGE -> page(ex);
            case GOROUTINES -> goroutines(ex, query);
            case SCHED -> sched(ex, query);
            case METRICS -> send(ex, 200, PrometheusMetrics.CONTENT_TYPE, PrometheusMetrics.scrape());
        }
    }

    enum Route { PAGE, GOROUTINES, SCHED, METRICS }

    static Route route(String path) {
        return switch (path) {
            case "/debug", "/debug/" -> Route.PAGE;
            case "/debug/goroutines", "/debug/pprof/goroutine" -> Route.GOROUTINES;
            case "/debug/sched" -> Route.SCHED;
            case "/metrics" -> Route.METRICS;
            default -> null;
        };
    }

    private static void page(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Security-Policy", PAGE_CSP);
        ex.getResponseHeaders().set("X-Frame-Options", "DENY");
        String title = Html.escape(processTitle());
        send(ex, 200, HTML, PAGE.replace("{{process}}", title));
    }

    /** pprof's {@code /debug/pprof/cmdline}, shortened: the pid and the main class or jar. */
    static String processTitle() {
        String command = System.getProperty("sun.java.command", "");
        int space = command.indexOf(' ');
        String main = space < 0 ? command : command.substring(0, space);
        return "pid " + ProcessHandle.current().pid() + (main.isEmpty() ? "" : " \u00b7 " + main);
    }

    private static void goroutines(HttpExchange ex, Map<String, String> query) throws IOException {
        String debug = query.getOrDefault("debug", "2");
        int level;
        try {
            level = Integer.parseInt(debug.strip());
        } catch (NumberFormatException e) {
            level = 0;
        }
        if (level <= 0) {
            error(ex, 400, "debug=" + debug + ": gort serves no protobuf profile (Go's debug=0);"
                    + " use debug=1 (grouped by stack) or debug=2 (every goroutine)");
            return;
        }
        // Go: debug=1 is the profile, debug>=2 the full traceback.
        String body = level == 1 ? GoroutineProfile.take().text() : Go.dump();
        send(ex, 200, TEXT, body);
    }

    private static void sched(HttpExchange ex, Map<String, String> query) throws IOException {
        String format = query.getOrDefault("format", "json").toLowerCase(Locale.ROOT);
        switch (format) {
            case "json" -> send(ex, 200, JSON, SchedSnapshot.take().json());
            case "text" -> send(ex, 200, TEXT, SchedSnapshot.take().text());
            default -> error(ex, 400, "format=" + format + ": expected json or text");
        }
    }

    // ---- HTTP plumbing ------------------------------------------------------------------------

    static void error(HttpExchange ex, int code, String message) throws IOException {
        send(ex, code, TEXT, message + "\n");
    }

    static void send(HttpExchange ex, int code, String contentType, String body) throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (ex.getRequestMethod().equals("HEAD")) {
            h.set("Content-Length", Integer.toString(bytes.length));
            ex.sendResponseHeaders(code, -1);
            return;
        }
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void drain(InputStream in) throws IOException {
        try (in) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** {@code a=1&b=x%20y} as a map; the first value of a repeated name wins (Go's {@code FormValue}). */
    static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // a bad %-escape: ignore the pair, as a lenient form parser would
            }
        }
        return m;
    }

    /** True for {@code localhost}, {@code 127.0.0.1}, {@code [::1]} and any IP literal, with or without a port. */
    static boolean allowedHost(String host) {
        if (host == null) {
            return true;                                   // HTTP/1.0 without Host: not a browser
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {                           // [v6]:port
            int close = h.indexOf(']');
            return close > 0 && isIpLiteral(h.substring(1, close));
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || isIpLiteral(h);
    }

    private static boolean isIpLiteral(String h) {
        if (h.isEmpty() || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
            return false;
        }
        try {
            InetAddress.ofLiteral(h);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String loadPage() {
        try (InputStream in = DebugHandler.class.getResourceAsStream("debug.html")) {
            if (in == null) {
                throw new IllegalStateException("io/gort/debug/debug.html is missing from the module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
