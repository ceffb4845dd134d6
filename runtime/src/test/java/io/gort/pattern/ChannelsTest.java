package io.gort.pattern;

import static io.gort.pattern.PatternTesting.closed;
import static io.gort.pattern.PatternTesting.drain;
import static io.gort.pattern.PatternTesting.until;
import static io.gort.pattern.PatternTesting.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.testutil.GoroutineLeaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Channels}: or, orDone, tee, bridge, fanIn, fanOut and fanOutOrdered — values, order where
 * defined, ending by input close and by cancellation (with the consumer gone), panics, the fan-out
 * bound, misuse — and the book's ch. 4 examples ported as tests of the API. The book's code read:
 * github.com/kat-co/concurrency-in-go-src at 079a907 (the or-channel's {@code sig} example,
 * concurrency-patterns-in-go/the-or-channel/fig-or-channel.go; the tee's out1/out2 loop,
 * the-tee-channel/fig-tee-channel.go; bridge's {@code genVals},
 * the-bridge-channel/fig-bridge-channel.go; the prime finder, fan-out-fan-in/
 * fig-fan-out-naive-prime-finder.go). Not ported: the or-channel's timing printout ("done after
 * 1.000s": the test checks the lower bound only), the prime finder's timing, and the naive
 * sequential finder (fig-naive-prime-finder.go, the same pipeline without the fan-out). Every test
 * ends by checking that no goroutine it started is left.
 */
@Timeout(60)
class ChannelsTest {
    private Set<Long> before;
    private CancelContext ctx;

    @BeforeEach
    void setUp() {
        before = GoroutineLeaks.snapshot();
        ctx = Context.withCancel(Context.background());
    }

    @AfterEach
    void noGoroutineLeft() {
        ctx.cancel();
        GoroutineLeaks.assertNoneLeft(before);
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private static List<Integer> sorted(List<Integer> l) {
        return l.stream().sorted().toList();
    }

    // ---- or ---------------------------------------------------------------------------------------

    @Test
    void orOfNothingIsTheNilChannel() {
        Receiver<Void> none = Channels.or();
        assertNull(none.tryRecv(), "a nil channel is never ready");
        assertTrue(GoroutineLeaks.newSince(before).isEmpty(), "or() started a goroutine");
    }

    @Test
    void orOfOneClosesWhenItCloses() {
        Chan<Void> a = Chan.make();
        Receiver<Void> or = Channels.or(a);
        assertNull(or.tryRecv());
        a.close();
        closed(or, "or(a) after a closed");
    }

    @Test
    void orOfTwoClosesWhenEitherCloses() {
        for (int which = 0; which < 2; which++) {
            List<Chan<Void>> ins = List.of(Chan.make(), Chan.make());
            Receiver<Void> or = Channels.or(ins.get(0), ins.get(1));
            ins.get(which).close();
            closed(or, "or after input " + which + " closed");
        }
    }

    @Test
    void orOfManyClosesWhenAnyClosesAndLeavesNoGoroutine() {
        int n = 200;
        List<Chan<Void>> ins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ins.add(Chan.make());
        }
        Receiver<Void> or = Channels.or(ins);
        assertEquals(1, GoroutineLeaks.newSince(before).size(), "or over " + n + " inputs: one goroutine");
        ins.get(ThreadLocalRandom.current().nextInt(n)).close();
        closed(or, "or of many");
        // the leak check: its one goroutine ended with the first close, the other inputs still open
    }

    @Test
    void orWithAnInputAlreadyClosedIsClosedAtOnceWithoutAGoroutine() {
        Chan<Void> open = Chan.make();
        Chan<Void> shut = Chan.make();
        shut.close();
        Receiver<Void> or = Channels.or(open, shut);
        assertTrue(GoroutineLeaks.newSince(before).isEmpty(), "or started a goroutine for a closed input");
        assertEquals(false, or.tryRecv().ok());
    }

