package io.gort.debug;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Go's {@code net/http/pprof} for gort: an opt-in HTTP endpoint that shows what the goroutines and
 * the scheduler are doing, without stopping the program.
 *
 * <pre>{@code
 * // Go:   import _ "net/http/pprof"
 * //       go func() { log.Println(http.ListenAndServe("localhost:6060", nil)) }()
 * DebugServer debug = DebugServer.start(6060);      // http://127.0.0.1:6060/debug/
 * }</pre>
 *
 * <table class="striped">
 *   <caption>What it serves (GET and HEAD)</caption>
 *   <tr><th>path</th><th>what</th><th>Go</th></tr>
 *   <tr><td>{@code /debug/}</td><td>a live page: goroutines by state and wait reason, each
 *       carrier's run queue, redrawn every second</td><td>{@code /debug/pprof/} (an index)</td></tr>
 *   <tr><td>{@code /debug/goroutines}</td><td>{@link io.gort.Go#dump()}</td>
 *       <td>{@code /debug/pprof/goroutine?debug=2}</td></tr>
 *   <tr><td>{@code /debug/goroutines?debug=1}</td><td>{@link io.gort.GoroutineProfile}: identical
 *       stacks grouped, with counts</td><td>{@code /debug/pprof/goroutine?debug=1}</td></tr>
 *   <tr><td>{@code /debug/sched}</td><td>scheduler and goroutine counters as JSON
 *       ({@code ?format=text} for people)</td><td>{@code GODEBUG=schedtrace}, {@code runtime/metrics}</td></tr>
 *   <tr><td>{@code /metrics}</td><td>Prometheus text exposition 0.0.4, {@code gort_*} names</td>
 *       <td>(client_golang's {@code promhttp})</td></tr>
 * </table>
 * {@code /debug/pprof/goroutine} answers too, for fingers used to Go.
 *
 * <p><b>Loopback by default.</b> {@link #start()} and {@link #start(int)} listen on
 * {@code 127.0.0.1} only: the dump shows stack traces, which is not for the network. Listening
 * elsewhere is a deliberate act, {@link #start(InetSocketAddress)} with the address you mean. On
 * loopback, requests must name {@code localhost} or an IP address as their {@code Host} (a guard
 * against DNS rebinding from a web page).
 *
 * <p><b>Threads.</b> Requests are served by two daemon platform threads of the server's own,
 * {@code gort-debug-http-1} and {@code -2}, never by goroutines or by any virtual-thread scheduler:
 * the endpoint is for the moment the scheduler is in trouble (every carrier pinned or spinning in a
 * goroutine that never yields), and a handler that needed a carrier would then never run. The
 * JDK's {@code HTTP-Dispatcher} thread is a daemon too, so, as in Go, a running endpoint does not
 * keep the program alive once {@code main} returns. See docs/adr/0015-debug-endpoint.md.
 *
 * <p>Closing stops listening at once (connections in flight are cut) and frees the port.
 * Thread-safe: {@link #close()} may be called from any thread, more than once.
 */
public final class DebugServer implements AutoCloseable {
    /** The port {@link #start()} uses without {@code -Dgort.debug.port}: Go's customary pprof port. */
    public static final int DEFAULT_PORT = 6060;

    /** Handler threads: two serve a dump while a browser polls the page; more would only add load. */
    private static final int THREADS = 2;
    /** Requests waiting for a handler thread; beyond this the connection is closed (a debug port, not a service). */
    private static final int QUEUE = 64;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final InetSocketAddress address;

    private DebugServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
        this.address = server.getAddress();
    }

    /**
     * Starts the endpoint on {@code 127.0.0.1}, port {@code -Dgort.debug.port} or else
     * {@value #DEFAULT_PORT}.
     *
     * @throws UncheckedIOException if the port is taken ({@code listen tcp 127.0.0.1:6060: bind:
     *         address already in use}, Go's words)
     */
    public static DebugServer start() {
        return start(Integer.getInteger("gort.debug.port", DEFAULT_PORT));
    }

    /** Starts the endpoint on {@code 127.0.0.1:port}; port 0 picks a free one (see {@link #port()}). */
    public static DebugServer start(int port) {
        return start(new InetSocketAddress(LOOPBACK, port));
    }

    /**
     * Starts the endpoint on exactly {@code address}: the way to listen on an interface other than
     * loopback (for a debug port inside a container, say), which {@link #start(int)} never does.
     */
    public static DebugServer start(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new UncheckedIOException(new UnknownHostException("listen tcp " + address.getHostString()
                    + ":" + address.getPort() + ": no such host"));
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            String why = e instanceof BindException ? e.getMessage().toLowerCase(Locale.ROOT) : e.toString();
            throw new UncheckedIOException("listen tcp " + hostPort(address) + ": bind: " + why, e);
        }
        ExecutorService handlers = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), handlerThreads());
        server.setExecutor(handlers);
        server.createContext("/", new DebugHandler(address.getAddress().isLoopbackAddress()));
        try {
            startAsDaemon(server);
        } catch (RuntimeException | Error e) {
            handlers.shutdownNow();
            throw e;
        }
        return new DebugServer(server, handlers);
    }

    /** The address it listens on, with the actual port. */
    public InetSocketAddress address() {
        return address;
    }

    /** The port it listens on (the one picked, after {@code start(0)}). */
    public int port() {
        return address.getPort();
    }

    /** The page's URL, {@code http://127.0.0.1:6060/debug/}. */
    public URI uri() {
        return URI.create("http://" + hostPort(address) + "/debug/");
    }

    /** Stops listening, cuts the connections in flight and frees the port. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    @Override
    public String toString() {
        return "DebugServer[" + uri() + "]";
    }

    // ---- internals ---------------------------------------------------------------------------

    private static final InetAddress LOOPBACK;
    static {
        try {
            LOOPBACK = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static ThreadFactory handlerThreads() {
        return Thread.ofPlatform().name("gort-debug-http-", 1).daemon(true).factory();
    }

    /**
     * {@link HttpServer#start()} makes its dispatcher thread with the daemon status of the thread
     * that calls it (the JDK's ServerImpl creates it with {@code new Thread}, which inherits). Calling
     * it from a short-lived daemon thread makes the dispatcher a daemon, so that the endpoint never
     * keeps the JVM alive, whoever calls {@link #start}.
     */
    private static void startAsDaemon(HttpServer server) {
        RuntimeException[] failed = new RuntimeException[1];
        Thread starter = Thread.ofPlatform().name("gort-debug-start").daemon(true).unstarted(() -> {
            try {
                server.start();
            } catch (RuntimeException e) {
                failed[0] = e;
            }
        });
        starter.start();
        boolean interrupted = false;
        while (true) {
            try {
                starter.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;                 // finish starting; keep the caller's interrupt
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failed[0] != null) {                    // join() orders the write before this read
            server.stop(0);
            throw failed[0];
        }
    }
}
