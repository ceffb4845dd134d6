package io.gort.examples.gobyexample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Time;
import io.gort.examples.ExampleGoroutines;
import io.gort.examples.ExampleRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The outputs of Go by Example's concurrency chapters (gobyexample.com, pages goroutines through
 * context), ported to {@code io.gort.examples.gobyexample}, checked as Go checks an {@code
 * Example}'s {@code // Output:}: line by line where the program is deterministic; where the
 * scheduler or the clock decides, what must hold whatever they decide (the set of lines, the order
 * constraints the program's channels impose, counts, lower bounds on times, measured with gort's
 * clock). No goroutine of any program may panic,
 * and once {@code main} has returned its goroutines must end, but for those the Go original leaves
 * parked forever ({@link ExampleGoroutines}).
 */
@Timeout(30)
class GoByExampleTest {

    /**
     * Starts gort's scheduler before the first program, as Go's runtime is up before {@code main}:
     * its first start (carriers, monitor, class loading) can take a few hundred milliseconds on a
     * busy machine, which would eat into the first program's scaled-down sleeps.
     */
    @BeforeAll
    static void startScheduler() {
        io.gort.Go.spawn(() -> { }).join();
    }

    private static List<String> run(ExampleRun.Main main) throws Exception {
        return run(main, 0);
    }

    /**
     * Runs {@code main}, checks that no goroutine panicked and that, once it has returned, its
     * goroutines end but for {@code leftBehind} that the Go original leaves parked forever.
     */
    private static List<String> run(ExampleRun.Main main, int leftBehind) throws Exception {
        return ExampleRun.checked(main, leftBehind);
    }

    private static int indexOf(List<String> lines, String line) {
        int i = lines.indexOf(line);
        assertTrue(i >= 0, "missing \"" + line + "\" in " + lines);
        return i;
    }

    private static void assertBefore(List<String> lines, String first, String then) {
        assertTrue(indexOf(lines, first) < indexOf(lines, then), "\"" + first + "\" before \"" + then + "\": " + lines);
    }

    /** gobyexample.com/goroutines: main's lines first, the goroutines' in between (each in order), "done" last. */
    @Test
    void goroutines() throws Exception {
        List<String> lines = run(Goroutines::main);
        assertEquals(List.of("direct : 0", "direct : 1", "direct : 2"), lines.subList(0, 3));
        assertEquals(Set.of("goroutine : 0", "goroutine : 1", "goroutine : 2", "going"), Set.copyOf(lines.subList(3, 7)));
        assertBefore(lines, "goroutine : 0", "goroutine : 1");
        assertBefore(lines, "goroutine : 1", "goroutine : 2");
        assertEquals("done", lines.get(7));
        assertEquals(8, lines.size(), lines::toString);
    }

    /** gobyexample.com/channels. */
    @Test
    void channels() throws Exception {
        assertEquals(List.of("ping"), run(Channels::main));
    }

    /** gobyexample.com/channel-buffering. */
    @Test
    void channelBuffering() throws Exception {
        assertEquals(List.of("buffered", "channel"), run(ChannelBuffering::main));
    }

    /** gobyexample.com/channel-synchronization: main waits for the worker's "done". */
    @Test
    void channelSynchronization() throws Exception {
        assertEquals(List.of("working...done"), run(ChannelSynchronization::main));
    }

    /** gobyexample.com/channel-directions. */
    @Test
    void channelDirections() throws Exception {
        assertEquals(List.of("passed message"), run(ChannelDirections::main));
    }

    /** gobyexample.com/select: both values, in the order their delays set; the delays run concurrently. */
    @Test
    void select() throws Exception {
        Instant start = Time.now();
        assertEquals(List.of("received one", "received two"), run(SelectExample::main));
        Duration took = Duration.between(start, Time.now());
        assertTrue(took.compareTo(Duration.ofMillis(200)) >= 0, "not before the longer delay: " + took);
    }

    /** gobyexample.com/timeouts: the slow result times out, the fast one arrives. */
    @Test
    void timeouts() throws Exception {
        assertEquals(List.of("timeout 1", "result 2"), run(Timeouts::main));
    }

