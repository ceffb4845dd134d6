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
 * workload: {@code "error":"unsupported: ..."}). A run that takes longer than {@code --timeout-s}
 * (default 120) in all prints ok:false with a summary of a thread dump (virtual threads included;
 * the whole dump goes to a file named in the error) and exits 1.
 *
 * <pre>java --add-opens java.base/java.lang=ALL-UNNAMED -cp bench/target/benchmarks.jar io.gort.bench.compare.Fork \
 *     --subject gort-ws --workload skynet --size full --procs 2 --warmup 2 --iterations 5</pre>
 */
public final class Fork {
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
            try (Subject s = Subjects.create(subject)) {
                if (!s.supports(w)) {
                    out.put("ok", false);
                    out.put("error", "unsupported: " + subject + " has no program for " + w.id);
                    finish(out, 2);
                }
                for (int i = 0; i < warmup; i++) {
                    s.run(w, size, procs);
                }
                for (int i = 0; i < iterations; i++) {
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

    /** A daemon that, after {@code seconds}, reports a timeout with a thread-dump summary and exits 1. */
    private static void watchdog(Map<String, Object> out, int seconds) {
        Thread t = Thread.ofPlatform().daemon().name("compare-watchdog").start(() -> {
            try {
                Thread.sleep(seconds * 1000L);
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

    /**
     * A thread dump (virtual threads included, through HotSpotDiagnosticMXBean) to a temporary
     * file; returns its path, the thread count and the five most common top frames.
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
                    String top = i + 1 < lines.size() ? lines.get(i + 1).trim() : "";
                    tops.merge(top.isEmpty() ? "(no frames)" : top, 1, Integer::sum);
                }
            }
            StringBuilder b = new StringBuilder(threads + " threads (dump: " + file + "); top frames:");
            tops.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(5)
                    .forEach(e -> b.append(' ').append(e.getValue()).append("x ").append(e.getKey()).append(';'));
            return b.toString();
        } catch (IOException | RuntimeException e) {
            return "no thread dump: " + e;
        }
    }
}
