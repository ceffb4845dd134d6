package io.gort.examples.cig;

import io.gort.Go;
import io.gort.Ticker;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * "Concurrency in Go", chapter 5, section "Heartbeats": a goroutine tells the world it is alive,
 * either on an interval or at the start of each unit of work, and a test can use the heartbeat to
 * be deterministic. Each program after a line {@code == name}; the book's seconds are 10 ms here.
 * <ul>
 *   <li>{@code interval}: {@code doWork(done, pulseInterval)} pulses every 20 ms (non-blocking: a
 *       pulse nobody reads is dropped) and sends a result every 40 ms; main prints "pulse" and
 *       "results" until the heartbeat closes. The book closes {@code done} after ten seconds; here
 *       main closes it after the third result, so the count of results is exact on a slow machine.</li>
 *   <li>{@code unhealthy}: the worker stops after two loop iterations (the book's simulated panic);
 *       main's timeout on the heartbeat says "worker goroutine is not healthy!".</li>
 *   <li>{@code per work unit}: a pulse (buffered 1, never blocking) before each of ten results.</li>
 *   <li>{@code deterministic test}: the book's {@code TestDoWork_GeneratesAllNumbers} with the
 *       interval version of {@code DoWork}, which waits before its work as a slow start would: the
 *       test waits for the first heartbeat instead of guessing a timeout, then checks every number.</li>
 * </ul>
 */
public final class Ch5Heartbeats {
    private Ch5Heartbeats() { }

    record Streams<T>(Receiver<Object> heartbeat, Receiver<T> results) { }

    /** The book's interval doWork; {@code iterations} &lt; 0 runs until done, n &ge; 0 stops after n (unhealthy). */
    static Streams<Instant> doWork(Receiver<?> done, Duration pulseInterval, int iterations) {
        Chan<Object> heartbeat = Chan.make();
        Chan<Instant> results = Chan.make();
        Go.spawn(() -> {
            Ticker pulse = Time.newTicker(pulseInterval);
            Ticker workGen = Time.newTicker(pulseInterval.multipliedBy(2));
            try {
                Runnable sendPulse = () -> heartbeat.trySend(Boolean.TRUE);   // select { case heartbeat <- struct{}{}: default: }
                java.util.function.Predicate<Instant> sendResult = r -> {     // false: done
                    for (;;) {
                        int what = Select.select(
                                done.onRecv(x -> 0),
                                pulse.c().onRecv(t -> 1),
                                results.onSend(r, () -> 2));
                        if (what == 0) {
                            return false;
                        }
                        if (what == 1) {
                            sendPulse.run();
                        } else {
                            return true;
                        }
                    }
                };
                for (int i = 0; iterations < 0 || i < iterations; i++) {
                    Instant r = Select.select(
                            done.onRecv(x -> Instant.MIN),
                            pulse.c().onRecv(t -> Instant.EPOCH),
                            workGen.c().onRecv(t -> t));
                    if (r == Instant.MIN) {
                        return;
                    }
                    if (r == Instant.EPOCH) {
                        sendPulse.run();
                    } else if (!sendResult.test(r)) {
                        return;
                    }
                }
                // the unhealthy version (iterations >= 0) ends here, its channels left open, as the book's
            } finally {
                pulse.stop();
                workGen.stop();
                if (iterations < 0) {
                    heartbeat.close();
                    results.close();
                }
            }
        });
        return new Streams<>(heartbeat, results);
    }

    static void interval() {
        System.out.println("== interval");
        Chan<Object> done = Chan.make();
        Duration timeout = Duration.ofMillis(40);
        Streams<Instant> s = doWork(done, timeout.dividedBy(2), -1);
        int results = 0;
        for (;;) {
            String line = Select.select(
                    s.heartbeat().onRecvOk((x, ok) -> ok ? "pulse" : ""),
                    s.results().onRecvOk((r, ok) -> ok ? "results" : ""),
                    Time.after(timeout.multipliedBy(10)).onRecv(t -> "timeout"));   // the book's 2 s bound, generous here
            if (line.isEmpty() || line.equals("timeout")) {
                if (line.equals("timeout")) {
                    System.out.println("timeout");
                }
                return;
            }
            System.out.println(line);
            if (line.equals("results") && ++results == 3) {
                done.close();   // the book: time.AfterFunc(10*time.Second, func() { close(done) })
            }
        }
    }

    static void unhealthy() {
        System.out.println("== unhealthy");
        Chan<Object> done = Chan.make();
        try {
            Duration timeout = Duration.ofMillis(40);
            Streams<Instant> s = doWork(done, timeout.dividedBy(2), 2);
            for (;;) {
                String line = Select.select(
                        s.heartbeat().onRecvOk((x, ok) -> ok ? "pulse" : ""),
                        s.results().onRecvOk((r, ok) -> ok ? "results" : ""),
                        Time.after(timeout).onRecv(t -> "worker goroutine is not healthy!"));
                if (line.isEmpty()) {
                    return;
                }
                System.out.println(line);
                if (line.startsWith("worker")) {
                    return;
                }
            }
        } finally {
            done.close();
        }
    }

    static void perWorkUnit() {
        System.out.println("== per work unit");
        Chan<Object> done = Chan.make();
        try {
            Chan<Object> heartbeatStream = Chan.make(1);
            Chan<Integer> workStream = Chan.make();
            Random rand = new Random(3);
            Go.spawn(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        heartbeatStream.trySend(Boolean.TRUE);
                        if (Select.select(done.onRecv(x -> true), workStream.onSend(rand.nextInt(10), () -> false))) {
                            return;
                        }
                    }
                } finally {
                    heartbeatStream.close();
                    workStream.close();
                }
            });
            for (;;) {
                String line = Select.select(
                        heartbeatStream.onRecvOk((x, ok) -> ok ? "pulse" : ""),
                        workStream.onRecvOk((r, ok) -> ok ? "results " + r : ""));
                if (line.isEmpty()) {
                    return;
                }
                System.out.println(line);
            }
        } finally {
            done.close();
        }
    }

    /** The book's DoWork for the test: a slow start, then one number per send, pulsing meanwhile. */
    static Streams<Integer> doWorkNums(Receiver<?> done, Duration pulseInterval, int... nums) {
        Chan<Object> heartbeat = Chan.make(1);
        Chan<Integer> intStream = Chan.make();
        Go.spawn(() -> {
            Ticker pulse = Time.newTicker(pulseInterval);
            try {
                Go.sleep(pulseInterval.multipliedBy(2));      // simulate a slow start (the book's 2 s)
                numLoop:
                for (int n : nums) {
                    for (;;) {
                        int what = Select.select(
                                done.onRecv(x -> 0),
                                pulse.c().onRecv(t -> 1),
                                intStream.onSend(n, () -> 2));
                        if (what == 0) {
                            return;
                        }
                        if (what == 1) {
                            heartbeat.trySend(Boolean.TRUE);
                        } else {
                            continue numLoop;
                        }
                    }
                }
            } finally {
                pulse.stop();
                heartbeat.close();
                intStream.close();
            }
        });
        return new Streams<>(heartbeat, intStream);
    }

    static void deterministicTest() {
        System.out.println("== deterministic test");
        Chan<Object> done = Chan.make();
        try {
            int[] intSlice = {0, 1, 2, 3, 5};
            Duration timeout = Duration.ofMillis(20);
            Streams<Integer> s = doWorkNums(done, timeout.dividedBy(2), intSlice);
            s.heartbeat().recv();                           // wait for the goroutine to signal it's beginning
            List<Integer> got = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (;;) {
                String r = Select.select(
                        s.results().onRecvOk((v, ok) -> {
                            if (!ok) {
                                return "closed";
                            }
                            int i = got.size();
                            if (v != intSlice[i]) {
                                errors.add(String.format("index %d: expected %d, but received %d,", i, intSlice[i], v));
                            }
                            got.add(v);
                            return "";
                        }),
                        s.heartbeat().onRecv(x -> ""),
                        Time.after(timeout.multipliedBy(50)).onRecv(t -> "test timed out"));
                if (!r.isEmpty()) {
                    System.out.println("TestDoWork_GeneratesAllNumbers: " + (r.equals("closed") && errors.isEmpty()
                            ? "PASS, received " + got : "FAIL " + r + " " + errors));
                    return;
                }
            }
        } finally {
            done.close();
        }
    }

    public static void main(String[] args) {
        interval();
        unhealthy();
        perWorkUnit();
        deterministicTest();
    }
}