    /** gobyexample.com/non-blocking-channel-operations. */
    @Test
    void nonBlockingChannelOperations() throws Exception {
        assertEquals(List.of("no message received", "no message sent", "no activity"),
                run(NonBlockingChannelOperations::main));
    }

    /**
     * gobyexample.com/closing-channels: the lines of both sides, each side's in order, the worker's
     * "received all jobs" only after the close (so after "sent job 3"), and main's last line last.
     */
    @Test
    void closingChannels() throws Exception {
        List<String> lines = run(ClosingChannels::main);
        assertEquals(Set.of("sent job 1", "sent job 2", "sent job 3", "sent all jobs",
                "received job 1", "received job 2", "received job 3", "received all jobs",
                "received more jobs: false"), Set.copyOf(lines));
        assertEquals(9, lines.size(), lines::toString);
        for (String side : List.of("sent job ", "received job ")) {
            assertBefore(lines, side + 1, side + 2);
            assertBefore(lines, side + 2, side + 3);
        }
        assertBefore(lines, "sent job 3", "sent all jobs");
        assertBefore(lines, "received job 3", "received all jobs");
        assertBefore(lines, "sent job 3", "received all jobs");
        assertEquals("received more jobs: false", lines.getLast());
    }

    /** gobyexample.com/range-over-channels. */
    @Test
    void rangeOverChannels() throws Exception {
        assertEquals(List.of("one", "two"), run(RangeOverChannels::main));
    }

    /** gobyexample.com/timers: timer 1 fires; timer 2 is stopped in time and never fires. */
    @Test
    void timers() throws Exception {
        assertEquals(List.of("Timer 1 fired", "Timer 2 stopped"), run(Timers::main, 1));
    }

    /** gobyexample.com/tickers: ticks, each not before its period, then "Ticker stopped" last. */
    @Test
    void tickers() throws Exception {
        Instant start = Time.now();
        List<String> lines = run(Tickers::main);
        Duration took = Duration.between(start, Time.now());
        assertEquals("Ticker stopped", lines.getLast());
        List<String> ticks = lines.subList(0, lines.size() - 1);
        assertTrue(ticks.size() >= 1, "it ticked: " + lines);
        assertTrue(ticks.size() <= took.toMillis() / 50, "no more ticks than periods in " + took + ": " + lines);
        Instant previous = start;
        for (int k = 0; k < ticks.size(); k++) {
            assertTrue(ticks.get(k).startsWith("Tick at "), ticks.get(k));
            Instant t = Instant.parse(ticks.get(k).substring("Tick at ".length()));
            assertTrue(!t.isBefore(start.plusMillis(50L * (k + 1))), "tick " + (k + 1) + " early: " + lines);
            assertTrue(t.isAfter(previous), "ticks in order: " + lines);
            previous = t;
        }
    }

    /**
     * gobyexample.com/worker-pools: each job started and finished once, by one worker, in that
     * order; a worker does one job at a time; three workers share five jobs, so at least two jobs'
     * time passes.
     */
    @Test
    void workerPools() throws Exception {
        Instant start = Time.now();
        List<String> lines = run(WorkerPools::main);
        Duration took = Duration.between(start, Time.now());
        assertEquals(10, lines.size(), lines::toString);
        Pattern p = Pattern.compile("worker ([123]) (started |finished) job ([1-5])");
        Map<Integer, Integer> workerOfJob = new HashMap<>();
        Map<Integer, Integer> busyWith = new HashMap<>();
        Set<Integer> finished = new java.util.HashSet<>();
        for (String line : lines) {
            Matcher m = p.matcher(line);
            assertTrue(m.matches(), line);
            int w = Integer.parseInt(m.group(1)), j = Integer.parseInt(m.group(3));
            if (m.group(2).equals("started ")) {
                assertEquals(null, workerOfJob.put(j, w), "job " + j + " started twice: " + lines);
                assertEquals(null, busyWith.put(w, j), "worker " + w + " does one job at a time: " + lines);
            } else {
                assertEquals(w, workerOfJob.get(j), "job " + j + " finished by its worker: " + lines);
                assertEquals(j, busyWith.remove(w), lines::toString);
                assertTrue(finished.add(j), "job " + j + " finished twice: " + lines);
            }
        }
        assertEquals(Set.of(1, 2, 3, 4, 5), finished);
        assertTrue(took.compareTo(Duration.ofMillis(40)) >= 0, "two rounds of 20 ms: " + took);
    }

