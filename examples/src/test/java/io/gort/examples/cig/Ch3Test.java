package io.gort.examples.cig;

import static io.gort.examples.cig.Sections.assertSameLines;
import static io.gort.examples.cig.Sections.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.examples.ExampleRun;
import io.gort.examples.ProgramTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Concurrency in Go" (Cox-Buday, O'Reilly 2017), chapter 3, "Go's Concurrency Building Blocks":
 * the ported programs' output, checked as Go's Example tests check theirs — exactly where the
 * program is deterministic, by set or invariant where goroutines interleave, by bounds where it is
 * a measurement. Every test checks that the program left no goroutine running.
 */
@Timeout(60)
class Ch3Test extends ProgramTest {
    /** Ch. 3, "Goroutines" and "The sync Package: WaitGroup". */
    @Test
    void goroutines() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch3Goroutines::main));
        assertEquals(List.of("hello"), s.get("sayHello"));
        assertEquals(List.of("welcome"), s.get("closure"));
        assertSameLines(List.of("hello", "greetings", "good day"), s.get("loop closure"));
        double kb = Double.parseDouble(s.get("memory").get(0).replace("kb", ""));
        assertTrue(kb > 0, "bytes per parked goroutine: " + kb);
        assertTrue(number("20000 switches, (\\d+) ns/op", s.get("context switch").get(0)) > 0);
        List<String> wg = s.get("WaitGroup");
        assertSameLines(List.of("1st goroutine sleeping...", "2nd goroutine sleeping..."), wg.subList(0, 2));
        assertEquals("All goroutines complete.", wg.get(2));
        assertSameLines(List.of("Hello from 1!", "Hello from 2!", "Hello from 3!", "Hello from 4!", "Hello from 5!"),
                wg.subList(3, wg.size()));
    }

    /** Ch. 3, "The sync Package": Mutex, RWMutex, Cond, Once, Pool. */
    @Test
    void syncPackage() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch3SyncPackage::main));
        List<String> mutex = s.get("Mutex");
        assertEquals(13, mutex.size());
        int count = 0, incs = 0;
        for (String l : mutex.subList(0, 12)) {   // printed under the lock: every step is +1 or -1
            if (l.startsWith("Incrementing")) {
                count++;
                incs++;
                assertEquals(count, number("Incrementing: (-?\\d+)", l));
            } else {
                count--;
                assertEquals(count, number("Decrementing: (-?\\d+)", l));
            }
        }
        assertEquals(6, incs);
        assertEquals("Arithmetic complete.", mutex.get(12));

        List<String> rw = s.get("RWMutex");
        assertEquals(13, rw.size());
        for (int i = 0; i < 12; i++) {
            assertTrue(rw.get(i + 1).matches((1 << i) + " +\\d+\\.\\d{3}ms +\\d+\\.\\d{3}ms"), rw.get(i + 1));
        }

        int queued = 0;
        for (String l : s.get("Cond queue")) {
            queued += l.equals("Adding to queue") ? 1 : l.equals("Removed from queue") ? -1 : 100;
            assertTrue(queued >= 0 && queued <= 2, s.get("Cond queue").toString());
        }
        assertEquals(20, s.get("Cond queue").size());
        assertSameLines(List.of("Maximizing window.", "Displaying annoying dialog box!", "Mouse clicked."), s.get("Cond button"));
        assertEquals(List.of("Count is 1", "Count: 1"), s.get("Once"));

        List<String> pool = s.get("Pool");
        assertEquals(List.of("Creating new instance.", "Creating new instance."), pool.subList(0, 2));
        long calcs = number("(\\d+) calculators were created\\.", pool.get(2));
        assertTrue(calcs >= 4 && calcs < 1024, pool.get(2));
        assertEquals("without a pool: 10 requests made 10 connections, took at least 100ms: true", pool.get(3));
        long fresh = number("with a pool warmed with 10: the requests made (\\d+) new ones", pool.get(4));
        assertTrue(fresh < 10, pool.get(4));
        assertTrue(pool.get(5).startsWith("pooled requests were faster: "), pool.get(5));
    }

    /** Ch. 3, "Channels". */
    @Test
    void channels() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch3Channels::main));
        assertEquals(List.of("Hello channels!", "(true): Hello channels!"), s.get("stream"));
        assertEquals(List.of("(false): 0"), s.get("closed"));
        assertEquals(List.of("1 2 3 4 5 "), s.get("range"));
        List<String> unblocking = s.get("unblocking");
        assertEquals("Unblocking goroutines...", unblocking.get(0));
        assertSameLines(List.of("0 has begun", "1 has begun", "2 has begun", "3 has begun", "4 has begun"),
                unblocking.subList(1, unblocking.size()));
        List<String> buffered = s.get("buffered");
        assertEquals(11, buffered.size());
        for (int i = 0; i < 5; i++) {
            int sent = buffered.indexOf("Sending: " + i), received = buffered.indexOf("Received " + i + ".");
            assertTrue(sent >= 0 && received > sent, buffered.toString());
            if (i > 0) {
                assertTrue(buffered.indexOf("Sending: " + (i - 1)) < sent, buffered.toString());
            }
        }
        assertTrue(buffered.indexOf("Producer Done.") > buffered.indexOf("Sending: 4"), buffered.toString());
        assertEquals(List.of("Received: 0", "Received: 1", "Received: 2", "Received: 3", "Received: 4", "Received: 5",
                "Done receiving!"), s.get("chanOwner"));
    }

    /** Ch. 3, "The select Statement" and "The GOMAXPROCS Lever". */
    @Test
    void select() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch3Select::main));
        assertEquals("Blocking on read...", s.get("blocking").get(0));
        assertTrue(number("Unblocked (\\d+)ms later\\.", s.get("blocking").get(1)) >= 50);
        long c1 = number("c1Count: (\\d+)", s.get("random").get(0)), c2 = number("c2Count: (\\d+)", s.get("random").get(1));
        assertEquals(1000, c1 + c2);
        assertTrue(c1 > 0 && c2 > 0, s.get("random").toString());
        assertEquals(List.of("Timed out."), s.get("timeout"));
        assertTrue(s.get("default").get(0).matches("In default after \\d+µs"), s.get("default").toString());
        assertTrue(number("Achieved (\\d+) cycles of work before signalled to stop\\.", s.get("for-select").get(0)) >= 1);
        assertTrue(s.get("GOMAXPROCS").get(0).matches("GOMAXPROCS = [1-9]\\d*, NumCPU = [1-9]\\d*"));
    }
}
