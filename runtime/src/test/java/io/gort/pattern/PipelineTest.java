package io.gort.pattern;

import static io.gort.pattern.PatternTesting.closed;
import static io.gort.pattern.PatternTesting.drain;
import static io.gort.pattern.PatternTesting.until;
import static io.gort.pattern.PatternTesting.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.testutil.GoroutineLeaks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Pipeline}: the stages' values and order, their ending (input closed, context cancelled with
 * the consumer gone), panics, counters, misuse, and the book's ch. 4 pipeline examples ported as
 * tests of the API, from github.com/kat-co/concurrency-in-go-src at 079a907:
 * concurrency-patterns-in-go/pipelines/best-practices-for-constructing-pipelines/
 * fig-pipelines-chan-stream-processing.go (generator, multiply, add), pipelines/some-handy-generators/
 * fig-take-and-repeat-pipeline.go, fig-take-and-repeatfn-pipeline.go and fig-utilizing-string-stage.go.
 * Not ported: pipelines_test.go and queuing/buffering_test.go, which are benchmarks (generic vs
 * typed stages; buffered vs unbuffered writes): the bench module's business, and generics make the
 * first moot. Every test ends by checking that no goroutine it started is left.
 */
@Timeout(60)
class PipelineTest {
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

    // ---- values and order ---------------------------------------------------------------------------

    @Test
    void generatorSendsItsValuesInOrderThenCloses() {
        assertEquals(List.of(1, 2, 3, 4), drain(Pipeline.generator(ctx, 1, 2, 3, 4), "generator"));
        assertEquals(range(0, 1000), drain(Pipeline.generator(ctx, range(0, 1000)), "generator(Iterable)"));
        assertEquals(List.of(), drain(Pipeline.generator(ctx), "empty generator"));
        assertEquals(range(0, 100), drain(Pipeline.generator(ctx, range(0, 100), 8), "buffered generator"));
    }

    @Test
    void generatorOnABackgroundContextEndsWhenItsValuesRunOut() {
        assertEquals(List.of("a", "b"), drain(Pipeline.generator(Context.background(), "a", "b"), "generator"));
    }

    @Test
    void mapAndFilterKeepOrder() {
        Receiver<Integer> evens = Pipeline.filter(ctx, Pipeline.generator(ctx, range(0, 1000)), v -> v % 2 == 0);
        Receiver<String> strings = Pipeline.map(ctx, evens, v -> "#" + v);
        List<String> want = range(0, 1000).stream().filter(v -> v % 2 == 0).map(v -> "#" + v).toList();
        assertEquals(want, drain(strings, "map(filter(generator))"));
    }

    @Test
    void bufferedStagesKeepOrder() {
        Receiver<Integer> out = Pipeline.filter(ctx,
                Pipeline.map(ctx, Pipeline.generator(ctx, range(0, 5000), 64), v -> v * 3, 64), v -> v % 2 == 1, 64);
        assertEquals(range(0, 5000).stream().map(v -> v * 3).filter(v -> v % 2 == 1).toList(), drain(out, "pipeline"));
    }

    @Test
    void repeatCyclesItsValuesUntilCancelled() {
        List<String> got = drain(Pipeline.take(ctx, Pipeline.repeat(ctx, "a", "b", "c"), 7), "take(repeat)");
        assertEquals(List.of("a", "b", "c", "a", "b", "c", "a"), got);
    }