    @Test
    void orFiresOnAValueToo() {
        Chan<String> a = Chan.make(1);
        Receiver<Void> or = Channels.or(a, Chan.make());
        a.send("x");
        closed(or, "or after a value");
    }

    @Test
    void orComposesWithContextsAndItself() {
        CancelContext child = Context.withCancel(Context.background());
        Chan<Void> never = Chan.make();
        Receiver<Void> or = Channels.or(Channels.or(never, child.done()), Chan.make());
        child.cancel();
        closed(or, "or(or(never, ctx.done()), ...) after cancel");
    }

    /** The book's or-channel example: sig(after) closes after a delay; or of several fires with the first. */
    @Test
    void bookOrChannelSig() {
        Function<java.time.Duration, Receiver<Void>> sig = after -> {
            Chan<Void> c = Chan.make();
            Go.spawn(() -> {
                Go.sleep(after);
                c.close();
            });
            return c;
        };
        CancelContext hours = Context.withCancel(Context.background());
        long start = System.nanoTime();
        Receiver<Void> or = Channels.or(hours.done(), hours.done(), sig.apply(java.time.Duration.ofMillis(30)),
                hours.done(), sig.apply(java.time.Duration.ofMillis(300)));
        closed(or, "or(sig...)");
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 30, "done after " + tookMs + " ms, before the first signal");
        hours.cancel();
    }

    @Test
    void orRefusesNulls() {
        assertThrows(NullPointerException.class, () -> Channels.or((Receiver<?>[]) null));
        assertThrows(NullPointerException.class, () -> Channels.or(Chan.make(), null));
        assertThrows(NullPointerException.class, () -> Channels.or((List<Receiver<?>>) null));
    }

    // ---- orDone -----------------------------------------------------------------------------------

    @Test
    void orDonePassesEverythingOnAndEndsWithItsInput() {
        assertEquals(range(0, 500), drain(Channels.orDone(ctx, Pipeline.generator(ctx, range(0, 500))), "orDone"));
    }

    @Test
    void orDoneEndsARangeLoopAtCancellation() {
        Chan<Integer> in = Chan.make();   // never closed
        Go.spawn(() -> {
            for (int i = 0; ; i++) {
                if (!io.gort.chan.Select.select(in.onSend(i, () -> true), ctx.done().onRecv(x -> false))) {
                    return;
                }
            }
        });
        int n = 0;
        for (int v : Channels.orDone(ctx, in)) {   // a plain range loop
            assertEquals(n, v);
            if (++n == 10) {
                ctx.cancel();
            }
        }
        assertTrue(n >= 10);
    }

    // ---- tee --------------------------------------------------------------------------------------

    @Test
    void teeDeliversEveryValueToBoth() {
        Tee<Integer> t = Channels.tee(ctx, Pipeline.generator(ctx, range(0, 300)));
        List<Integer> second = new ArrayList<>();
        Chan<Boolean> secondDone = Chan.make(1);
        Go.spawn(() -> {
            second.addAll(drain(t.second(), "tee.second"));
            secondDone.send(true);
        });
        assertEquals(range(0, 300), drain(t.first(), "tee.first"));
        value(secondDone, "second reader");
        assertEquals(range(0, 300), second);
        StageStats st = StageStats.of(t).orElseThrow();
        assertEquals(300, st.items());
        assertTrue(st.name().startsWith("tee#"));
    }

    @Test
    void teeInTheSameGoroutineAsTheBook() {
        // Go: for v1 := range out1 { fmt.Printf("out1: %v, out2: %v\n", v1, <-out2) }
        Tee<Integer> t = Channels.tee(ctx, Pipeline.take(ctx, Pipeline.repeat(ctx, 1, 2), 4));
        List<String> lines = new ArrayList<>();
        for (int v1 : t.first()) {
            lines.add("out1: " + v1 + ", out2: " + value(t.second(), "out2"));
        }
        assertEquals(List.of("out1: 1, out2: 1", "out1: 2, out2: 2", "out1: 1, out2: 1", "out1: 2, out2: 2"), lines);
        closed(t.second(), "out2 at the end");
    }

    @Test
    void teeEndsOnCancelWhenOneReaderStopped() {
        Tee<Integer> t = Channels.tee(ctx, Pipeline.repeat(ctx, 5));
        assertEquals(5, value(t.first(), "first"));
        assertEquals(5, value(t.second(), "second"));
        assertEquals(5, value(t.first(), "first again"));   // second never reads this one
        ctx.cancel();
        drain(t.first(), "first after cancel");
        drain(t.second(), "second after cancel");
        StageStats st = StageStats.of(t).orElseThrow();
        until("the tee stage to count its drop", () -> st.dropped() == 1);
    }

    // ---- bridge -----------------------------------------------------------------------------------

    /** The book's genVals: a channel of ten channels, each carrying one value. */
    @Test
    void bookBridgeGenVals() {
        Chan<Receiver<Integer>> chanStream = Chan.make();
        Go.spawn(() -> {
            for (int i = 0; i < 10; i++) {
                Chan<Integer> stream = Chan.make(1);
                stream.send(i);
                stream.close();
                chanStream.send(stream);
            }
            chanStream.close();
        });
        assertEquals(range(0, 10), drain(Channels.bridge(ctx, chanStream), "bridge"));
    }

    @Test
    void bridgeFlattensInOrder() {
        Chan<Receiver<Integer>> streams = Chan.make(5);
        for (int i = 0; i < 5; i++) {
            streams.send(Pipeline.generator(ctx, range(i * 100, i * 100 + 100)));
        }
        streams.close();
        assertEquals(range(0, 500), drain(Channels.bridge(ctx, streams), "bridge"));
    }

    @Test
    void bridgeEndsOnCancelInsideAnInnerStreamThatNeverCloses() {
        Chan<Receiver<Integer>> streams = Chan.make(1);
        streams.send(Pipeline.repeat(ctx, 1));
        Receiver<Integer> out = Channels.bridge(ctx, streams);
        assertEquals(1, value(out, "from the inner stream"));
        ctx.cancel();
        drain(out, "bridge after cancel");
    }

    // ---- fanIn ------------------------------------------------------------------------------------

    @Test
    void fanInMergesKeepingEachInputsOrder() {
        List<Receiver<Integer>> ins = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ins.add(Pipeline.generator(ctx, range(i * 1000, i * 1000 + 1000)));
        }
        List<Integer> got = drain(Channels.fanIn(ctx, ins), "fanIn");
        assertEquals(range(0, 8000), sorted(got));
        for (int i = 0; i < 8; i++) {
            int lo = i * 1000;
            List<Integer> mine = got.stream().filter(v -> v >= lo && v < lo + 1000).toList();
            assertEquals(range(lo, lo + 1000), mine, "input " + i + "'s order");
        }
    }

    @Test
    void fanInOfNothingIsClosedAndOfOneIsThatOne() {
        closed(Channels.fanIn(ctx), "fanIn()");
        assertEquals(List.of(1, 2), drain(Channels.fanIn(ctx, Pipeline.generator(ctx, 1, 2)), "fanIn(one)"));
    }

    @Test
    void fanInClosesOnlyWhenEveryInputHasClosed() {
        Chan<Integer> a = Chan.make(), b = Chan.make();
        Receiver<Integer> out = Channels.fanIn(ctx, a, b);
        a.close();
        b.send(7);
        assertEquals(7, value(out, "b's value after a closed"));
        b.close();
        closed(out, "fanIn after both closed");
    }

    @Test
    void fanInEndsOnCancelWithTheConsumerGone() {
        Receiver<Integer> out = Channels.fanIn(ctx, Pipeline.repeat(ctx, 1), Pipeline.repeat(ctx, 2), Pipeline.repeat(ctx, 3));
        value(out, "one value");
        ctx.cancel();
    }

    // ---- fanOut -----------------------------------------------------------------------------------

    @Test
    void fanOutAppliesFnToEveryValue() {
        Receiver<Integer> out = Channels.fanOut(ctx, Pipeline.generator(ctx, range(0, 2000)), 4, v -> v * 2);
        assertEquals(range(0, 2000).stream().map(v -> v * 2).toList(), sorted(drain(out, "fanOut")));
        assertEquals(2000, StageStats.of(out).orElseThrow().items());
    }

    @Test
    void fanOutNeverRunsMoreThanWorkersAtOnceAndDoesRunThatMany() {
        int workers = 4;
        AtomicInteger running = new AtomicInteger(), max = new AtomicInteger(), started = new AtomicInteger();
        Receiver<Integer> out = Channels.fanOut(ctx, Pipeline.generator(ctx, range(0, 400)), workers, v -> {
            int r = running.incrementAndGet();
            max.accumulateAndGet(r, Math::max);
            if (started.incrementAndGet() <= workers) {
                until("all " + workers + " workers to run at once", () -> max.get() >= workers);
            }
            for (int i = 0; i < 3; i++) {
                Go.yield();
            }
            running.decrementAndGet();
            return v;
        });
        assertEquals(range(0, 400), sorted(drain(out, "fanOut")));
        assertEquals(workers, max.get(), "most fn calls running at once");
    }

    @Test
    void fanOutOneWorkerKeepsOrder() {
        Receiver<Integer> out = Channels.fanOut(ctx, Pipeline.generator(ctx, range(0, 300)), 1, v -> v + 1);
        assertEquals(range(1, 301), drain(out, "fanOut(1)"));
    }

    @Test
    void fanOutEndsOnCancelWithTheConsumerGone() {
        Receiver<Integer> out = Channels.fanOut(ctx, Pipeline.repeat(ctx, 1, 2, 3), 8, v -> v);
        value(out, "one value");
        ctx.cancel();
        // the leak check: 8 workers, the generator, and the stage's derived context all end
    }

    @Test
    void aPanicInAFanOutWorkerEndsTheStage() {
        try (var panics = new PatternTesting.Panics()) {
            RuntimeException boom = new IllegalStateException("boom");
            Receiver<Integer> out = Channels.fanOut(ctx, Pipeline.repeat(ctx, 1, 2, 3, 4), 4, v -> {
                if (v == 4) {
                    throw boom;
                }
                return v;
            });
            List<Integer> got = drain(out, "fanOut until the panic");   // ends although the input never does
            assertTrue(got.stream().allMatch(v -> v < 4), got.toString());
            assertSame(boom, panics.one());
        }
    }

    @Test
    void fanOutOrderedKeepsOrderWhileRunningWorkersAtOnce() {
        int workers = 6;
        AtomicInteger running = new AtomicInteger(), max = new AtomicInteger();
        Receiver<Integer> out = Channels.fanOutOrdered(ctx, Pipeline.generator(ctx, range(0, 1000)), workers, v -> {
            max.accumulateAndGet(running.incrementAndGet(), Math::max);
            for (int i = ThreadLocalRandom.current().nextInt(20); i > 0; i--) {
                Go.yield();
            }
            running.decrementAndGet();
            return v * 3;
        });
        assertEquals(range(0, 1000).stream().map(v -> v * 3).toList(), drain(out, "fanOutOrdered"));
        assertTrue(max.get() <= workers, "ran " + max.get() + " at once");
        assertEquals(1000, StageStats.of(out).orElseThrow().items());
    }

    @Test
    void fanOutOrderedEndsOnCancelWithTheConsumerGone() {
        Receiver<Integer> out = Channels.fanOutOrdered(ctx, Pipeline.repeat(ctx, 1, 2, 3), 3, v -> v);
        assertEquals(List.of(1, 2, 3), List.of(value(out, "1"), value(out, "2"), value(out, "3")));
        ctx.cancel();
    }

    @Test
    void aPanicInAnOrderedWorkerClosesTheOutputAfterTheResultsBeforeIt() {
        try (var panics = new PatternTesting.Panics()) {
            Receiver<Integer> out = Channels.fanOutOrdered(ctx, Pipeline.generator(ctx, range(0, 100)), 4, v -> {
                if (v == 50) {
                    throw new ArithmeticException("50");
                }
                return v;
            });
            assertEquals(range(0, 50), drain(out, "up to the panic"));
            assertEquals("50", panics.one().getMessage());
        }
    }

    @Test
    void fanOutMisuse() {
        Receiver<Integer> in = Chan.make();
        var e = assertThrows(IllegalArgumentException.class, () -> Channels.fanOut(ctx, in, 0, v -> v));
        assertEquals("fanOut: workers must be at least 1, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Channels.fanOutOrdered(ctx, in, -3, v -> v));
        assertThrows(NullPointerException.class, () -> Channels.fanOut(null, in, 1, v -> v));
        assertThrows(NullPointerException.class, () -> Channels.fanOut(ctx, null, 1, v -> v));
        assertThrows(NullPointerException.class, () -> Channels.fanOut(ctx, in, 1, null));
        assertThrows(NullPointerException.class, () -> Channels.fanOutOrdered(ctx, in, 1, null));
    }

    @Test
    void nullArgumentsAreRefused() {
        Receiver<Integer> in = Chan.make();
        assertThrows(NullPointerException.class, () -> Channels.orDone(null, in));
        assertThrows(NullPointerException.class, () -> Channels.orDone(ctx, null));
        assertThrows(NullPointerException.class, () -> Channels.tee(ctx, null));
        assertThrows(NullPointerException.class, () -> Channels.tee(null, in));
        assertThrows(NullPointerException.class, () -> Channels.bridge(ctx, null));
        assertThrows(NullPointerException.class, () -> Channels.fanIn(ctx, in, null));
        assertThrows(NullPointerException.class, () -> Channels.fanIn(null, in));
        assertThrows(NullPointerException.class, () -> Channels.fanIn(ctx, (List<Receiver<Integer>>) null));
        assertTrue(GoroutineLeaks.newSince(before).isEmpty(), "a refused call started a goroutine");
    }

    // ---- the book's primes finder -------------------------------------------------------------------

    /**
     * "Fan-Out, Fan-In" (fig-fan-out-naive-prime-finder.go): a random stream, {@code toInt},
     * {@code NumCPU} slow prime finders sharing it, fanned in, the first ten taken. The finder is the
     * book's: it decrements the number, then tries every divisor below it; here a {@code map} (the
     * decrement) and a {@code filter} (the test) per finder. Smaller numbers than the book's
     * 50,000,000, and numbers below 2 are not prime (the book's loop lets 0 and 1 through).
     */
    @Test
    void bookPrimesFinderFanOutFanIn() {
        java.util.Random rnd = new java.util.Random(7);
        Receiver<Object> randStream = Pipeline.repeatFn(ctx, () -> (Object) rnd.nextInt(50_000));
        Receiver<Integer> randIntStream = Pipeline.map(ctx, randStream, v -> (Integer) v);   // toInt
        int numFinders = Math.max(2, Runtime.getRuntime().availableProcessors());
        List<Receiver<Integer>> finders = new ArrayList<>();
        for (int i = 0; i < numFinders; i++) {
            Receiver<Integer> decremented = Pipeline.map(ctx, randIntStream, v -> v - 1);
            finders.add(Pipeline.filter(ctx, decremented, ChannelsTest::isPrimeTheSlowWay));
        }
        List<Integer> primes = drain(Pipeline.take(ctx, Channels.fanIn(ctx, finders), 10), "primes");
        assertEquals(10, primes.size());
        for (int p : primes) {
            assertTrue(p > 1 && IntStream.rangeClosed(2, (int) Math.sqrt(p)).noneMatch(d -> p % d == 0), p + " is not prime");
        }
    }

    private static boolean isPrimeTheSlowWay(int n) {
        if (n < 2) {
            return false;
        }
        for (int d = n - 1; d > 1; d--) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
