package io.gort.bench.compare;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fork of the comparison suite: runs one subject's program for one workload, {@code --warmup}
 * times unmeasured and {@code --iterations} times measured, in this JVM, and prints as its last
 * stdout line one JSON object (the fork protocol, which {@code bench/go}'s compare binary speaks
 * too):
 * <pre>{"subject":"gort-ws","workload":"skynet","size":"full","procs":2,"unit":"ms","values":[...],"ok":true}</pre>
 * or {@code "ok":false,"error":"..."} and exit status 1 (2 when the subject has no program for the
 * workload: {@code "error":"unsupported: ..."}). An iteration that takes longer than {@code
 * --timeout-s} (default 120) prints ok:false with a summary of a thread dump (virtual threads included;
 * the whole dump goes to a file named in the error) and exits 1.
 *
 * <pre>java --add-opens java.base/java.lang=ALL-UNNAMED -cp bench/target/benchmarks.jar io.gort.bench.compare.Fork \
 *     --subject gort-ws --workload skynet --size full --procs 2 --warmup 2 --iterations 5</pre>
 */
public final class Fork {
    /** When the iteration now running must have ended (System.nanoTime); the watchdog reads it. */
    private static volatile long deadline;

    private Fork() {
    }

    public static void main(String[] args) {
        Map<String, String> a = parse(args);
        String subject = a.getOrDefault("subject", "?");
        String workload = a.getOrDefault("workload", "?");
        String sizeName = a.getOrDefault("size", "smoke");
        int procs = Integer.parseInt(a.getOrDefault("procs", "2"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", subject);
        out.put("workload", workload);
        out.put("size", sizeName);
        out.put("procs", procs);
        try {
            Workload w = Workload.of(workload);
            Size size = Size.of(sizeName);
            out.put("unit", w.unit);
            int warmup = Integer.parseInt(a.getOrDefault("warmup", "1"));
            int iterations = Integer.parseInt(a.getOrDefault("iterations", "3"));
            int timeoutS = Integer.parseInt(a.getOrDefault("timeout-s", "120"));
            watchdog(out, timeoutS);
            List<Double> values = new ArrayList<>();
            // each iteration (and the subject's start) has timeout-s of its own
            try (Subject s = Subjects.create(subject)) {
                if (!s.supports(w)) {
                    out.put("ok", false);
                    out.put("error", "unsupported: " + subject + " has no program for " + w.id);
                    finish(out, 2);
                }
                for (int i = 0; i < warmup; i++) {
                    deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
                    s.run(w, size, procs);
                }
                for (int i = 0; i < iterations; i++) {
                    deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
                    values.add(s.run(w, size, procs));
                }
            }
            out.put("values", values);
            out.put("ok", true);
            finish(out, 0);
        } catch (Throwable t) {
            t.printStackTrace();
            out.put("ok", false);
            out.put("error", describe(t));
            finish(out, 1);
        }
    }

    /** {@code --name value} pairs (also {@code --name=value}). */
    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (!k.startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got '" + k + "'");
            }
            k = k.substring(2);
            int eq = k.indexOf('=');
            if (eq >= 0) {
                m.put(k.substring(0, eq), k.substring(eq + 1));
            } else if (i + 1 < args.length) {
                m.put(k, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + k + " needs a value");
            }
        }
        return m;
    }

    private static String describe(Throwable t) {
        StringBuilder b = new StringBuilder(String.valueOf(t));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append("; caused by ").append(c);
        }
        return b.toString();
    }

    /** Prints the protocol line and exits (halt: goroutines a failure left blocked must not keep the JVM). */
    private static synchronized void finish(Map<String, Object> out, int status) {
        System.out.println(Json.write(out));
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /**
     * A daemon that, once an iteration has run past its {@link #deadline} ({@code seconds} after it
     * began), reports a timeout with a thread-dump summary and exits 1.
     */
    private static void watchdog(Map<String, Object> out, int seconds) {
        deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Thread t = Thread.ofPlatform().daemon().name("compare-watchdog").start(() -> {
            try {
                for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                    Thread.sleep(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                return;
            }
            Map<String, Object> o = new LinkedHashMap<>(out);
            o.remove("values");
            o.put("ok", false);
            o.put("error", "timeout after " + seconds + " s; " + dumpSummary());
            finish(o, 1);
        });
        t.setPriority(Thread.MAX_PRIORITY);
    }

    /** A frame of the JDK's own code: {@code java.base/java.util...}, {@code java.lang.Thread.run...}. */
    private static boolean isJdkFrame(String frame) {
        String f = frame.indexOf('/') > 0 && frame.indexOf('/') < frame.indexOf('(') ? frame.substring(0, frame.indexOf('/')) : frame;
        return f.startsWith("java.") || f.startsWith("jdk.") || f.startsWith("sun.") || f.startsWith("com.sun.");
    }

    /**
     * A thread dump (virtual threads included, through HotSpotDiagnosticMXBean) to a temporary
     * file; returns its path, the thread count and the five most common places threads are in (each
     * thread's first frame outside the JDK).
     */
    static String dumpSummary() {
        try {
            Path dir = Files.createTempDirectory("gort-compare-");
            Path file = dir.resolve("threads.txt");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            List<String> lines = Files.readAllLines(file);
            Map<String, Integer> tops = new HashMap<>();
            int threads = 0;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith("#") && l.contains("\"")) {
                    threads++;
                    // the first frame outside the JDK says where the program waits; else the top frame
                    String top = null;
                    String first = null;
                    for (int k = i + 1; k < lines.size() && !lines.get(k).isBlank() && !lines.get(k).startsWith("#"); k++) {
                        String f = lines.get(k).trim();
                        if (!f.startsWith("at ")) {
                            continue;       // "- parking to wait for ...", "- locked ..."
                        }
                        f = f.substring(3);
                        first = first == null ? f : first;
                        if (!isJdkFrame(f)) {
                            top = f;
                            break;
                        }
                    }
                    top = top != null ? top : first != null ? first : "(no frames)";
                    // #12 "name" WAITING 2026-...: the state goes with the place
                    String[] after = l.substring(l.lastIndexOf('"') + 1).trim().split(" ");
                    tops.merge(after[0] + " at " + top, 1, Integer::sum);
                }
            }
            StringBuilder b = new StringBuilder(threads + " threads (dump: " + file + "); top frames (first outside the JDK):");
            tops.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(5)
                    .forEach(e -> b.append(' ').append(e.getValue()).append("x ").append(e.getKey()).append(';'));
            return b.toString();
        } catch (IOException | RuntimeException e) {
            return "no thread dump: " + e;
        }
    }
}
