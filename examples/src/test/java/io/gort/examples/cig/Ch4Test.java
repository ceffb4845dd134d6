package io.gort.examples.cig;

import static io.gort.examples.cig.Sections.assertSameLines;
import static io.gort.examples.cig.Sections.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.examples.ExampleRun;
import io.gort.examples.ProgramTest;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "Concurrency in Go" (Cox-Buday, O'Reilly 2017), chapter 4, "Concurrency Patterns in Go": the
 * ported programs' output, exact where deterministic, by set, order constraint or bound otherwise.
 * Every test checks that the program left no goroutine running (the patterns' whole point).
 */
@Timeout(60)
class Ch4Test extends ProgramTest {
    /** Ch. 4, "Confinement": ad hoc and lexical. */
    @Test
    void confinement() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch4Confinement::main));
        assertEquals(List.of("0", "0", "0", "0"), s.get("ad hoc"));
        assertEquals(List.of("Received: 0", "Received: 1", "Received: 2", "Received: 3", "Received: 4", "Received: 5",
                "Done receiving!"), s.get("lexical"));
        assertSameLines(List.of("gol", "ang"), s.get("lexical slices"));
    }

    /** Ch. 4, "The for-select Loop". */
    @Test
    void forSelectLoop() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch4ForSelectLoop::main));
        assertEquals(List.of("a", "b", "c"), s.get("sending iteration variables"));
        assertEquals(List.of("variant 1: stopped by done after 100 rounds of work",
                "variant 2: stopped by done after 100 rounds of work"), s.get("looping infinitely"));
    }

    /** Ch. 4, "Preventing Goroutine Leaks": the leak seen, then both cancellation directions. */
    @Test
    void preventingLeaks() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch4PreventingLeaks::main));
        assertEquals(List.of("Done.", "leaked: doWork's goroutine is WAITING [chan receive (nil chan)]", "doWork exited."),
                s.get("leak"));
        assertEquals(List.of("Canceling doWork goroutine...", "doWork exited.", "Done."), s.get("done"));
        List<String> producer = s.get("producer");
        assertEquals(5, producer.size());
        assertEquals("3 random ints:", producer.get(0));
        for (int i = 1; i <= 3; i++) {
            assertTrue(producer.get(i).matches(i + ": \\d+"), producer.get(i));
        }
        assertEquals("newRandStream closure exited.", producer.get(4));
    }

    /** Ch. 4, "The or-channel": the 10 ms signal closes the recursive or. */
    @Test
    void orChannel() throws Exception {
        long ms = number("done after (\\d+)ms", lines(Ch4OrChannel::main).get(0));
        assertTrue(ms >= 10 && ms < 10_000, ms + "ms");
    }

    /** Ch. 4, "Error Handling": errors travel with results; main decides. */
    @Test
    void errorHandling() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch4ErrorHandling::main));
        assertSameLines(List.of("Response: 200 OK", "Get \"https://badhost\": dial tcp: lookup badhost: no such host"),
                s.get("printing"));
        assertEquals(List.of("Response: 200 OK", "error: Get \"https://badhost\": dial tcp: lookup badhost: no such host"),
                s.get("Result"));
        assertEquals(List.of(
                "error: Get \"a\": unsupported protocol scheme \"\"",
                "Response: 200 OK",
                "error: Get \"b\": unsupported protocol scheme \"\"",
                "error: Get \"c\": unsupported protocol scheme \"\"",
                "Too many errors, breaking!"), s.get("too many errors"));
    }

    /** Ch. 4, "Pipelines": batch, stream, channels, generators. */
    @Test
    void pipelines() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch4Pipelines::main));
        assertEquals(List.of("3", "5", "7", "9"), s.get("batch"));
        assertEquals(List.of("6", "10", "14", "18"), s.get("stream"));
        assertEquals(List.of("6", "10", "14", "18"), s.get("channels"));
        assertEquals(List.of("1 1 1 1 1 1 1 1 1 1 "), s.get("repeat take"));
        List<String> random = s.get("repeatFn");
        assertEquals(10, random.size());
        java.util.Random seeded = new java.util.Random(1);
        for (String r : random) {
            assertEquals(seeded.nextInt(1000), Integer.parseInt(r));
        }
        assertEquals(List.of("message: Iam.Iam.I..."), s.get("toString"));
    }

    /** Ch. 4, "Fan-Out, Fan-In": ten primes either way; the fanned-out search finds primes too. */
    @Test
    void fanOutFanIn() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch4FanOutFanIn::main));
        for (String section : List.of("one stage", "fan out")) {
            List<String> lines = s.get(section);
            int first = lines.indexOf("Primes:");
            assertTrue(first >= 0, lines.toString());
            for (String p : lines.subList(first + 1, first + 11)) {
                assertTrue(BigInteger.valueOf(Long.parseLong(p.trim())).isProbablePrime(50), p);
            }
            assertTrue(lines.get(first + 11).matches("Search took: \\d+ms"), lines.toString());
            assertEquals(first + 12, lines.size());
        }
        assertTrue(s.get("fan out").get(0).matches("Spinning up [1-9]\\d* prime finders\\."));
    }

    /** Ch. 4, "The or-done-channel", "The tee-channel", "The bridge-channel". */
    @Test
    void orDoneTeeBridge() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch4OrDoneTeeBridge::main));
        // After done closes, orDone may already hold the generator's next value while both its send
        // and done are ready: select picks at random (as Go's does), so a fourth value may get out.
        List<String> orDone = s.get("or-done");
        assertTrue(orDone.equals(List.of("0", "1", "2")) || orDone.equals(List.of("0", "1", "2", "3")), orDone.toString());
        assertEquals(List.of("out1: 1, out2: 1", "out1: 2, out2: 2", "out1: 1, out2: 1", "out1: 2, out2: 2"), s.get("tee"));
        assertEquals(List.of("0 1 2 3 4 5 6 7 8 9 "), s.get("bridge"));
    }

    /** Ch. 4, "Queuing": the unbuffered short stage waits on the long one; the buffered one need not. */
    @Test
    void queuing() throws Exception {
        List<String> lines = lines(Ch4Queuing::main);
        assertEquals(2, lines.size());
        long unbufferedShort = number("buffer 0: short stage done after (\\d+)ms, pipeline after \\d+ms", lines.get(0));
        assertTrue(unbufferedShort >= 80, lines.get(0));   // two hand-offs wait for 40 ms steps
        long bufferedTotal = number("buffer 2: short stage done after \\d+ms, pipeline after (\\d+)ms", lines.get(1));
        assertTrue(bufferedTotal >= 120, lines.get(1));    // three 40 ms steps in the long stage
        long bufferedShort = number("buffer 2: short stage done after (\\d+)ms, pipeline after \\d+ms", lines.get(1));
        assertTrue(bufferedShort >= 30, lines.get(1));
    }

    /** Ch. 4, "The context Package": done channel, WithTimeout/WithCancel, Deadline, WithValue. */
    @Test
    void contextPackage() throws Exception {
        Map<String, List<String>> s = Sections.of(lines(Ch4ContextPackage::main));
        assertSameLines(List.of("hello world!", "goodbye world!"), s.get("done channel"));
        assertEquals(List.of("cannot print greeting: context deadline exceeded", "cannot print farewell: context canceled"),
                s.get("context"));
        assertEquals(List.of("cannot print greeting: context deadline exceeded", "cannot print farewell: context canceled",
                "gave up without waiting for the timeout: true"), s.get("deadline"));
        assertEquals(List.of("handling response for jane (auth: abc123)"), s.get("values"));
    }
}
