package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 6: "the same seed gives the same interleaving 100 times out of 100". The body uses
 * everything that could make a schedule differ: several goroutines, an unbuffered and a buffered
 * channel, a select with two ready cases (Go picks one at random), a Mutex with waiters, a
 * WaitGroup, a timer function, a ticker, sleeps and {@link Go#yield()}.
 */
@Timeout(120)
class SynctestDeterminismTest {
    private static final int RUNS = 100;

    /** What one run produced: the trace of goroutine numbers and the program's own log. */
    record Run(List<Integer> trace, String output, Duration elapsed, long externalWakeups) { }

    static Run once(long seed) {
        List<String> log = new ArrayList<>();
        Synctest.Result r = Synctest.run(seed, () -> {
            Chan<Integer> jobs = Chan.make();           // unbuffered
            Chan<String> results = Chan.make(3);        // buffered
            Chan<String> side = Chan.make(2);           // the select's other ready case
            Mutex mu = new Mutex();
            WaitGroup wg = new WaitGroup();
            for (int w = 1; w <= 4; w++) {
                int worker = w;
                wg.go(() -> {
                    for (Integer job = jobs.recv(); job != null; job = jobs.recv()) {
                        mu.lock();
                        log.add("w" + worker + " took " + job);
                        Go.yield();                       // others run and queue on mu
                        mu.unlock();
                        String v = "w" + worker + ":" + job;
                        String via = Select.select(       // both cases may be ready: the seed decides
                                results.onSend(v, () -> "results"),
                                side.onSend(v, () -> "side"));
                        mu.lock();
                        log.add(v + " via " + via);
                        mu.unlock();
                        if (job % 3 == 0) {
                            Go.sleep(Duration.ofMillis(job));
                        }
                    }
                });
            }
            Time.afterFunc(Duration.ofMillis(7), () -> {
                mu.lock();
                log.add("timer at " + Duration.between(Synctest.EPOCH, Time.now()).toMillis() + "ms");
                mu.unlock();
            });
            Chan<Void> drained = Chan.make();
            Go.spawn(() -> {                              // drains both channels until they close
                Ticker t = Time.newTicker(Duration.ofMillis(5));
                boolean resultsOpen = true, sideOpen = true;
                while (resultsOpen || sideOpen) {
                    Chan<String> r0 = resultsOpen ? results : Chan.nil();
                    Chan<String> s0 = sideOpen ? side : Chan.nil();
                    String got = Select.select(
                            r0.onRecvOk((v, ok) -> ok ? "result " + v : "results closed"),
                            s0.onRecvOk((v, ok) -> ok ? "side " + v : "side closed"),
                            t.c().onRecv(at -> "tick"));
                    resultsOpen &= !got.equals("results closed");
                    sideOpen &= !got.equals("side closed");
                    mu.lock();
                    log.add(got);
                    mu.unlock();
                }
                t.stop();
                drained.close();
            });
            for (int job = 1; job <= 12; job++) {
                jobs.send(job);
            }
            jobs.close();
            wg.await();
            results.close();
            side.close();
            drained.recv();
        });
        return new Run(r.trace(), String.join("\n", log), r.elapsed(), r.externalWakeups());
    }

    @Test
    void sameSeedSameInterleavingAndOutputHundredTimesOutOfHundred() {
        Run first = once(42);
        assertTrue(first.trace().size() > 50, "a real interleaving: " + first.trace().size() + " steps");
        assertEquals(0, first.externalWakeups(), "nothing woke the bubble from outside");
        for (int i = 1; i < RUNS; i++) {
            Run again = once(42);
            assertEquals(first.trace(), again.trace(), "run " + i + ": the trace differs");
            assertEquals(first.output(), again.output(), "run " + i + ": the output differs");
            assertEquals(first.elapsed(), again.elapsed(), "run " + i + ": the virtual time differs");
        }
    }

    @Test
    void differentSeedsGiveDifferentInterleavings() {
        Set<List<Integer>> traces = new HashSet<>();
        Set<String> outputs = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            Run r = once(seed);
            traces.add(r.trace());
            outputs.add(r.output());
            assertEquals(r.trace(), once(seed).trace(), "seed " + seed + " replays");
        }
        assertTrue(traces.size() >= 2, "10 seeds gave " + traces.size() + " distinct traces");
        assertTrue(outputs.size() >= 2, "10 seeds gave " + outputs.size() + " distinct outputs");
    }
}
