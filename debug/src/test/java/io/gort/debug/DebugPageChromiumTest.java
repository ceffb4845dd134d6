package io.gort.debug;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.sched.Scheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page ({@code /debug/}) rendered by a real browser: headless Chromium loads it from
 * {@link DebugServer} on loopback, its script fetches {@code /debug/sched} and draws, and the test
 * reads the resulting DOM ({@code --dump-dom}) and a screenshot ({@code --screenshot}).
 *
 * <p>The browser is Debian's {@code chromium} package, installed by the build before the tests
 * ({@code debug/src/test/setup/ensure-chromium.sh}, run in {@code process-test-classes}); another
 * binary can be named with {@code -Dgort.chromium=}. A missing browser fails these tests: the page
 * is part of what the module promises.
 *
 * <p>{@code --virtual-time-budget=5000} lets the page run five seconds of its own (virtual) time,
 * which Chromium spends as fast as the fetches allow: the page redraws about five times, in a second
 * or two of real time, and the DOM is dumped after that. {@code --disable-dev-shm-usage} is added to
 * the usual headless flags because containers often give {@code /dev/shm} only 64 MB.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DebugPageChromiumTest {
    private static final String CHROMIUM = System.getProperty("gort.chromium", "/usr/bin/chromium");
    private static final long BROWSER_SECONDS = 60;
    private static final Path OUT = Paths.get(System.getProperty("gort.chromium.out", "target/chromium"));

    private static DebugServer server;
    private static Blocked blocked;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        // given: 7 goroutines parked in chan receive, and the endpoint
        blocked = new Blocked().receivers(7, "page-test");
        server = DebugServer.start(0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (blocked != null) {
            blocked.close();
        }
    }

    @Test
    void thePageDrawsWhatTheScriptFetchedFromSched() throws Exception {
        // when: Chromium loads the page and lets its script run for 5 virtual seconds
        String dom = chromium("dump-dom", "--dump-dom", server.uri().toString());

        // then: the script fetched /debug/sched and drew it, several times
        assertFalse(dom.contains("cannot read /debug/sched"), dom);
        Matcher updates = Pattern.compile("data-updates=\"(\\d+)\"").matcher(dom);
        assertTrue(updates.find(), "the script never drew:\n" + dom);
        assertTrue(Integer.parseInt(updates.group(1)) >= 2, "drew once, not live:\n" + dom);
        // the goroutines the test set up, by wait reason and in the total
        assertTrue(dom.contains("<tr class=\"reason\" data-reason=\"chan receive\" data-count=\"7\">"), dom);
        Matcher total = Pattern.compile("<span class=\"big\" id=\"g-total\">(\\d+)</span>").matcher(dom);
        assertTrue(total.find(), dom);
        assertTrue(Integer.parseInt(total.group(1)) >= 7, dom);
        assertTrue(Pattern.compile("<tr class=\"state\" data-state=\"waiting\" data-count=\"([7-9]|\\d\\d+)\">")
                .matcher(dom).find(), dom);
        // the scheduler, and a bar per carrier it reports
        Scheduler s = Scheduler.byDefault();
        assertTrue(dom.contains("(" + s.kind() + ", GOMAXPROCS " + s.parallelism() + ")"), dom);
        int carriers = s.parallelism();
        List<String> bars = new ArrayList<>();
        Matcher carrier = Pattern.compile("<tr class=\"carrier [a-z]+\" data-carrier=\"(\\d+|helper)\" data-depth=\"\\d+\"[^>]*>")
                .matcher(dom);
        while (carrier.find()) {
            bars.add(carrier.group(1));
        }
        assertEquals(IntStream.range(0, carriers).mapToObj(Integer::toString).toList(),
                bars.stream().filter(b -> !b.equals("helper")).toList(), dom);
        // the goroutine profile, parsed and drawn: the 7 parked goroutines are one group, with their frames
        int group = dom.indexOf("<tr class=\"group\" data-count=\"7\" data-state=\"chan receive\">");
        assertTrue(group >= 0, dom);
        String row = dom.substring(group, dom.indexOf("</tr>", group));
        assertTrue(row.contains("<div class=\"frame\">io.gort.chan.Chan.recv<span class=\"at\">io/gort/chan/Chan.java:"), row);
        assertTrue(row.contains("<div class=\"frame\">io.gort.debug.Blocked.receiveForever<span class=\"at\">io/gort/debug/Blocked.java:"), row);
        // and the server-rendered process line, escaped
        assertTrue(dom.contains("pid " + ProcessHandle.current().pid()), dom);
    }

    @Test
    void aScreenshotOfThePageIsAPngOfTheWindowSize() throws Exception {
        Path png = tmp.resolve("debug-page.png");
        chromium("screenshot", "--hide-scrollbars", "--window-size=1200,800", "--screenshot=" + png,
                server.uri().toString());

        assertTrue(Files.isRegularFile(png), "no screenshot at " + png);
        byte[] bytes = Files.readAllBytes(png);
        Files.createDirectories(OUT);
        Files.write(OUT.resolve("debug-page.png"), bytes);        // kept for people to look at
        // the PNG signature, then the IHDR chunk with the window's size
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
        assertEquals("IHDR", new String(bytes, 12, 4, StandardCharsets.US_ASCII));
        ByteBuffer ihdr = ByteBuffer.wrap(bytes, 16, 8);
        assertEquals(1200, ihdr.getInt());
        assertEquals(800, ihdr.getInt());
        // a drawn page, not a blank one: a blank 1200x800 PNG compresses to a few KB
        assertTrue(bytes.length > 15_000, "suspiciously small screenshot: " + bytes.length + " bytes");
    }

    /** Runs headless Chromium with the usual flags plus {@code args}; returns its stdout. */
    private String chromium(String name, String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(Paths.get(CHROMIUM))) {
            fail(CHROMIUM + " is missing: the build installs Debian's chromium before the tests"
                    + " (debug/src/test/setup/ensure-chromium.sh, phase process-test-classes); run"
                    + " `mvn -o -pl debug -am verify`, or name another binary with -Dgort.chromium=");
        }
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + tmp.resolve("profile-" + name),
                "--virtual-time-budget=5000"));
        cmd.addAll(List.of(args));
        Path stdout = tmp.resolve(name + ".out");
        Path stderr = tmp.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish in " + BROWSER_SECONDS + " s: " + cmd + "\n" + tail(stderr));
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + cmd + "\n" + tail(stderr));
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String tail(Path file) throws IOException {
        String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no output)";
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