    @Test
    void repeatFnCallsItsFunctionForEachValue() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> got = drain(Pipeline.take(ctx, Pipeline.repeatFn(ctx, calls::incrementAndGet), 5), "take(repeatFn)");
        assertEquals(List.of(1, 2, 3, 4, 5), got);
    }

    @Test
    void takeStopsAtNAndEarlierWhenItsInputCloses() {
        assertEquals(List.of(1, 2), drain(Pipeline.take(ctx, Pipeline.generator(ctx, 1, 2, 3), 2), "take 2"));
        assertEquals(List.of(1, 2, 3), drain(Pipeline.take(ctx, Pipeline.generator(ctx, 1, 2, 3), 10), "take 10 of 3"));
        Receiver<Integer> none = Pipeline.take(ctx, Pipeline.<Integer>generator(ctx), 0);
        closed(none, "take 0");
    }

    @Test
    void aStageEndsWhenItsInputCloses() {
        Chan<Integer> in = Chan.make();
        Receiver<Integer> out = Pipeline.map(ctx, in, v -> v + 1);
        in.send(1);
        assertEquals(2, value(out, "map of 1"));
        in.close();
        closed(out, "map after its input closed");
        // the context is still live: closing the input alone ended the stage (the leak check proves it)
        assertEquals(null, ctx.err());
    }

    // ---- cancellation -----------------------------------------------------------------------------

    @Test
    void cancellingWithTheConsumerGoneEndsEveryStage() {
        // An infinite pipeline; the consumer reads three values and walks away.
        Receiver<Integer> out = Pipeline.filter(ctx,
                Pipeline.map(ctx, Pipeline.repeatFn(ctx, new AtomicInteger()::incrementAndGet), v -> v * 2), v -> v % 3 != 0);
        assertEquals(List.of(2, 4, 8), List.of(value(out, "1st"), value(out, "2nd"), value(out, "3rd")));
        ctx.cancel();
        // noGoroutineLeft: all three stage goroutines end without anyone reading again.
    }

    @Test
    void cancellingEndsTheStreamForAConsumerThatKeepsReading() {
        Receiver<Integer> out = Pipeline.map(ctx, Pipeline.repeat(ctx, 1), v -> v);
        value(out, "first");
        ctx.cancel();
        // A few values may still come (a stage parked in a send can be taken before it sees done),
        // but the stream must end.
        int rest = 0;
        while (PatternTesting.next(out, "after cancel").ok()) {
            assertTrue(++rest < 1000, "the stream goes on after cancel");
        }
    }

    @Test
    void aProducerStopsProducingAtCancelEvenIfItsConsumerKeepsPace() {
        // A buffered producer whose consumer keeps up would never have to wait, so never meet the
        // done channel in a select: the stage looks at ctx.err() before each item.
        AtomicInteger calls = new AtomicInteger();
        Receiver<Integer> out = Pipeline.repeatFn(ctx, calls::incrementAndGet, 1024);
        Chan<Integer> received = Chan.make(1);
        io.gort.Go.spawn(() -> {
            int n = 0;
            for (int ignored : out) {
                n++;
            }
            received.send(n);
        });
        until("the producer to get going", () -> calls.get() > 10_000);
        ctx.cancel();
        int atCancel = calls.get();
        int n = value(received, "the consumer's count");
        assertTrue(calls.get() - atCancel <= 2, (calls.get() - atCancel) + " values made after the cancel");
        assertTrue(n <= calls.get());
    }

    @Test
    void aContextAlreadyCancelledStartsStagesThatEndAtOnce() {
        ctx.cancel();
        assertEquals(List.of(), drain(Pipeline.map(ctx, Pipeline.repeat(ctx, 1, 2), v -> v), "map(repeat)"));
    }

    @Test
    void aDeadlineEndsTheStages() {
        try (CancelContext timed = Context.withTimeout(ctx, java.time.Duration.ofMillis(50))) {
            Receiver<Integer> out = Pipeline.map(timed, Pipeline.repeat(timed, 7), v -> v);
            value(out, "a value before the deadline");
            until("the deadline", () -> timed.err() != null);
            drain(out, "after the deadline");
            assertSame(Context.DEADLINE_EXCEEDED, timed.err());
        }
    }

    // ---- panics -----------------------------------------------------------------------------------

    @Test
    void aPanicInFnClosesTheOutputAndReachesThePanicHandler() {
        try (var panics = new PatternTesting.Panics()) {
            RuntimeException boom = new IllegalStateException("boom at 3");
            Receiver<Integer> out = Pipeline.map(ctx, Pipeline.generator(ctx, 1, 2, 3, 4, 5), v -> {
                if (v == 3) {
                    throw boom;
                }
                return v * 10;
            });
            assertEquals(List.of(10, 20), drain(out, "map up to the panic"));
            assertSame(boom, panics.one());
        }
        // The generator waits to send 4 until ctx is cancelled (noGoroutineLeft cancels it).
    }

    @Test
    void aNullFromAUserFunctionIsAPanicThatClosesTheOutput() {
        try (var panics = new PatternTesting.Panics()) {
            Receiver<Object> out = Pipeline.map(ctx, Pipeline.generator(ctx, 1), v -> null);
            assertEquals(List.of(), drain(out, "map returning null"));
            assertInstanceOf(NullPointerException.class, panics.one());
            assertTrue(panics.one().getMessage().contains("map: fn returned null"), panics.one().getMessage());
        }
    }

    @Test
    void aPanicInAPredicateOrSupplierClosesTheOutputToo() {
        try (var panics = new PatternTesting.Panics()) {
            assertEquals(List.of(), drain(Pipeline.filter(ctx, Pipeline.generator(ctx, 1), v -> {
                throw new ArithmeticException("pred");
            }), "filter"));
            assertEquals(List.of(), drain(Pipeline.repeatFn(ctx, () -> {
                throw new ArithmeticException("supplier");
            }), "repeatFn"));
            until("two panics", () -> panics.seen.size() == 2);
        }
    }

    // ---- counters ---------------------------------------------------------------------------------

    @Test
    void everyStageCountsWhatItPassesOn() {
        Receiver<Integer> gen = Pipeline.generator(ctx, range(0, 100));
        Receiver<Integer> odd = Pipeline.filter(ctx, gen, v -> v % 2 == 1);
        Receiver<Integer> sq = Pipeline.map(ctx, odd, v -> v * v);
        assertEquals(50, drain(sq, "pipeline").size());
        StageStats g = StageStats.of(gen).orElseThrow();
        StageStats f = StageStats.of(odd).orElseThrow();
        StageStats m = StageStats.of(sq).orElseThrow();
        until("the counters to settle", () -> m.items() == 50 && f.items() == 50 && g.items() == 100);
        assertTrue(g.name().startsWith("generator#"), g.name());
        assertTrue(f.name().startsWith("filter#"), f.name());
        assertTrue(m.name().startsWith("map#"), m.name());
        assertEquals(0, m.dropped() + f.dropped() + g.dropped());
        assertTrue(StageStats.all().contains(m));
        assertTrue(m.maxLatencyNanos() >= 0 && m.meanLatencyNanos() >= 0);
    }

    @Test
    void anItemInHandWhenCancelledIsCountedDropped() {
        Receiver<Integer> gen = Pipeline.generator(ctx, range(0, 10));
        Receiver<Integer> out = Pipeline.map(ctx, gen, v -> v);
        assertEquals(0, value(out, "first"));
        StageStats g = StageStats.of(gen).orElseThrow();
        StageStats m = StageStats.of(out).orElseThrow();
        // The map stage takes 1 (the generator has passed on two) and waits to send it: nobody reads.
        Goroutine stage = goroutineNamed(m.name());
        until("map to hold 1 and wait to send it", () -> g.items() == 2 && stage.state() == GState.WAITING);
        ctx.cancel();
        until("map to end", () -> !stage.isAlive());
        assertEquals(1, m.dropped());
        assertEquals(1, m.items());
    }

    @Test
    void aBufferedStageReportsItsQueueDepth() {
        Receiver<Integer> out = Pipeline.map(ctx, Pipeline.generator(ctx, range(0, 10)), v -> v, 16);
        StageStats m = StageStats.of(out).orElseThrow();
        until("the buffer to fill", () -> m.items() == 10);
        assertEquals(10, m.queueDepth());
        assertEquals(range(0, 10), drain(out, "buffered map"));
        assertEquals(0, m.queueDepth());
        assertEquals(0, StageStats.of(Pipeline.map(ctx, Pipeline.generator(ctx, 1), v -> v)).orElseThrow().queueDepth());
    }

    @Test
    void theCountersOfAnUnreferencedStageAreCollected() {
        String name = bufferedStageDrained();
        boolean gone = false;
        for (int i = 0; i < 50 && !gone; i++) {
            System.gc();
            gone = StageStats.all().stream().noneMatch(st -> st.name().equals(name));
        }
        assertTrue(gone, name + "'s counters outlived its channel");
    }

    private String bufferedStageDrained() {
        Receiver<Integer> out = Pipeline.map(ctx, Pipeline.generator(ctx, 1, 2), v -> v, 4);
        drain(out, "buffered map");
        return StageStats.of(out).orElseThrow().name();
    }

    private static Goroutine goroutineNamed(String name) {
        until("goroutine " + name, () -> Goroutine.all().stream().anyMatch(g -> g.thread().getName().equals(name)));
        return Goroutine.all().stream().filter(g -> g.thread().getName().equals(name)).findFirst().orElseThrow();
    }

    // ---- misuse -----------------------------------------------------------------------------------

    @Test
    void nullArgumentsAreRefused() {
        Receiver<Integer> in = Chan.make();
        Context none = null;
        assertThrows(NullPointerException.class, () -> Pipeline.generator(none, 1));
        assertThrows(NullPointerException.class, () -> Pipeline.generator(ctx, 1, null));
        assertThrows(NullPointerException.class, () -> Pipeline.generator(ctx, (Iterable<Integer>) null));
        assertThrows(NullPointerException.class, () -> Pipeline.repeat(ctx, (Object) null));
        assertThrows(NullPointerException.class, () -> Pipeline.repeatFn(ctx, null));
        assertThrows(NullPointerException.class, () -> Pipeline.take(ctx, null, 1));
        assertThrows(NullPointerException.class, () -> Pipeline.map(ctx, in, null));
        assertThrows(NullPointerException.class, () -> Pipeline.map(none, in, Function.identity()));
        assertThrows(NullPointerException.class, () -> Pipeline.filter(ctx, null, v -> true));
        assertThrows(NullPointerException.class, () -> Pipeline.filter(ctx, in, null));
        assertThrows(NullPointerException.class, () -> Pipeline.buffer(ctx, null, 1));
    }

    @Test
    void badCountsAreRefusedWithAClearMessage() {
        Receiver<Integer> in = Chan.make();
        var e = assertThrows(IllegalArgumentException.class, () -> Pipeline.take(ctx, in, -1));
        assertEquals("take: negative count -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pipeline.map(ctx, in, v -> v, -2));
        assertEquals("negative buffer capacity -2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pipeline.repeat(ctx));
        assertEquals("repeat: no values to repeat", e.getMessage());
    }

    // ---- the book's examples ---------------------------------------------------------------------

    /** "Best Practices for Constructing Pipelines": generator → multiply → add → multiply. */
    @Test
    void bookGeneratorMultiplyAddMultiply() {
        Receiver<Integer> intStream = Pipeline.generator(ctx, 1, 2, 3, 4);
        Receiver<Integer> pipeline = Pipeline.map(ctx,
                Pipeline.map(ctx, Pipeline.map(ctx, intStream, v -> v * 2), v -> v + 1), v -> v * 2);
        assertEquals(List.of(6, 10, 14, 18), drain(pipeline, "pipeline"));
    }

    /** "Some Handy Generators": {@code take(done, repeat(done, 1), 10)} and the toString stage. */
    @Test
    void bookRepeatTakeToString() {
        List<Integer> ones = drain(Pipeline.take(ctx, Pipeline.repeat(ctx, 1), 10), "take(repeat(1))");
        assertEquals(Collections.nCopies(10, 1), ones);
        Receiver<String> words = Pipeline.map(ctx, Pipeline.take(ctx, Pipeline.repeat(ctx, "I", "am."), 5), String::valueOf);
        assertEquals("I am. I am. I", String.join(" ", drain(words, "toString")));
    }

    /** "Some Handy Generators": {@code take(done, repeatFn(done, rand), 10)}. */
    @Test
    void bookRepeatFnRandTake() {
        Random rnd = new Random(42);
        Random same = new Random(42);
        List<Integer> want = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            want.add(same.nextInt());
        }
        assertEquals(want, drain(Pipeline.take(ctx, Pipeline.repeatFn(ctx, rnd::nextInt), 10), "take(repeatFn(rand))"));
    }
}
