package io.gort.examples.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.examples.ExampleRun;
import io.gort.examples.ProgramTest;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed notes' programs (/work/shared/seed-notes.md, the notes gort grew from), run as Go runs
 * its {@code Example} tests: the output is compared line by line where the program is
 * deterministic; where it depends on timing, only what must hold is checked (sums, sets, bounds).
 * Every test also checks that the program left no goroutine running.
 */
@Timeout(60)
class NotesTest extends ProgramTest {
    private static int count(String line) {
        Matcher m = Pattern.compile("(\\d+)$").matcher(line);
        assertTrue(m.find(), line);
        return Integer.parseInt(m.group(1));
    }

    /** Notes, "Race Condition": the three outcomes' counts add up to the runs; each line names one. */
    @Test
    void raceCondition() throws Exception {
        List<String> lines = lines(RaceCondition::main);
        assertEquals(9, lines.size(), String.join("\n", lines));
        assertEquals("the notes' race, 10000 runs, each on a fresh goroutine:", lines.get(0));
        assertTrue(lines.get(1).startsWith("  nothing printed"), lines.get(1));
        assertTrue(lines.get(2).startsWith("  printed \"the value is 0\""), lines.get(2));
        assertTrue(lines.get(3).startsWith("  printed \"the value is 1\""), lines.get(3));
        assertEquals(RaceCondition.RUNS, count(lines.get(1)) + count(lines.get(2)) + count(lines.get(3)));
        assertEquals("with time.Sleep before the check (1ms for the notes' 1s), 100 runs:", lines.get(4));
        assertEquals(RaceCondition.SLEEPY_RUNS, count(lines.get(5)) + count(lines.get(6)) + count(lines.get(7)));
        assertTrue(lines.get(8).startsWith("the counts vary from run to run"));
    }

    /** Notes, "DeadLock" (the book's printSum): found with a bounded wait, reasons shown, then broken. */
    @Test
    void deadlock() throws Exception {
        var r = run(Deadlock::main);
        assertEquals(List.of(
                "deadlock: both goroutines are blocked",
                "  printSum(a, b) [sync.Mutex.Lock] holds a, wants b",
                "  printSum(b, a) [sync.Mutex.Lock] holds b, wants a",
                "breaking it: printSum(a, b) is the victim; its lock on a is released",
                "printSum(b, a): sum=3",
                "printSum(a, b) was the victim; it retries",
                "printSum(a, b): sum=3",
                "both goroutines finished"), r.lines());
        assertEquals(List.of(), r.panics());
    }

    /** Notes, "Livelock" (the book's hallway): each tries at most 5 times, in order, then gives up. */
    @Test
    void livelock() throws Exception {
        String out = run(Livelock::main).out();
        for (String name : List.of("Alice", "Barbara")) {
            Matcher m = Pattern.compile(name + " is trying to scoot:((?: left| right)*)(\\. Success!)?\\n"
                    + "(" + name + " gives up: she tosses her hands up in exasperation!\\n)?").matcher(out);
            assertTrue(m.find(), out);
            String[] steps = m.group(1).trim().split(" ");
            assertTrue(steps.length <= 2 * Livelock.TRIES, out);
            for (int i = 0; i < steps.length; i++) {
                assertEquals(i % 2 == 0 ? "left" : "right", steps[i], out);
            }
            boolean success = m.group(2) != null, gaveUp = m.group(3) != null;
            assertTrue(success != gaveUp, out);
            if (gaveUp) {
                assertEquals(2 * Livelock.TRIES, steps.length, out);
            }
        }
    }

    /** Notes, "Starvation" (the book's greedy and polite workers): the greedy one does more. */
    @Test
    void starvation() throws Exception {
        List<String> lines = lines(Starvation::main);
        assertEquals(3, lines.size());
        int greedy = Integer.parseInt(lines.get(0).replaceAll("\\D", ""));
        int polite = Integer.parseInt(lines.get(1).replaceAll("\\D", ""));
        assertTrue(lines.get(0).startsWith("Greedy worker was able to execute "));
        assertTrue(lines.get(1).startsWith("Polite worker was able to execute "));
        assertTrue(greedy > 0 && polite > 0, lines.toString());
        assertTrue(greedy >= polite, lines.toString());
    }

