package io.gort.bench.compare;

import io.gort.bench.compare.JvmSubject.Ch;
import io.gort.bench.compare.JvmSubject.Group;
import io.gort.bench.compare.JvmSubject.Lock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The twelve {@link Workload} programs, written once against {@link JvmSubject}'s Go primitives
 * ({@code go}, {@code make(chan)}, {@code select}, Mutex, WaitGroup, {@code time.After}): each
 * JVM subject runs the same program in its own library. Each program is the Go program of
 * {@code bench/go}'s compare binary, runs in a root goroutine (Go's {@code main} is a goroutine
 * too), checks its result (throws AssertionError saying what was wrong) and returns its measured
 * value in the workload's unit. Before returning, every goroutine it started has done its last
 * step (counted by a WaitGroup, or joined), so the next iteration starts clean.
 *
 * <p>Failure: an exception in any goroutine of the program completes the run exceptionally at
 * once (the caller does not wait for the goroutines that the failure leaves blocked; {@link Fork}
 * then exits).
 */
final class Programs {
    /** A goroutine's body: Go code may fail anywhere. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private final JvmSubject s;
    private final Size size;
    private final CompletableFuture<Double> result = new CompletableFuture<>();

    private Programs(JvmSubject s, Size size) {
        this.s = s;
        this.size = size;
    }

    /** Runs {@code w} once on {@code s}, in a root goroutine; returns its measured value. */
    static double run(JvmSubject s, Workload w, Size size) throws Exception {
        Programs p = new Programs(s, size);
        Thread root = s.spawn(p.guard(() -> p.result.complete(p.program(w))));
        double v;
        try {
            v = p.result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            if (e.getCause() instanceof Error x) {
                throw x;
            }
            throw e;
        }
        root.join();
        return v;
    }

    private double program(Workload w) throws Exception {
        return switch (w) {
            case SPAWN -> spawn();
            case SKYNET -> skynet();
            case PINGPONG -> pingpong();
            case SPSC -> spsc();
            case MPMC -> mpmc();
            case SELECT -> select();
            case SIEVE -> sieve();
            case IDLE -> idle();
            case MUTEX -> mutex();
            case PIPELINE -> pipeline();
            case TIMERS -> timers();
            case ECHO -> echo();
        };
    }

