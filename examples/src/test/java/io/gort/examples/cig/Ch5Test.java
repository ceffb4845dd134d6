package io.gort.examples.cig;

import static io.gort.examples.cig.Sections.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.examples.ExampleRun;
import io.gort.examples.ProgramTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Concurrency in Go" (Cox-Buday, O'Reilly 2017), chapter 5, "Concurrency at Scale": the ported
 * programs' output; timing-dependent ones are checked by what must hold (counts, sets, sequences
 * fixed by a seed, lower bounds a limiter guarantees). Every test checks for leaked goroutines.
 */
@Timeout(60)
class Ch5Test extends ProgramTest {
    private static long count(List<String> lines, String line) {
        return lines.stream().filter(line::equals).count();
    }

    /** Ch. 5, "Error Propagation": unwrapped, the user sees "a bug"; wrapped, a message. */
    @Test
    void errorPropagation() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch5ErrorPropagation::main));
        assertEquals(List.of(
                "[logID: 1]: LowLevelErr <- MyError <- NoSuchFileException(/bad/job/binary)",
                "[1] There was an unexpected issue; please report this as a bug."), s.get("unwrapped"));
        assertEquals(List.of(
                "[logID: 1]: IntermediateErr <- MyError <- LowLevelErr <- MyError <- NoSuchFileException(/bad/job/binary)",
                "[1] cannot run job \"1\": requisite binaries not available"), s.get("wrapped"));
    }

    /** Ch. 5, "Timeouts and Cancellation": a preemptable stage stops mid-work and sends nothing more. */
    @Test
    void timeoutsAndCancellation() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch5TimeoutsAndCancellation::main));
        assertEquals(List.of("first result: 4", "after done: results sent 1; the stage returned"), s.get("preemptable"));
        assertEquals(List.of("timed out after at least 10ms: true",
                "the calculation saw done and stopped without a result: true"), s.get("timeout"));
    }

    /** Ch. 5, "Heartbeats": interval, unhealthy, per work unit, and the deterministic test. */
    @Test
    void heartbeats() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch5Heartbeats::main));
        List<String> interval = s.get("interval");
        assertEquals(3, count(interval, "results"), interval.toString());
        assertTrue(count(interval, "pulse") >= 1, interval.toString());
        assertEquals(interval.size(), count(interval, "results") + count(interval, "pulse"), interval.toString());

        List<String> unhealthy = s.get("unhealthy");
        assertEquals("worker goroutine is not healthy!", unhealthy.getLast());
        assertTrue(unhealthy.size() <= 3, unhealthy.toString());   // two iterations at most, then silence
        unhealthy.subList(0, unhealthy.size() - 1).forEach(l -> assertTrue(l.equals("pulse") || l.equals("results"), l));

        List<String> perUnit = s.get("per work unit");
        List<Integer> results = new ArrayList<>();
        for (String l : perUnit) {
            if (l.startsWith("results ")) {
                results.add(Integer.parseInt(l.substring(8)));
            } else {
                assertEquals("pulse", l);
            }
        }
        Random seeded = new Random(3);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(seeded.nextInt(10));
        }
        assertEquals(expected, results);
        long pulses = count(perUnit, "pulse");
        assertTrue(pulses >= 1 && pulses <= 10, perUnit.toString());

        assertEquals(List.of("TestDoWork_GeneratesAllNumbers: PASS, received [0, 1, 2, 3, 5]"), s.get("deterministic test"));
    }

    /** Ch. 5, "Replicated Requests": ten handlers report; the answer came from one of them. */
    @Test
    void replicatedRequests() throws Exception {
        List<String> lines = lines(Ch5ReplicatedRequests::main);
        assertEquals(11, lines.size());
        List<Long> ids = new ArrayList<>();
        for (String l : lines.subList(0, 10)) {
            ids.add(number("(\\d) took \\d+ms", l));
            assertTrue(number("\\d took (\\d+)ms", l) >= 10, l);   // at least its simulated load
        }
        Collections.sort(ids);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), ids);
        assertTrue(lines.get(10).matches("Received an answer from #\\d"), lines.get(10));
    }

    /** Ch. 5, "Rate Limiting": 20 calls through 2/10ms (burst 1) and 10/600ms (burst 10). */
    @Test
    void rateLimiting() throws Exception {
        List<String> lines = lines(Ch5RateLimiting::main);
        assertEquals(21, lines.size());
        assertEquals("Done.", lines.get(20));
        List<Long> times = new ArrayList<>();
        int reads = 0;
        for (String l : lines.subList(0, 20)) {
            times.add(number(" *(\\d+)ms (?:ReadFile|ResolveAddress)", l));
            reads += l.endsWith("ReadFile") ? 1 : 0;
        }
        assertEquals(10, reads);
        Collections.sort(times);
        // A token bucket that starts full lets at most burst + t/interval events through by time t:
        // the k-th call (k > 10) is not before (k - 10) * 60 ms. Slack: x/time/rate, and gort's port
        // of it, read "now" before taking the limiter's lock, so a reservation made with a stale
        // time on a loaded machine moves the bucket's clock back and grants a few ms of tokens early.
        for (int k = 11; k <= 20; k++) {
            long floor = (k - 10) * 60L - 50;
            assertTrue(times.get(k - 1) >= floor, "call " + k + " at " + times.get(k - 1) + "ms, before " + floor + "ms: " + times);
        }
    }

    /** Ch. 5, "Healing Unhealthy Goroutines": restarts counted; the values survive restarts. */
    @Test
    void healingGoroutines() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch5HealingGoroutines::main));
        List<String> ward = s.get("irresponsible ward");
        long hellos = count(ward, "ward: Hello, I'm irresponsible!");
        assertTrue(hellos >= 1, ward.toString());
        assertEquals(hellos - 1, count(ward, "steward: ward unhealthy; restarting"), ward.toString());
        assertEquals(hellos, count(ward, "ward: I am halting."), ward.toString());
        assertEquals(1, count(ward, "main: halting steward and ward."), ward.toString());
        assertEquals("Done", ward.getLast());

        List<String> values = s.get("ward with values");
        List<String> received = values.stream().filter(l -> l.startsWith("Received: ")).toList();
        assertEquals(6, received.size(), values.toString());
        assertEquals("Received: 1", received.getFirst());
        received.forEach(l -> assertTrue(l.equals("Received: 1") || l.equals("Received: 2"), l));
        // a ward dies at -1 after at most "1, 2": six values need at least two restarts
        assertTrue(count(values, "steward: ward unhealthy; restarting") >= 2, values.toString());
        values.forEach(l -> assertTrue(l.startsWith("Received: ") || l.equals("negative value: -1")
                || l.equals("steward: ward unhealthy; restarting"), l));
    }
}