    /** gobyexample.com/waitgroups: every worker starts and is done, and main waits for all of them. */
    @Test
    void waitGroups() throws Exception {
        List<String> lines = run(WaitGroups::main);
        assertEquals(10, lines.size(), lines::toString);
        for (int i = 1; i <= 5; i++) {
            assertBefore(lines, "Worker " + i + " starting", "Worker " + i + " done");
        }
    }

    /**
     * gobyexample.com/rate-limiting: requests 1..5 twice, in order. With the plain limiter the k-th
     * request waits for the k-th tick, so it is not before k periods; with the bursty one the first
     * three go at once and the 4th and 5th wait for the refilling ticker's first and second ticks,
     * which it starts only after the first part.
     */
    @Test
    void rateLimiting() throws Exception {
        long period = RateLimiting.PERIOD.toMillis();
        Instant start = Time.now();
        List<String> lines = run(RateLimiting::main, 1);
        assertEquals(10, lines.size(), lines::toString);
        List<Instant> at = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String[] f = lines.get(i).split(" ");
            assertEquals("request " + (i % 5 + 1), f[0] + " " + f[1]);
            at.add(Instant.parse(f[2]));
        }
        for (int k = 1; k <= 5; k++) {
            assertTrue(!at.get(k - 1).isBefore(start.plusMillis(k * period)), "request " + k + " early: " + lines);
        }
        Instant endOfFirst = at.get(4);
        assertTrue(!at.get(8).isBefore(endOfFirst.plusMillis(period)), "bursty request 4 early: " + lines);
        assertTrue(!at.get(9).isBefore(endOfFirst.plusMillis(2 * period)), "bursty request 5 early: " + lines);
        assertTrue(Duration.between(at.get(5), at.get(7)).compareTo(Duration.ofSeconds(2)) < 0,
                "the burst of three goes without waiting for ticks: " + lines);
    }

    /** gobyexample.com/atomic-counters: no increment lost. */
    @Test
    void atomicCounters() throws Exception {
        assertEquals(List.of("ops: 50000"), run(AtomicCounters::main));
    }

    /** gobyexample.com/mutexes: no increment lost, printed as Go prints a map. */
    @Test
    void mutexes() throws Exception {
        assertEquals(List.of("map[a:20000 b:10000]"), run(Mutexes::main));
    }

    /** gobyexample.com/stateful-goroutines: operations got through; then, main having closed {@code done}, every goroutine ends. */
    @Test
    void statefulGoroutines() throws Exception {
        List<String> lines = run(StatefulGoroutines::main);
        assertEquals(2, lines.size(), lines::toString);
        Matcher r = Pattern.compile("readOps: (\\d+)").matcher(lines.get(0));
        Matcher w = Pattern.compile("writeOps: (\\d+)").matcher(lines.get(1));
        assertTrue(r.matches() && w.matches(), lines::toString);
        // How many get through is the machine's business (on 2 cores shared with builds, a few
        // hundred in the half second); that some do is the program's.
        assertTrue(Long.parseLong(r.group(1)) + Long.parseLong(w.group(1)) > 0, lines::toString);
    }

    /**
     * gobyexample.com/context: the handler sees its request's context cancelled (the client hung
     * up), then another request's deadline pass, and answers each with a 500 carrying the error.
     */
    @Test
    void context() throws Exception {
        Instant start = Time.now();
        assertEquals(List.of(
                "server: hello handler started",
                "server: context canceled",
                "server: hello handler ended",
                "client: 500 context canceled",
                "server: hello handler started",
                "server: context deadline exceeded",
                "server: hello handler ended",
                "client: 500 context deadline exceeded"), run(ContextExample::main));
        Duration took = Duration.between(start, Time.now());
        assertTrue(took.compareTo(Duration.ofMillis(80)) >= 0, "50 ms, then the 30 ms deadline: " + took);
        assertTrue(took.compareTo(ContextExample.WORK) < 0, "nobody waited for the handler's work: " + took);
    }
}
