package io.gort.pattern;

import static io.gort.pattern.PatternTesting.closed;
import static io.gort.pattern.PatternTesting.drain;
import static io.gort.pattern.PatternTesting.stress;
import static io.gort.pattern.PatternTesting.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.testutil.GoroutineLeaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The patterns at volume, with cancellation at random points: what arrives is exactly what should
 * (a prefix of the expected stream for the order-keeping stages; the whole multiset when nothing is
 * cancelled), and no goroutine is left after any round. Scaled by {@code -Dgort.stress=N}.
 */
@Tag("stress")
@Timeout(600)
class PatternsStressTest {
    private static final int ROUNDS = 200;

    @Test
    void orderedPipelinesCancelledAtRandomDeliverAPrefix() {
        SplittableRandom rnd = new SplittableRandom(1);
        Set<Long> before = GoroutineLeaks.snapshot();
        for (int round = 0; round < ROUNDS * stress(); round++) {
            int n = 1 + rnd.nextInt(2000);
            List<Integer> want = IntStream.range(0, n).map(v -> v * 2).filter(v -> v % 3 != 0).boxed().toList();
            try (CancelContext ctx = Context.withCancel(Context.background())) {
                Receiver<Integer> gen = Pipeline.generator(ctx, IntStream.range(0, n).boxed().toList(), rnd.nextInt(3) * 8);
                Receiver<Integer> m = rnd.nextBoolean()
                        ? Pipeline.map(ctx, gen, v -> v * 2, rnd.nextInt(3) * 8)
                        : Channels.fanOutOrdered(ctx, gen, 1 + rnd.nextInt(6), v -> v * 2);
                Receiver<Integer> f = Pipeline.filter(ctx, m, v -> v % 3 != 0, rnd.nextInt(3) * 8);
                Receiver<Integer> out = rnd.nextBoolean() ? Channels.orDone(ctx, f) : f;
                int stopAt = rnd.nextInt(want.size() + 1);
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < stopAt; i++) {
                    got.add(value(out, "value " + i + " of round " + round));
                }
                ctx.cancel();
                got.addAll(drain(out, "the rest after cancel, round " + round));
                assertEquals(want.subList(0, got.size()), got, "round " + round + ": not a prefix");
            }
            GoroutineLeaks.assertNoneLeft(before);
        }
    }

    /**
     * A cancel that races the stages' channel operations (Stage's cancel by interrupt: an operation
     * may complete while the canceller interrupts it) loses and duplicates nothing: every value a
     * stage received is counted once, passed on or dropped, and the consumer got exactly what the
     * last stage passed on.
     */
    @Test
    void aCancelRacingTheOperationsCountsEveryItemOnce() {
        SplittableRandom rnd = new SplittableRandom(2);
        Set<Long> before = GoroutineLeaks.snapshot();
        for (int round = 0; round < ROUNDS * stress(); round++) {
            int n = 1 + rnd.nextInt(2000);
            try (CancelContext ctx = Context.withCancel(Context.background())) {
                Receiver<Integer> gen = Pipeline.generator(ctx, IntStream.range(0, n).boxed().toList());
                Receiver<Integer> m = Pipeline.map(ctx, gen, v -> v + 1);
                Receiver<Integer> f = Pipeline.filter(ctx, m, v -> true);
                StageStats gs = StageStats.of(gen).orElseThrow(), ms = StageStats.of(m).orElseThrow(),
                        fs = StageStats.of(f).orElseThrow();
                int stopAt = rnd.nextInt(n + 1);
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < stopAt; i++) {
                    got.add(value(f, "value " + i + " of round " + round));
                }
                ctx.cancel();
                got.addAll(drain(f, "the rest after cancel, round " + round));
                GoroutineLeaks.assertNoneLeft(before);
                String r = "round " + round + ": ";
                assertEquals(IntStream.range(1, got.size() + 1).boxed().toList(), got, r + "not a prefix");
                assertEquals(gs.items(), ms.items() + ms.dropped(), r + "map's input is not passed on + dropped");
                assertEquals(ms.items(), fs.items() + fs.dropped(), r + "filter's input is not passed on + dropped");
                assertEquals(fs.items(), got.size(), r + "the consumer's count is not filter's");
            }
        }
    }

    @Test
    void fanOutFanInTeeBridgeDeliverExactlyOnce() {
        int n = 100_000 * stress();
        Set<Long> before = GoroutineLeaks.snapshot();
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            Receiver<Integer> gen = Pipeline.generator(ctx, IntStream.range(0, n).boxed().toList(), 64);
            Tee<Integer> t = Channels.tee(ctx, Channels.fanOut(ctx, gen, 8, v -> v));
            // first: split into 4 by fanOut again and merge; second: re-chunked through bridge
            Receiver<Integer> merged = Channels.fanIn(ctx,
                    Channels.fanOut(ctx, t.first(), 2, v -> v), Channels.fanOut(ctx, t.first(), 2, v -> v));
            Chan<Receiver<Integer>> chunks = Chan.make(4);
            Go.spawn(() -> {
                List<Integer> chunk = new ArrayList<>();
                for (int v : t.second()) {
                    chunk.add(v);
                    if (chunk.size() == 1000) {
                        chunks.send(Pipeline.generator(ctx, chunk));
                        chunk = new ArrayList<>();
                    }
                }
                chunks.send(Pipeline.generator(ctx, chunk));
                chunks.close();
            });
            Receiver<Integer> bridged = Channels.bridge(ctx, chunks);
            boolean[] seenA = new boolean[n], seenB = new boolean[n];
            Chan<Integer> countB = Chan.make(1);
            Go.spawn(() -> {
                int c = 0;
                for (int v : bridged) {
                    if (seenB[v]) {
                        throw new AssertionError("bridge delivered " + v + " twice");
                    }
                    seenB[v] = true;
                    c++;
                }
                countB.send(c);
            });
            int countA = 0;
            for (int v : merged) {
                assertEquals(false, seenA[v], "fanIn delivered " + v + " twice");
                seenA[v] = true;
                countA++;
            }
            assertEquals(n, countA);
            assertEquals(n, value(countB, "the bridge reader's count"));
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void unorderedStagesCancelledAtRandomLeaveNothingBehind() {
        SplittableRandom rnd = new SplittableRandom(2);
        Set<Long> before = GoroutineLeaks.snapshot();
        for (int round = 0; round < ROUNDS * stress(); round++) {
            try (CancelContext ctx = Context.withCancel(Context.background())) {
                Receiver<Integer> src = Pipeline.repeat(ctx, 1, 2, 3);
                Receiver<Integer> out = switch (rnd.nextInt(4)) {
                    case 0 -> Channels.fanOut(ctx, src, 1 + rnd.nextInt(8), v -> v);
                    case 1 -> Channels.fanIn(ctx, src, Pipeline.repeat(ctx, 4), Pipeline.take(ctx, src, 10));
                    case 2 -> {
                        Tee<Integer> t = Channels.tee(ctx, src);
                        yield Channels.fanIn(ctx, t.first(), t.second());
                    }
                    default -> {
                        Chan<Receiver<Integer>> streams = Chan.make(2);
                        streams.send(Pipeline.take(ctx, src, 5));
                        streams.send(src);
                        yield Channels.bridge(ctx, streams);
                    }
                };
                for (int i = rnd.nextInt(50); i > 0; i--) {
                    value(out, "round " + round);
                }
                ctx.cancel();
                if (rnd.nextBoolean()) {
                    drain(out, "round " + round + " after cancel");
                }
            }
            GoroutineLeaks.assertNoneLeft(before);
        }
    }

    @Test
    void orOverManyInputsFiresOnTheFirstClose() {
        SplittableRandom rnd = new SplittableRandom(3);
        Set<Long> before = GoroutineLeaks.snapshot();
        for (int round = 0; round < ROUNDS * stress(); round++) {
            int n = 1 + rnd.nextInt(64);
            List<Chan<Void>> ins = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ins.add(Chan.make());
            }
            Receiver<Void> or = Channels.or(ins);
            Chan<Void> first = ins.get(rnd.nextInt(n));
            Go.spawn(first::close);
            closed(or, "or round " + round);
            GoroutineLeaks.assertNoneLeft(before);
        }
    }
}
