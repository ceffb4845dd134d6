package io.gort.bench.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The comparison suite's runner ({@code bench/compare} calls it): runs the chosen workloads on the
 * chosen subjects, one fork per subject x workload x run ({@link Fork} for the JVM subjects, {@code
 * bench/go/bin/compare} for Go), and writes a markdown table of medians with min–max and the ratio
 * to a baseline, a CSV, a JSON file and a PNG chart ({@link CompareChart}).
 *
 * <p>Method: for run k in 1..runs, for each workload, the subjects in a shuffled order (seeded by
 * {@code --seed}, k and the workload), so that drift (a build starting next door, thermal limits)
 * hits all subjects alike; every fork warms up ({@code --warmup} unmeasured iterations) and then
 * measures {@code --iterations}; a cell's value for one run is the median of its iterations; the
 * table gives, per cell, the median over the runs, their min–max, and the ratio subject / baseline
 * (every unit is lower-is-better, so a ratio below 1 means the subject beat the baseline). The
 * machine (cores, memory, OS, JDK and flags, Go, gort's commit, procs) is recorded, with the load
 * average before each run.
 *
 * <p>Options (all {@code --name value}): {@code --workloads a,b|all}, {@code --subjects x,y|all}
 * (all = every installed JVM subject, and go when its binary is there), {@code --baseline NAME}
 * (default go when present, else gort-ws), {@code --runs 5}, {@code --warmup 1}, {@code
 * --iterations 3} (idle: always 0 and 1), {@code --procs 2}, {@code --size full|smoke}, {@code --out DIR} (default
 * bench/results/compare-STAMP), {@code --seed 1}, {@code --timeout-s 120} (per iteration of a fork), {@code
 * --heap 4g} (each JVM fork's -Xmx), {@code --jvm-flags "..."} (more fork flags), {@code --go PATH}
 * (default bench/go/bin/compare), {@code --classpath CP} (the forks'; default this JVM's), {@code
 * --jobs 1} (forks at once: more than one is for the smoke check only, since they disturb each
 * other's timings). Exit status 0 when every cell that ran checked out, 1 otherwise.
 */
public final class Compare {
    /** One fork's outcome: a subject x workload x run. */
    record Result(String subject, Workload workload, int run, String status, double value, List<Double> values,
                  String error, double seconds) {
        boolean ok() {
            return status.equals("ok");
        }
    }

    /** One table cell: the runs of a subject on a workload, summarised. */
    record Summary(Workload workload, String subject, String status, double median, double min, double max,
                   double ratio, int runs, String error) {
    }

    /** The options, after defaults. */
    record Options(List<Workload> workloads, List<String> subjects, String baseline, int runs, int warmup,
                   int iterations, int procs, Size size, Path out, long seed, int timeoutS, String heap,
                   List<String> jvmFlags, Path go, String classpath, int jobs) {
    }

    private final Options o;
    private final Map<String, Object> machine = new LinkedHashMap<>();
    private final List<Map<String, Object>> loads = new ArrayList<>();
    private final List<Result> results = new ArrayList<>();

    private Compare(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the comparison {@code args} ask for; returns the exit status (0 all checked out, 1 a cell failed, 2 bad options). */
    public static int run(String... args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Options o;
        try {
            o = options(Fork.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("compare: " + e.getMessage());
            return 2;
        }
        return new Compare(o).runAll();
    }

    /** The options from {@code --name value} pairs. */
    static Options options(Map<String, String> a) {
        Path root = Path.of(a.getOrDefault("root", "."));
        Path go = Path.of(a.getOrDefault("go", root.resolve("bench/go/bin/compare").toString()));
        boolean goPresent = Files.isExecutable(go);
        List<Workload> workloads = new ArrayList<>();
        String ws = a.getOrDefault("workloads", "all");
        if (ws.equals("all")) {
            workloads.addAll(Arrays.asList(Workload.values()));
        } else {
            for (String w : ws.split(",")) {
                workloads.add(Workload.of(w.trim()));
            }
        }
        List<String> subjects = new ArrayList<>();
        String ss = a.getOrDefault("subjects", "all");
        if (ss.equals("all")) {
            subjects.addAll(Subjects.installed());
            if (goPresent) {
                subjects.add("go");
            }
        } else {
            for (String s : ss.split(",")) {
                s = s.trim();
                if (s.equals("go")) {
                    if (!goPresent) {
                        throw new IllegalArgumentException("subject go: no Go compare binary at " + go + " (bench/compare builds it when Go is installed)");
                    }
                } else if (Subjects.isClassName(s)) {
                    Subjects.create(s).close();     // a subject named by its class: it must load
                } else if (!Subjects.JVM.contains(s)) {
                    throw new IllegalArgumentException("unknown subject '" + s + "'; known: " + String.join(",", Subjects.JVM) + ",go");
                } else if (!Subjects.installed().contains(s)) {
                    throw new IllegalArgumentException("subject '" + s + "' is not installed (no class " + Subjects.KOTLIN_CLASS + ")");
                }
                subjects.add(s);
            }
        }
        String baseline = a.getOrDefault("baseline", subjects.contains("go") ? "go" : subjects.contains("gort-ws") ? "gort-ws" : subjects.get(0));
        if (!subjects.contains(baseline)) {
            throw new IllegalArgumentException("baseline '" + baseline + "' is not among the subjects " + subjects);
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path out = Path.of(a.getOrDefault("out", root.resolve("bench/results/compare-" + stamp).toString()));
        List<String> flags = new ArrayList<>();
        String jf = a.getOrDefault("jvm-flags", "").trim();
        if (!jf.isEmpty()) {
            flags.addAll(Arrays.asList(jf.split("\\s+")));
        }
        return new Options(workloads, subjects, baseline,
                positive(a, "runs", 5), nonNegative(a, "warmup", 1), positive(a, "iterations", 3), positive(a, "procs", 2),
                Size.of(a.getOrDefault("size", "full")), out, Long.parseLong(a.getOrDefault("seed", "1")),
                positive(a, "timeout-s", 120), a.getOrDefault("heap", "4g"), flags, go,
                a.getOrDefault("classpath", System.getProperty("java.class.path")), positive(a, "jobs", 1));
    }

    private static int positive(Map<String, String> a, String k, int dflt) {
        int v = Integer.parseInt(a.getOrDefault(k, String.valueOf(dflt)));
        if (v < 1) {
            throw new IllegalArgumentException("--" + k + " must be at least 1");
        }
        return v;
    }

    private static int nonNegative(Map<String, String> a, String k, int dflt) {
        int v = Integer.parseInt(a.getOrDefault(k, String.valueOf(dflt)));
        if (v < 0) {
            throw new IllegalArgumentException("--" + k + " must not be negative");
        }
        return v;
    }

    // ---- the runs -----------------------------------------------------------------------------

    /** One planned fork. */
    private record Job(int run, Workload workload, String subject) {
    }

    private int runAll() throws Exception {
        Files.createDirectories(o.out());
        recordMachine();
        System.err.println(header());
        // Cells whose subject has no program for the workload are reported, not forked.
        Map<String, Boolean> supported = new HashMap<>();
        for (String s : o.subjects()) {
            if (s.equals("go")) {
                continue;
            }
            try (Subject subject = Subjects.create(s)) {
                for (Workload w : o.workloads()) {
                    supported.put(s + "/" + w.id, subject.supports(w));
                }
            }
        }
        List<List<Job>> batches = new ArrayList<>();
        int total = 0;
        for (int k = 1; k <= o.runs(); k++) {
            List<Job> batch = new ArrayList<>();
            for (Workload w : o.workloads()) {
                List<String> order = new ArrayList<>(o.subjects());
                Collections.shuffle(order, new Random(o.seed() * 1_000_003L + k * 1_009L + w.ordinal()));
                for (String s : order) {
                    if (supported.getOrDefault(s + "/" + w.id, true)) {
                        batch.add(new Job(k, w, s));
                    } else {
                        results.add(new Result(s, w, k, "unsupported", Double.NaN, List.of(), "unsupported", 0));
                    }
                }
            }
            total += batch.size();
            batches.add(batch);
        }
        long start = System.nanoTime();
        int done = 0;
        Map<Workload, double[]> durations = new HashMap<>();    // workload -> {sum seconds, count}
        for (List<Job> batch : batches) {
            recordLoad(batch.get(0).run());
            for (int i = 0; i < batch.size(); i += o.jobs()) {
                List<Job> group = batch.subList(i, Math.min(batch.size(), i + o.jobs()));
                List<Process> procs = new ArrayList<>();
                List<Long> started = new ArrayList<>();
                for (Job j : group) {
                    progress(j, done + 1 + procs.size(), total, start, durations, batches);
                    started.add(System.nanoTime());
                    procs.add(startFork(j));
                }
                for (int g = 0; g < group.size(); g++) {
                    Result r = finishFork(group.get(g), procs.get(g), started.get(g));
                    results.add(r);
                    double[] d = durations.computeIfAbsent(r.workload(), x -> new double[2]);
                    d[0] += r.seconds();
                    d[1]++;
                    if (!r.ok()) {
                        System.err.printf("[compare] %s %s run %d: %s%n", r.workload(), r.subject(), r.run(), r.error());
                    }
                }
                done += group.size();
            }
        }
        System.err.printf("[compare] %d forks in %s%n", total, clock(System.nanoTime() - start));
        List<Summary> summary = summarise();
        String table = table(summary);
        System.out.println(table);
        Files.writeString(o.out().resolve("table.md"), table);
        Files.writeString(o.out().resolve("results.csv"), csv());
        Files.writeString(o.out().resolve("results.json"), json(summary) + "\n");
        CompareChart.write(o.out().resolve("chart.png"), summary, o.workloads(), o.subjects(), o.baseline(), chartSubtitle());
        System.err.println("[compare] wrote " + o.out().resolve("table.md") + ", results.csv, results.json, chart.png");
        return results.stream().anyMatch(r -> r.status().equals("failed")) ? 1 : 0;
    }

    private void progress(Job j, int n, int total, long start, Map<Workload, double[]> durations, List<List<Job>> batches) {
        // time left: the mean duration so far of each remaining fork's workload (of all forks when none yet)
        double all = 0;
        int count = 0;
        for (double[] d : durations.values()) {
            all += d[0];
            count += (int) d[1];
        }
        String left = "?";
        if (count > 0) {
            double mean = all / count;
            double secs = 0;
            int seen = 0;
            for (List<Job> b : batches) {
                for (Job x : b) {
                    if (++seen >= n) {
                        double[] d = durations.get(x.workload());
                        secs += d != null ? d[0] / d[1] : mean;
                    }
                }
            }
            secs /= o.jobs();       // forks run --jobs at a time
            left = clock((long) (secs * 1e9));
        }
        System.err.printf("[compare] run %d/%d  %-9s %-14s fork %d/%d  elapsed %s  left ~%s%n",
                j.run(), o.runs(), j.workload().id, j.subject(), n, total, clock(System.nanoTime() - start), left);
    }

    private static String clock(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }

    private List<String> jvmFlags() {
        List<String> f = new ArrayList<>(List.of(
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Xmx" + o.heap(), "-Djava.awt.headless=true"));
        f.addAll(Subjects.forkFlags("", o.procs()));
        f.addAll(o.jvmFlags());
        return f;
    }

    private Process startFork(Job j) throws IOException {
        List<String> cmd = new ArrayList<>();
        // IDLE is a memory figure, which warming up does not change: one iteration (a million goroutines
        // and two full GCs are the slowest fork of all)
        boolean idle = j.workload() == Workload.IDLE;
        String[] args = {"workload", j.workload().id, "size", o.size().id(), "procs", String.valueOf(o.procs()),
                "warmup", String.valueOf(idle ? 0 : o.warmup()), "iterations", String.valueOf(idle ? 1 : o.iterations())};
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (j.subject().equals("go")) {
            cmd.add(o.go().toString());
            cmd.add("-subject");
            cmd.add("go");
            for (int i = 0; i < args.length; i += 2) {
                cmd.add("-" + args[i]);
                cmd.add(args[i + 1]);
            }
            pb.environment().put("GOMAXPROCS", String.valueOf(o.procs()));
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmFlags());
            cmd.add("-cp");
            cmd.add(o.classpath());
            cmd.add(Fork.class.getName());
            cmd.add("--subject");
            cmd.add(j.subject());
            for (int i = 0; i < args.length; i += 2) {
                cmd.add("--" + args[i]);
                cmd.add(args[i + 1]);
            }
            cmd.add("--timeout-s");
            cmd.add(String.valueOf(o.timeoutS()));
        }
        Path log = o.out().resolve("forks.log");
        Files.writeString(log, "== run " + j.run() + " " + j.workload().id + " " + j.subject() + ": " + String.join(" ", cmd) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return pb.start();
    }

    private Result finishFork(Job j, Process p, long t0) throws InterruptedException {
        String out;
        try (InputStream in = p.getInputStream()) {
            // the fork's own watchdog ends an iteration past timeout-s; this is the backstop for a fork
            // that hangs anyway (or a Go binary with a longer timeout of its own)
            long limit = (long) o.timeoutS() * (o.warmup() + o.iterations()) + 60;
            Thread killer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    if (!p.waitFor(limit, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    // the fork ended
                }
            });
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            killer.interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int rc = p.waitFor();
        double secs = (System.nanoTime() - t0) / 1e9;
        String last = "";
        for (String l : out.split("\n")) {
            if (!l.isBlank()) {
                last = l.trim();
            }
        }
        Map<?, ?> m;
        try {
            m = (Map<?, ?>) Json.parse(last);
        } catch (RuntimeException e) {
            return new Result(j.subject(), j.workload(), j.run(), "failed", Double.NaN, List.of(),
                    "exit " + rc + ", no protocol line (see forks.log): " + abbreviate(last), secs);
        }
        if (Boolean.TRUE.equals(m.get("ok"))) {
            List<Double> values = new ArrayList<>();
            for (Object v : (List<?>) m.get("values")) {
                values.add(((Number) v).doubleValue());
            }
            if (values.isEmpty() || rc != 0) {
                return new Result(j.subject(), j.workload(), j.run(), "failed", Double.NaN, values, "exit " + rc + " with ok:true and " + values.size() + " values", secs);
            }
            return new Result(j.subject(), j.workload(), j.run(), "ok", median(values), values, "", secs);
        }
        String error = String.valueOf(m.get("error"));
        String status = error.startsWith("unsupported") ? "unsupported" : "failed";
        return new Result(j.subject(), j.workload(), j.run(), status, Double.NaN, List.of(), error, secs);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    // ---- the machine --------------------------------------------------------------------------

    private void recordMachine() {
        machine.put("date", Instant.now().toString());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", firstMatch(Path.of("/proc/cpuinfo"), "model name", "unknown"));
        String mem = firstMatch(Path.of("/proc/meminfo"), "MemTotal", "");
        machine.put("memory", mem.isEmpty() ? "unknown" : String.format("%.1f GiB", Long.parseLong(mem.replaceAll("\\D", "")) / 1048576.0));
        String os = firstMatch(Path.of("/etc/os-release"), "PRETTY_NAME", System.getProperty("os.name")).replace("\"", "");
        machine.put("os", os + " (" + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", " + System.getProperty("os.arch") + ")");
        machine.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        machine.put("jvmFlags", String.join(" ", jvmFlags()));
        machine.put("go", o.subjects().contains("go") ? goVersion()
                : Files.isExecutable(o.go()) ? "not run (not among --subjects)"
                : o.go().toString().equals("none") ? "not built (bench/compare --skip-go, or no bench/go/compare source)"
                : "not installed (no Go compare binary at " + o.go() + "; bench/compare installs Go and builds it)");
        machine.put("gortCommit", command(List.of("git", "rev-parse", "HEAD"), "unknown")
                + (command(List.of("git", "status", "--porcelain", "--untracked-files=no"), "").isEmpty() ? "" : "+dirty"));
        machine.put("procs", o.procs());
        machine.put("size", o.size().id());
        machine.put("runs", o.runs());
        machine.put("warmup", o.warmup());
        machine.put("iterations", o.iterations());
        machine.put("seed", o.seed());
        machine.put("baseline", o.baseline());
        machine.put("jobs", o.jobs());
        machine.put("runnerVm", ManagementFactory.getRuntimeMXBean().getVmName());
    }

    private String goVersion() {
        // the version the binary was built with (go version FILE), else the toolchain's
        String v = command(List.of("go", "version", o.go().toString()), "");
        v = v.startsWith(o.go().toString() + ": ") ? v.substring(o.go().toString().length() + 2) : v;   // "PATH: go1.19.8"
        if (v.isEmpty()) {
            v = command(List.of("go", "version"), "unknown");
        }
        return v;
    }

    private void recordLoad(int run) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("run", run);
        l.put("at", Instant.now().toString());
        String avg;
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            avg = f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            avg = String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
        l.put("loadavg", avg);
        loads.add(l);
        System.err.println("[compare] run " + run + "/" + o.runs() + ": load average " + avg);
    }

    private static String firstMatch(Path file, String key, String dflt) {
        try {
            for (String l : Files.readAllLines(file)) {
                if (l.startsWith(key)) {
                    int i = l.indexOf(l.contains(":") ? ':' : '=');
                    return l.substring(i + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return dflt;
    }

    private static String command(List<String> cmd, String dflt) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? s : dflt;
        } catch (IOException | InterruptedException e) {
            return dflt;
        }
    }

    private String header() {
        return "[compare] " + machine.get("cores") + " cores, " + machine.get("memory") + ", " + machine.get("jdk") + ", go: "
                + machine.get("go") + "; procs " + o.procs() + ", size " + o.size().id() + ", " + o.runs() + (o.runs() == 1 ? " run x (" : " runs x (")
                + o.warmup() + " warm-up + " + o.iterations() + " iterations); subjects " + o.subjects() + "; baseline " + o.baseline();
    }

    private String chartSubtitle() {
        return o.size().id() + " size, procs " + o.procs() + ", " + machine.get("cores") + " cores, " + machine.get("jdk")
                + (o.subjects().contains("go") ? ", " + machine.get("go") : "") + (o.runs() == 1 ? "; one run, gort " : "; median of " + o.runs() + " runs, gort ")
                + String.valueOf(machine.get("gortCommit")).substring(0, Math.min(10, String.valueOf(machine.get("gortCommit")).length()));
    }

    // ---- the outputs --------------------------------------------------------------------------

    private List<Summary> summarise() {
        Map<String, Double> baseline = new HashMap<>();
        List<Summary> out = new ArrayList<>();
        for (Workload w : o.workloads()) {
            for (String s : o.subjects()) {
                List<Result> rs = results.stream().filter(r -> r.workload() == w && r.subject().equals(s)).toList();
                List<Double> ok = rs.stream().filter(Result::ok).map(Result::value).toList();
                String status;
                String error = "";
                if (rs.stream().anyMatch(r -> r.status().equals("failed"))) {
                    status = "failed";
                    error = rs.stream().filter(r -> r.status().equals("failed")).findFirst().orElseThrow().error();
                } else if (ok.isEmpty()) {
                    status = "unsupported";
                } else {
                    status = "ok";
                }
                double med = median(ok);
                double min = ok.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                double max = ok.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                out.add(new Summary(w, s, status, med, min, max, Double.NaN, ok.size(), error));
                if (s.equals(o.baseline())) {
                    baseline.put(w.id, med);
                }
            }
        }
        List<Summary> withRatio = new ArrayList<>();
        for (Summary x : out) {
            Double b = baseline.get(x.workload().id);
            double ratio = b == null || Double.isNaN(b) || b <= 0 || Double.isNaN(x.median()) ? Double.NaN : x.median() / b;
            withRatio.add(new Summary(x.workload(), x.subject(), x.status(), x.median(), x.min(), x.max(), ratio, x.runs(), x.error()));
        }
        return withRatio;
    }

    /** A number with about three significant digits. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return a >= 1000 ? String.format(Locale.ROOT, "%,.0f", v)
                : a >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "–" : String.format(Locale.ROOT, "%.2f", r);
    }

    private String table(List<Summary> summary) {
        StringBuilder b = new StringBuilder();
        b.append("## gort comparison, ").append(o.size().id()).append(" size (").append(machine.get("date")).append(")\n\n");
        b.append("Machine: ").append(machine.get("cores")).append(" cores (").append(machine.get("cpu")).append("), ")
                .append(machine.get("memory")).append(", ").append(machine.get("os")).append("; ").append(machine.get("jdk"))
                .append("; Go: ").append(machine.get("go")).append("; gort ").append(machine.get("gortCommit")).append(".\n");
        b.append("Method: procs (carriers, GOMAXPROCS) = ").append(o.procs()).append("; ").append(o.runs())
                .append(o.runs() == 1 ? " run" : " runs").append(", each a fork per subject and workload, subjects interleaved in a seeded shuffled order; ")
                .append(o.warmup()).append(" warm-up + ").append(o.iterations()).append(" measured iterations per fork (idle: 0 + 1); value = median of the runs' medians, (min–max) over the runs.\n");
        b.append("JVM forks: `").append(machine.get("jvmFlags")).append("`.\n");
        b.append("Load average before each run: ");
        for (int i = 0; i < loads.size(); i++) {
            b.append(i == 0 ? "" : "; ").append(loads.get(i).get("run")).append(": ").append(loads.get(i).get("loadavg"));
        }
        b.append(".\n\n");
        b.append("### Ratio to ").append(o.baseline()).append(" (subject / ").append(o.baseline())
                .append("; every unit is lower-is-better: below 1 = better than ").append(o.baseline()).append(")\n\n");
        b.append("| workload |");
        for (String s : o.subjects()) {
            b.append(' ').append(s).append(" |");
        }
        b.append("\n|---|");
        b.append("---:|".repeat(o.subjects().size()));
        b.append('\n');
        for (Workload w : o.workloads()) {
            b.append("| ").append(w.id).append(" |");
            for (String s : o.subjects()) {
                Summary x = find(summary, w, s);
                b.append(' ').append(switch (x.status()) {
                    case "ok" -> ratio(x.ratio());
                    case "failed" -> "FAILED";
                    default -> "n/a";
                }).append(" |");
            }
            b.append('\n');
        }
        b.append("\n### Medians (min–max over the runs)\n\n| workload | unit |");
        for (String s : o.subjects()) {
            b.append(' ').append(s).append(" |");
        }
        b.append("\n|---|---|");
        b.append("---:|".repeat(o.subjects().size()));
        b.append('\n');
        for (Workload w : o.workloads()) {
            b.append("| ").append(w.id).append(" | ").append(w.unit).append(" |");
            for (String s : o.subjects()) {
                Summary x = find(summary, w, s);
                b.append(' ').append(switch (x.status()) {
                    case "ok" -> x.runs() == 1 ? num(x.median()) : num(x.median()) + " (" + num(x.min()) + "–" + num(x.max()) + ")";
                    case "failed" -> "FAILED";
                    default -> "n/a";
                }).append(" |");
            }
            b.append('\n');
        }
        b.append("\nn/a: the subject has no honest program for the workload (bench/README.md says why).\n");
        List<Summary> failed = summary.stream().filter(x -> x.status().equals("failed")).toList();
        if (!failed.isEmpty()) {
            b.append("\nFailures:\n");
            for (Summary x : failed) {
                b.append("- ").append(x.workload().id).append(" / ").append(x.subject()).append(": ").append(x.error()).append('\n');
            }
        }
        return b.toString();
    }

    private static Summary find(List<Summary> summary, Workload w, String s) {
        return summary.stream().filter(x -> x.workload() == w && x.subject().equals(s)).findFirst().orElseThrow();
    }

    private String csv() {
        StringBuilder b = new StringBuilder("subject,workload,unit,size,procs,run,status,value,iterations,error\n");
        for (Result r : results) {
            List<String> vs = r.values().stream().map(v -> String.format(Locale.ROOT, "%.6g", v)).toList();
            b.append(r.subject()).append(',').append(r.workload().id).append(',').append(r.workload().unit).append(',')
                    .append(o.size().id()).append(',').append(o.procs()).append(',').append(r.run()).append(',')
                    .append(r.status()).append(',').append(r.ok() ? String.format(Locale.ROOT, "%.6g", r.value()) : "").append(',')
                    .append(String.join(";", vs)).append(',').append(csvField(r.error())).append('\n');
        }
        return b.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"").replace("\n", " ") + '"' : s;
    }

    private String json(List<Summary> summary) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("machine", machine);
        root.put("loads", loads);
        Map<String, Object> units = new LinkedHashMap<>();
        for (Workload w : o.workloads()) {
            units.put(w.id, w.unit);
        }
        root.put("units", units);
        root.put("ratio", "subject / " + o.baseline() + " (lower is better)");
        List<Object> rs = new ArrayList<>();
        for (Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", r.subject());
            m.put("workload", r.workload().id);
            m.put("run", r.run());
            m.put("status", r.status());
            m.put("value", r.ok() ? r.value() : null);
            m.put("values", r.values());
            m.put("seconds", r.seconds());
            if (!r.error().isEmpty() && !r.ok()) {
                m.put("error", r.error());
            }
            rs.add(m);
        }
        root.put("results", rs);
        List<Object> ss = new ArrayList<>();
        for (Summary x : summary) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workload", x.workload().id);
            m.put("subject", x.subject());
            m.put("unit", x.workload().unit);
            m.put("status", x.status());
            m.put("median", x.median());
            m.put("min", x.min());
            m.put("max", x.max());
            m.put("ratio", x.ratio());
            m.put("runs", x.runs());
            ss.add(m);
        }
        root.put("summary", ss);
        return Json.write(root);
    }
}
