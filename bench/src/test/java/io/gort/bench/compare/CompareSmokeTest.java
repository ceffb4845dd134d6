package io.gort.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison suite's smoke mode, in the default test run: {@link Compare} runs every workload
 * at the smoke size on every installed subject (a real fork per cell, the path {@code
 * bench/compare} takes; two forks at a time and C1 only, to keep the test near a minute on two
 * cores), every program checks its own result, and the outputs are checked: the exit status, one
 * CSV row per subject x workload with status ok (or unsupported exactly where the subject says so),
 * the JSON's machine and summary, the table, and the chart (a PNG: signature and IHDR size).
 *
 * <p>Go: when a {@code go} toolchain is on the PATH the test builds {@code bench/go/bin/compare}'s
 * source into target/ and the go subject runs with the others; when there is none, the test does not
 * install it (that needs root and the network, which a unit test should not take; {@code
 * bench/compare} installs Debian's golang-go) but asserts that the table says so: "Go: not installed".
 */
class CompareSmokeTest {
    private static final Path BENCH = Path.of(System.getProperty("user.dir"));   // surefire runs in the module

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void everyWorkloadOnEverySubjectChecksOutAndTheOutputsParse(@TempDir Path tmp) throws Exception {
        Path go = buildGo(tmp);
        Path out = tmp.resolve("out");
        long t0 = System.nanoTime();
        int status = Compare.run("--size", "smoke", "--runs", "1", "--warmup", "0", "--iterations", "1",
                "--jobs", "2", "--heap", "1g", "--timeout-s", "120", "--jvm-flags", "-XX:TieredStopAtLevel=1",
                "--root", BENCH.getParent().toString(), "--go", go == null ? tmp.resolve("no-go").toString() : go.toString(),
                "--classpath", System.getProperty("java.class.path"), "--out", out.toString());
        System.err.printf("[CompareSmokeTest] the smoke comparison took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        String table = Files.readString(out.resolve("table.md"));
        assertEquals(0, status, "a cell failed:\n" + table);

        List<String> subjects = new ArrayList<>(Subjects.installed());
        if (go != null) {
            subjects.add("go");
        }
        // every JVM subject's own answer to "which workloads": the cells that must have run
        Map<String, Boolean> supported = new HashMap<>();
        for (String s : Subjects.installed()) {
            try (Subject subject = Subjects.create(s)) {
                for (Workload w : Workload.values()) {
                    supported.put(s + "/" + w.id, subject.supports(w));
                }
            }
        }

        // CSV: one row per subject x workload (one run), ok with a positive value, or unsupported
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("subject,workload,unit,size,procs,run,status,value,iterations,error", lines.get(0));
        Set<String> seen = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(10, f.length, line);
            String cell = f[0] + "/" + f[1];
            assertTrue(seen.add(cell), "one row per cell: " + line);
            assertEquals(Workload.of(f[1]).unit, f[2], line);
            assertEquals("smoke", f[3], line);
            assertEquals("2", f[4], line);
            boolean shouldRun = supported.getOrDefault(cell, true);
            if (shouldRun) {
                assertEquals("ok", f[6], line);
                double v = Double.parseDouble(f[7]);
                assertTrue(v > 0 && Double.isFinite(v), line);
            } else {
                assertEquals("unsupported", f[6], line);
            }
        }
        assertEquals(subjects.size() * Workload.values().length, seen.size(), "cells: " + seen);

        // JSON: the machine, the load before the run, the summary
        Map<?, ?> json = (Map<?, ?>) Json.parse(Files.readString(out.resolve("results.json")));
        Map<?, ?> machine = (Map<?, ?>) json.get("machine");
        for (String k : List.of("cores", "memory", "os", "jdk", "jvmFlags", "go", "gortCommit", "procs")) {
            assertTrue(machine.containsKey(k), "machine has " + k + ": " + machine);
        }
        assertEquals(1, ((List<?>) json.get("loads")).size());
        List<?> summary = (List<?>) json.get("summary");
        assertEquals(subjects.size() * Workload.values().length, summary.size());
        String baseline = go != null ? "go" : "gort-ws";
        for (Object o : summary) {
            Map<?, ?> m = (Map<?, ?>) o;
            if (m.get("subject").equals(baseline) && m.get("status").equals("ok")) {
                assertEquals(1.0, ((Number) m.get("ratio")).doubleValue(), 1e-9, "the baseline's ratio: " + m);
            }
        }

        // the table names every subject and workload, and says what happened to Go
        for (String s : subjects) {
            assertTrue(table.contains(" " + s + " |"), s + " in the table");
        }
        for (Workload w : Workload.values()) {
            assertTrue(table.contains("| " + w.id + " |"), w.id + " in the table");
        }
        assertFalse(table.contains("FAILED"), table);
        if (go == null) {
            assertTrue(table.contains("Go: not installed"), "a missing Go is reported, not skipped:\n" + table);
            System.err.println("[CompareSmokeTest] no go toolchain on the PATH: the go subject is reported not installed");
        }

        assertPng(out.resolve("chart.png"));
    }

    /** A failing subject is a FAILED cell and exit status 1, not a missing row or a hang. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFailingSubjectIsReported(@TempDir Path tmp) throws Exception {
        // a stand-in for the Go binary that speaks the fork protocol and fails its check
        Path fake = tmp.resolve("fake-go");
        Files.writeString(fake, "#!/bin/sh\necho 'some output'\n"
                + "echo '{\"subject\":\"go\",\"workload\":\"pingpong\",\"ok\":false,\"error\":\"pingpong: sum 1, expected 2\"}'\nexit 1\n");
        assertTrue(fake.toFile().setExecutable(true));
        Path out = tmp.resolve("out");
        int status = Compare.run("--size", "smoke", "--runs", "1", "--warmup", "0", "--iterations", "1",
                "--workloads", "pingpong", "--subjects", "go,gort-ws", "--go", fake.toString(),
                "--classpath", System.getProperty("java.class.path"), "--out", out.toString());
        assertEquals(1, status);
        String table = Files.readString(out.resolve("table.md"));
        assertTrue(table.contains("FAILED"), table);
        assertTrue(table.contains("pingpong: sum 1, expected 2"), table);
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("go,pingpong,") && l.contains(",failed,")), csv.toString());
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("gort-ws,pingpong,") && l.contains(",ok,")), csv.toString());
        assertPng(out.resolve("chart.png"));
    }

    /** A fork that runs past --timeout-s prints ok:false with a thread-dump summary and exits 1. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aForkPastItsTimeoutReportsTheThreads() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Fork.class.getName(),
                "--subject", Stuck.class.getName(), "--workload", "pingpong", "--size", "smoke", "--procs", "2",
                "--warmup", "1", "--iterations", "1", "--timeout-s", "2")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(1, p.waitFor());
        String last = out.substring(out.lastIndexOf('\n') + 1);
        Map<?, ?> m = (Map<?, ?>) Json.parse(last);
        assertEquals(Boolean.FALSE, m.get("ok"), last);
        assertEquals(Stuck.class.getName(), m.get("subject"));
        assertEquals("ns/roundtrip", m.get("unit"));
        String error = (String) m.get("error");
        assertTrue(error.startsWith("timeout after 2 s;") && error.contains("threads (dump: ") && error.contains("top frames"), error);
        assertTrue(error.contains("WAITING at io.gort.bench.compare.CompareSmokeTest$Stuck.run("), "where the stuck thread waits: " + error);
    }

    /** A subject whose program never returns: a lost wake-up, as the watchdog sees it. */
    public static final class Stuck implements Subject {
        @Override
        public String name() {
            return Stuck.class.getName();
        }

        @Override
        public boolean supports(Workload w) {
            return true;
        }

        @Override
        public double run(Workload w, Size size, int procs) throws InterruptedException {
            new java.util.concurrent.CountDownLatch(1).await();
            throw new AssertionError("unreachable");
        }
    }

    @Test
    void jsonRoundTripsAndMedianIsTheMiddle() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("s", "a\"b\\c\n");
        m.put("n", 1.5);
        m.put("i", 3);
        m.put("l", List.of(1.0, 2.25));
        m.put("t", true);
        m.put("z", null);
        Object back = Json.parse(Json.write(m));
        assertEquals(Map.of("s", "a\"b\\c\n", "n", 1.5, "i", 3.0, "l", List.of(1.0, 2.25), "t", true),
                withoutNulls((Map<?, ?>) back));
        assertTrue(((Map<?, ?>) back).containsKey("z"));
        assertEquals(2.0, Compare.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, Compare.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }

    private static Map<Object, Object> withoutNulls(Map<?, ?> m) {
        Map<Object, Object> r = new HashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                r.put(k, v);
            }
        });
        return r;
    }

    /** The PNG signature, then the IHDR chunk first with a plausible width and height. */
    static void assertPng(Path png) throws IOException {
        byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 33, "chart.png has " + b.length + " bytes");
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertTrue(Arrays.equals(signature, Arrays.copyOf(b, 8)), "PNG signature");
        ByteBuffer buf = ByteBuffer.wrap(b);     // big-endian, as PNG
        assertEquals(13, buf.getInt(8), "IHDR length");
        assertEquals("IHDR", new String(b, 12, 4, StandardCharsets.US_ASCII));
        int width = buf.getInt(16);
        int height = buf.getInt(20);
        assertTrue(width >= 1000 && width <= 2400 && height == 800, "chart size " + width + "x" + height);
    }

    /** Builds the Go compare program into tmp when a go toolchain is on the PATH; null when there is none. */
    private static Path buildGo(Path tmp) throws Exception {
        Path src = BENCH.resolve("go");
        if (!Files.isDirectory(src.resolve("compare"))) {
            throw new AssertionError("no bench/go/compare: the Go subject's source is part of the module");
        }
        Process which = new ProcessBuilder("sh", "-c", "command -v go").redirectErrorStream(true).start();
        which.getInputStream().readAllBytes();
        if (which.waitFor() != 0) {
            return null;
        }
        Path bin = tmp.resolve("go-compare");
        ProcessBuilder pb = new ProcessBuilder("go", "build", "-o", bin.toString(), "./compare")
                .directory(src.toFile()).redirectErrorStream(true);
        pb.environment().put("GOFLAGS", "-mod=mod");
        pb.environment().put("GOPROXY", "off");
        if (System.getenv("HOME") == null && System.getenv("GOCACHE") == null) {
            pb.environment().put("GOCACHE", tmp.resolve("gocache").toString());   // go needs a build cache
        }
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "go build ./compare:\n" + log);
        return bin;
    }
}