    /** Notes, "Atomicity": atomic and locked counters reach the total; check-then-insert: one wins. */
    @Test
    void atomicity() throws Exception {
        List<String> lines = lines(Atomicity::main);
        assertEquals("4 goroutines x 100000 increments, want 400000", lines.get(0));
        assertTrue(lines.get(1).equals("plain i++:  all counted this time (luck, not a guarantee)")
                || lines.get(1).matches("plain i\\+\\+:  lost \\d+ increments"), lines.get(1));
        assertEquals(List.of(
                "atomic add: 400000",
                "under Mutex: 400000",
                "two requests create user id=1 after checking it does not exist:",
                "  both saw no user 1; 1 inserted, 1 got a duplicate key error"), lines.subList(2, lines.size()));
    }

    /** Notes, "Memory Access Synchronization" (the book's guarded version): one of two whole outcomes. */
    @Test
    void memoryAccessSynchronization() throws Exception {
        List<String> lines = lines(MemoryAccessSynchronization::main);
        assertEquals(1, lines.size());
        assertTrue(Set.of("the value is 0.", "the value is 1.").contains(lines.get(0)), lines.get(0));
    }

    /** Notes, "goroutine": M goroutines on N carriers; the sum does not depend on the mapping. */
    @Test
    void goroutines() throws Exception {
        List<String> lines = lines(Goroutines::main);
        assertEquals("10000 goroutines added 1..10000: sum = 50005000", lines.get(0));
        assertTrue(lines.get(1).matches("they ran on [1-9]\\d* carrier thread\\(s\\); GOMAXPROCS is \\d+"), lines.get(1));
    }

    /** Notes, "Fork-join Model": every worker starts before it finishes; the join line comes last. */
    @Test
    void forkJoin() throws Exception {
        List<String> lines = lines(ForkJoin::main);
        assertEquals(11, lines.size());
        for (int id = 1; id <= 5; id++) {
            int started = lines.indexOf("Worker " + id + " started"), finished = lines.indexOf("Worker " + id + " finished");
            assertTrue(started >= 0 && finished > started, lines.toString());
        }
        assertEquals("All workers finished, continue main flow...", lines.get(10));
    }

    /** Notes, "Mutex and RWMutex": exclusive counter, unlock on panic, shared readers. */
    @Test
    void mutexAndRWMutex() throws Exception {
        assertEquals(List.of(
                "counter under a Mutex: 10000",
                "recovered from panic: boom; Mutex free again: true",
                "readers holding the RLock at once: 5",
                "after the writer's Lock: tea costs 4"), lines(MutexAndRWMutex::main));
    }

    /** Notes, the struct{} note: a signal sent, a signal by close. */
    @Test
    void signalChannel() throws Exception {
        assertEquals(List.of(
                "worker: done, sending the signal",
                "main: got the signal",
                "close(done) woke 3 receivers (ids sum to 6)"), lines(SignalChannel::main));
    }

    /** Notes, "Cond" (the book's queue of two): 10 adds, 10 removes, never more than 2 queued. */
    @Test
    void condWait() throws Exception {
        List<String> lines = lines(CondWait::main);
        assertEquals(20, lines.size());
        int queued = 0;
        for (String l : lines) {
            queued += l.equals("Adding to queue") ? 1 : l.equals("Removed from queue") ? -1 : 100;
            assertTrue(queued >= 0 && queued <= 2, lines.toString());
        }
        assertEquals(0, queued);
    }

    /** Notes, "Once" (the book's count): Do runs once; a second Do with another function does not run. */
    @Test
    void onceDo() throws Exception {
        assertEquals(List.of("Count is 1", "Count: 1"), lines(OnceDo::main));
    }

    /** Notes, "Pool" (the book's calculators): at least the 4 seeded, far fewer than the workers. */
    @Test
    void poolGetPut() throws Exception {
        List<String> lines = lines(PoolGetPut::main);
        Matcher m = Pattern.compile("(\\d+) calculators were created for 1024 workers\\.").matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        int created = Integer.parseInt(m.group(1));
        assertTrue(created >= 4 && created < 1024, lines.get(0));
    }

    /** Notes, "Confinement": 1000 adds through the actor; Get after cancel does not block. */
    @Test
    void confinement() throws Exception {
        assertEquals(List.of(
                "after 100 goroutines x 10 Adds: Get = (1000, true)",
                "after cancel the actor has stopped; Get = (0, false)"), lines(Confinement::main));
    }

    /** Notes, "for-select Loop" (serve): input closed, idle timeout with heartbeats, cancel. */
    @Test
    void forSelectLoop() throws Exception {
        assertEquals(List.of(
                "input closes: out=[HELLO, GORT], serve returned: <nil>",
                "input idle: out=[], serve returned: idle timeout",
                "  it sent heartbeats while idle: true",
                "cancelled: out=[BYE], serve returned: context canceled"), lines(ForSelectLoop::main));
    }