    /** The task that runs {@code body} and turns its failure into the run's failure. */
    private Runnable guard(Body body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        };
    }

    /** Go's {@code go body()}. */
    private Thread go(Body body) {
        return s.spawn(guard(body));
    }

    private static void check(boolean ok, String format, Object... args) {
        if (!ok) {
            throw new AssertionError(String.format(format, args));
        }
    }

    // ---- spawn: one goroutine spawns N goroutines; each counts down; the last wakes the waiter ---

    private double spawn() throws InterruptedException {
        int n = size.pick(1_000_000, 1_000);
        AtomicLong left = new AtomicLong(n);
        Group done = s.group(1);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            go(() -> {
                if (left.decrementAndGet() == 0) {
                    done.done();
                }
            });
        }
        done.await();
        long t = System.nanoTime() - t0;
        check(left.get() == 0, "spawn: %d goroutines did not run, expected all %d", left.get(), n);
        return (double) t / n;
    }

    // ---- skynet: 10 children per node; sums go up unbuffered channels ------------------------

    private double skynet() throws InterruptedException {
        int leaves = size.pick(1_000_000, 1_000);
        Ch<Long> c = s.make(0);
        long t0 = System.nanoTime();
        go(() -> skynet(c, 0, leaves));
        Long sum = c.recv();
        long t = System.nanoTime() - t0;
        long want = (long) leaves * (leaves - 1) / 2;
        check(sum != null && sum == want, "skynet: sum %s, expected %d", sum, want);
        return t / 1e6;
    }

    private void skynet(Ch<Long> c, long num, int size) throws InterruptedException {
        if (size == 1) {
            c.send(num);
            return;
        }
        Ch<Long> rc = s.make(0);
        int child = size / 10;
        for (int i = 0; i < 10; i++) {
            long sub = num + (long) i * child;
            go(() -> skynet(rc, sub, child));
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += rc.recv();
        }
        c.send(sum);
    }

    // ---- ping-pong: two goroutines, two unbuffered channels ----------------------------------

    private double pingpong() throws InterruptedException {
        int n = size.pick(100_000, 1_000);
        Ch<Integer> ping = s.make(0);
        Ch<Integer> pong = s.make(0);
        go(() -> {
            for (int i = 0; i < n; i++) {
                pong.send(ping.recv() + 1);
            }
        });
        long t0 = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            ping.send(i);
            sum += pong.recv();
        }
        long t = System.nanoTime() - t0;
        long want = (long) n * (n + 1) / 2;
        check(sum == want, "pingpong: sum %d, expected %d", sum, want);
        return (double) t / n;
    }

    // ---- spsc: one producer, one consumer, capacity 1024 -------------------------------------

    private double spsc() throws InterruptedException {
        int n = size.pick(1_000_000, 10_000);
        Ch<Integer> c = s.make(1024);
        long t0 = System.nanoTime();
        go(() -> {
            for (int i = 1; i <= n; i++) {
                c.send(i);
            }
            c.close(1);
        });
        long sum = 0;
        for (Integer v; (v = c.recv()) != null; ) {
            sum += v;
        }
        long t = System.nanoTime() - t0;
        long want = (long) n * (n + 1) / 2;
        check(sum == want, "spsc: sum %d, expected %d", sum, want);
        return (double) t / n;
    }

    // ---- mpmc: 4 producers, 4 consumers, one channel of capacity 1024 --------------------------

    private double mpmc() throws InterruptedException {
        int n = size.pick(1_000_000, 10_000);
        int per = n / 4;
        Ch<Integer> c = s.make(1024);
        Group producers = s.group(4);
        Group consumers = s.group(4);
        AtomicLong total = new AtomicLong();
        long t0 = System.nanoTime();
        for (int p = 0; p < 4; p++) {
            int base = p * per;
            go(() -> {
                for (int i = 1; i <= per; i++) {
                    c.send(base + i);
                }
                producers.done();
            });
        }
        for (int k = 0; k < 4; k++) {
            go(() -> {
                long sum = 0;
                for (Integer v; (v = c.recv()) != null; ) {
                    sum += v;
                }
                total.addAndGet(sum);
                consumers.done();
            });
        }
        producers.await();
        c.close(4);
        consumers.await();
        long t = System.nanoTime() - t0;
        long want = (long) n * (n + 1) / 2;
        check(total.get() == want, "mpmc: sum %d, expected %d", total.get(), want);
        return (double) t / n;
    }

    // ---- select: one consumer selects over 4 unbuffered channels, one producer each ------------

    private double select() throws InterruptedException {
        int n = size.pick(400_000, 4_000);
        int per = n / 4;
        @SuppressWarnings("unchecked")
        Ch<Integer>[] cs = (Ch<Integer>[]) new Ch<?>[4];
        for (int k = 0; k < 4; k++) {
            cs[k] = s.make(0);
        }
        long t0 = System.nanoTime();
        for (int k = 0; k < 4; k++) {
            Ch<Integer> c = cs[k];
            int base = k * per;
            go(() -> {
                for (int i = 1; i <= per; i++) {
                    c.send(base + i);
                }
            });
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += s.selectRecv(cs);
        }
        long t = System.nanoTime() - t0;
        long want = (long) n * (n + 1) / 2;
        check(sum == want, "select: sum %d, expected %d", sum, want);
        return (double) t / n;
    }

    // ---- sieve: Go's concurrent prime sieve; then the chain of filters is closed down ----------

    private double sieve() throws InterruptedException {
        int primes = size.pick(2_000, 100);
        int want = size.pick(17_389, 541);
        long t0 = System.nanoTime();
        AtomicBoolean stop = new AtomicBoolean();
        Ch<Integer> generated = s.make(0);
        go(() -> {
            for (int i = 2; !stop.get(); i++) {
                generated.send(i);
            }
            generated.close(1);
        });
        Ch<Integer> ch = generated;
        int prime = 0;
        for (int n = 0; n < primes; n++) {
            prime = ch.recv();
            if (n == primes - 1) {
                break;
            }
            Ch<Integer> in = ch;
            Ch<Integer> out = s.make(0);
            int p = prime;
            go(() -> {
                for (Integer v; (v = in.recv()) != null; ) {
                    if (v % p != 0) {
                        out.send(v);
                    }
                }
                out.close(1);
            });
            ch = out;
        }
        stop.set(true);
        while (ch.recv() != null) {
            // drain until the close has come down the chain of filters: every filter has exited
        }
        long t = System.nanoTime() - t0;
        check(prime == want, "sieve: prime number %d came out as %d, expected %d", primes, prime, want);
        return t / 1e6;
    }

    // ---- idle: N goroutines parked on receives of one channel; heap per goroutine --------------

    private double idle() throws InterruptedException {
        int n = size.pick(1_000_000, 1_000);
        Ch<Integer> c = s.make(0);
        Thread[] parked = new Thread[n];       // allocated before the baseline: not counted
        Group there = s.group(n);
        Group exited = s.group(n);
        LongAdder closedSeen = new LongAdder();
        long before = usedHeapAfterGc();
        for (int i = 0; i < n; i++) {
            parked[i] = go(() -> {
                there.done();
                if (c.recv() == null) {
                    closedSeen.increment();
                }
                exited.done();
            });
        }
        there.await();                          // all have started (as Go's version waits on a WaitGroup)
        for (Thread t : parked) {
            while (t.getState() != Thread.State.WAITING) {
                // between there.done() and parking in recv (or spinning before it parks): let it get there
                Thread.sleep(Duration.ofMillis(1));
            }
        }
        long after = usedHeapAfterGc();
        c.close(n);
        exited.await();
        for (Thread t : parked) {
            t.join();
        }
        check(closedSeen.sum() == n, "idle: %d goroutines saw the close, expected %d", closedSeen.sum(), n);
        return (double) (after - before) / n;
    }

    /** Used heap after a full collection (System.gc() is a full GC on G1, the forks' collector). */
    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---- mutex: 8 goroutines increment one counter under one mutex ----------------------------

    /** The counter the mutex guards (a plain field: the mutex is what makes it right). */
    private static final class Counter {
        long value;
    }

    private double mutex() throws InterruptedException {
        int per = size.pick(1_000_000, 1_000);
        Lock m = s.mutex();
        Counter counter = new Counter();
        Group wg = s.group(8);
        long t0 = System.nanoTime();
        for (int g = 0; g < 8; g++) {
            go(() -> {
                for (int i = 0; i < per; i++) {
                    m.lock();
                    counter.value++;
                    m.unlock();
                }
                wg.done();
            });
        }
        wg.await();
        long t = System.nanoTime() - t0;
        long want = 8L * per;
        m.lock();
        long got = counter.value;
        m.unlock();
        check(got == want, "mutex: counter %d, expected %d", got, want);
        return (double) t / want;
    }

    // ---- pipeline: generator -> 4 workers (x*x) -> fan-in -> sum, unbuffered ------------------

    private double pipeline() throws InterruptedException {
        int n = size.pick(1_000_000, 10_000);
        Ch<Long> src = s.make(0);
        Ch<Long> out = s.make(0);
        Group workers = s.group(4);
        long t0 = System.nanoTime();
        go(() -> {
            for (long i = 1; i <= n; i++) {
                src.send(i);
            }
            src.close(4);
        });
        for (int w = 0; w < 4; w++) {
            go(() -> {
                for (Long x; (x = src.recv()) != null; ) {
                    out.send(x * x);
                }
                workers.done();
            });
        }
        Group closer = s.group(1);
        go(() -> {
            workers.await();
            out.close(1);
            closer.done();
        });
        long sum = 0;
        for (Long v; (v = out.recv()) != null; ) {
            sum += v;
        }
        long t = System.nanoTime() - t0;
        closer.await();
        long want = (long) n * (n + 1) * (2L * n + 1) / 6;
        check(sum == want, "pipeline: sum %d, expected %d", sum, want);
        return (double) t / n;
    }

    // ---- timers: N goroutines each select { <-never; <-time.After(10ms) } ----------------------

    private double timers() throws InterruptedException {
        int n = size.pick(100_000, 1_000);
        Duration timeout = Duration.ofMillis(10);
        Ch<Integer> never = s.make(0);
        LongAdder timedOut = new LongAdder();
        Group wg = s.group(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            go(() -> {
                if (s.recvOrTimeout(never, timeout)) {
                    timedOut.increment();
                }
                wg.done();
            });
        }
        wg.await();
        long t = System.nanoTime() - t0;
        check(timedOut.sum() == n, "timers: %d selects timed out, expected %d", timedOut.sum(), n);
        return t / 1e6;
    }

    // ---- echo: loopback TCP echo server, a goroutine per connection ---------------------------

    private static final int MESSAGE = 64;

    private double echo() throws Exception {
        int clients = size.pick(100, 4);
        int requests = size.pick(1_000, 10);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 1024, loopback)) {
            int port = server.getLocalPort();
            Group handlers = s.group(clients);
            Thread acceptor = go(() -> {
                for (int i = 0; i < clients; i++) {
                    Socket conn = server.accept();
                    go(() -> {
                        serve(conn);
                        handlers.done();
                    });
                }
            });
            Group done = s.group(clients);
            LongAdder echoed = new LongAdder();
            long t0 = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int id = c;
                go(() -> {
                    try (Socket sock = new Socket(loopback, port)) {
                        sock.setTcpNoDelay(true);       // Go's default for TCP connections
                        InputStream in = sock.getInputStream();
                        OutputStream out = sock.getOutputStream();
                        byte[] sent = new byte[MESSAGE];
                        byte[] got = new byte[MESSAGE];
                        for (int r = 0; r < requests; r++) {
                            Arrays.fill(sent, (byte) (id * 31 + r));
                            sent[0] = (byte) id;
                            out.write(sent);
                            int k = in.readNBytes(got, 0, MESSAGE);
                            check(k == MESSAGE && Arrays.equals(sent, got),
                                    "echo: client %d request %d got %d bytes back, not what it sent", id, r, k);
                            echoed.add(k);
                        }
                    }
                    done.done();
                });
            }
            done.await();
            long t = System.nanoTime() - t0;
            handlers.await();
            acceptor.join();
            long want = (long) clients * requests * MESSAGE;
            check(echoed.sum() == want, "echo: %d bytes echoed, expected %d", echoed.sum(), want);
            return t / 1e3 / ((double) clients * requests);
        }
    }

    /** The server's side of one connection: echo 64-byte requests until the client closes. */
    private static void serve(Socket conn) throws IOException {
        try (conn) {
            conn.setTcpNoDelay(true);
            InputStream in = conn.getInputStream();
            OutputStream out = conn.getOutputStream();
            byte[] buf = new byte[MESSAGE];
            while (in.readNBytes(buf, 0, MESSAGE) == MESSAGE) {
                out.write(buf);
            }
        }
    }
}