    /** Notes, "Preventing Goroutine Leaks": the leak shown (chan receive), then consume ends both ways. */
    @Test
    void preventingGoroutineLeaks() throws Exception {
        assertEquals(List.of(
                "ranging consumer after its producer finished: WAITING [chan receive]: a leak",
                "closing the channel lets it return: alive = false",
                "consume after cancel: returned",
                "consume after close: returned; items processed in all: 5"),
                lines(PreventingGoroutineLeaks::main));
    }

    /** Notes, "or-channel": the 10 ms signal wins over hours-long ones. */
    @Test
    void orChannel() throws Exception {
        List<String> lines = lines(OrChannel::main);
        Matcher m = Pattern.compile("done after (\\d+)ms").matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        long ms = Long.parseLong(m.group(1));
        assertTrue(ms >= 10 && ms < 10_000, lines.get(0));
        assertEquals("or() of none is closed: true", lines.get(1));
    }

    /** Notes, "Error Handling" (crawlAll with errgroup and a semaphore channel). */
    @Test
    void errorHandling() throws Exception {
        assertEquals(List.of(
                "crawlAll(20 urls): err = <nil>, stored 20, at most 8 fetches at once: true",
                "crawlAll with a bad url first: err = fetch https://bad.example.com/: 404 Not Found"),
                lines(ErrorHandling::main));
    }

    /** Notes, "Pipelines" (gen, sq): 1, 16, 81, 256; cancelled in the middle, every stage ends. */
    @Test
    void pipelines() throws Exception {
        assertEquals(List.of(
                "sq(sq(gen(1, 2, 3, 4))) = [1, 16, 81, 256]",
                "first value: 1",
                "after cancel every stage returned and closed its output"), lines(Pipelines::main));
    }

    /** Notes, "Fan-Out, Fan-In" (worker pool): 20 results sorted, jobs 7 and 14 failed. */
    @Test
    void fanOutFanIn() throws Exception {
        assertEquals(List.of(
                "20 results, ids 1..20",
                "failed: [job 7 failed, job 14 failed]",
                "with a cancelled context the pool returned (true) and all its goroutines ended"),
                lines(FanOutFanIn::main));
    }

    /** Notes, "or-done-channel": closing done ends a range over a channel that never closes. */
    @Test
    void orDone() throws Exception {
        assertEquals(List.of("got 1", "got 2", "got 3", "done closed: the range over OrDone ended"),
                lines(OrDone::main));
    }

    /** Notes, "tee-channel": both outputs get every value, in order. */
    @Test
    void tee() throws Exception {
        assertEquals(List.of("out1: [1, 2, 3, 4, 5]", "out2: [1, 2, 3, 4, 5]"), lines(Tee::main));
    }

    /** Notes, "bridge-channel": three streams flattened in order; an endless one stopped by done. */
    @Test
    void bridge() throws Exception {
        assertEquals(List.of(
                "bridged: [0, 1, 2, 3, 4, 5, 6, 7, 8]",
                "from an endless stream: 0, 1",
                "done closed: the bridge ended"), lines(Bridge::main));
    }

    /** Notes, "Queuing" (drop-new bounded queue): 3 in, 2 dropped, FIFO out, timed-out dequeue. */
    @Test
    void queuing() throws Exception {
        assertEquals(List.of(
                "enqueue 1: true (queue length 1)",
                "enqueue 2: true (queue length 2)",
                "enqueue 3: true (queue length 3)",
                "enqueue 4: false (queue length 3)",
                "enqueue 5: false (queue length 3)",
                "dropped: 2",
                "dequeue: Task[id=1] true",
                "dequeue: Task[id=2] true",
                "dequeue: Task[id=3] true",
                "dequeue on an empty queue: ok=false after context deadline exceeded"),
                lines(Queuing::main));
    }

    /** Notes, "the context package": doAll's cascading cancel, then one line per golden rule. */
    @Test
    void contextPackage() throws Exception {
        assertEquals(List.of(
                "taskB stopped: context canceled",
                "doAll: taskA: boom",
                "WithTimeout(10ms): context deadline exceeded",
                "WithValue: trace-id = req-42",
                "WithCancelCause: err = context canceled, cause = shutting down"),
                lines(ContextPackage::main));
    }
}
