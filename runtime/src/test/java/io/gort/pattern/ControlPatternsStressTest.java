package io.gort.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.chan.ChannelClosedException;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.context.ContextException;
import io.gort.sync.WaitGroup;
import io.gort.testutil.GoroutineLeaks;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly once for the owner-goroutine patterns, under load and under a stop in the middle:
 * <ul>
 *   <li>PriorityChan: many senders with random priorities, several receivers, then close: every item
 *       is received once. And, in rounds: senders fill the channel concurrently, then it is closed and
 *       several receivers drain it concurrently: each receiver's sequence never rises in priority
 *       (with no send racing, every receive takes the current maximum).
 *   <li>Actor: many tellers and askers while the actor's context is cancelled at a random moment:
 *       every message whose tell returned normally was handled or dropped, exactly once
 *       ({@code processed + dropped == accepted}); every ask got an answer or an error.
 *   <li>Replicated: many rounds with random winners and failures; no replica left behind.
 * </ul>
 */
@Tag("stress")
class ControlPatternsStressTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void priorityChanExactlyOnce() {
        var before = GoroutineLeaks.snapshot();
        int senders = 8, receivers = 4, each = 5_000 * ControlTesting.stress();
        int total = senders * each;
        PriorityChan<Integer> pc = PriorityChan.make(Context.background(), 16);
        AtomicIntegerArray seen = new AtomicIntegerArray(total);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        WaitGroup send = new WaitGroup(), recv = new WaitGroup();
        for (int s = 0; s < senders; s++) {
            int base = s * each;
            send.go(() -> {
                for (int i = 0; i < each; i++) {
                    pc.send(base + i, ThreadLocalRandom.current().nextInt(10));
                }
            });
        }
        for (int r = 0; r < receivers; r++) {
            recv.go(() -> {
                try {
                    for (Integer id : pc.receiver()) {
                        seen.incrementAndGet(id);
                    }
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                }
            });
        }
        send.await();
        pc.close();
        recv.await();
        if (failed.get() != null) {
            throw new AssertionError(failed.get());
        }
        for (int id = 0; id < total; id++) {
            if (seen.get(id) != 1) {
                fail("item " + id + " received " + seen.get(id) + " times");
            }
        }
        assertEquals(total, pc.sent());
        ControlTesting.until("the owner to count every item", () -> pc.received() == total);
        assertEquals(0, pc.dropped());
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void priorityChanReceiversSeeNonIncreasingPriorities() {
        var before = GoroutineLeaks.snapshot();
        int capacity = 32;
        for (int round = 0; round < 300 * ControlTesting.stress(); round++) {
            PriorityChan<Integer> pc = PriorityChan.make(Context.background(), capacity);
            WaitGroup send = new WaitGroup(), recv = new WaitGroup();
            for (int s = 0; s < 4; s++) {
                int base = s * (capacity / 4);
                send.go(() -> {
                    for (int i = 0; i < capacity / 4; i++) {
                        int priority = ThreadLocalRandom.current().nextInt(5);
                        pc.send(priority * 1000 + base + i, priority);
                    }
                });
            }
            send.await();
            pc.close();
            AtomicLong received = new AtomicLong();
            AtomicReference<String> wrong = new AtomicReference<>();
            for (int r = 0; r < 3; r++) {
                recv.go(() -> {
                    int last = Integer.MAX_VALUE;
                    for (Integer v : pc.receiver()) {
                        int priority = v / 1000;
                        if (priority > last) {
                            wrong.compareAndSet(null, "priority " + priority + " after " + last);
                        }
                        last = priority;
                        received.incrementAndGet();
                    }
                });
            }
            recv.await();
            assertEquals(null, wrong.get(), "round " + round);
            assertEquals(capacity, received.get());
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void actorExactlyOnceAcrossAContextStop() {
        var before = GoroutineLeaks.snapshot();
        for (int round = 0; round < 20 * ControlTesting.stress(); round++) {
            CancelContext ctx = Context.withCancel(Context.background());
            Actor<long[]> actor = Actor.start(ctx, new long[1], 1 + ThreadLocalRandom.current().nextInt(8));
            // tellOk, askOk: entered and (for asks) handled; askDropped: entered, dropped, the asker
            // got the actor's context error; closed: refused at the mailbox, never entered.
            AtomicLong tellOk = new AtomicLong(), askOk = new AtomicLong(), askDropped = new AtomicLong(), closed = new AtomicLong();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            WaitGroup wg = new WaitGroup();
            int tellers = 6, each = 400;
            for (int t = 0; t < tellers; t++) {
                boolean asker = t % 3 == 0;
                wg.go(() -> {
                    for (int i = 0; i < each; i++) {
                        try {
                            if (asker) {
                                actor.<Long>ask(s -> ++s[0]);
                                askOk.incrementAndGet();
                            } else {
                                actor.tell(s -> s[0]++);
                                tellOk.incrementAndGet();
                            }
                        } catch (ChannelClosedException e) {
                            closed.incrementAndGet();
                        } catch (ContextException e) {
                            askDropped.incrementAndGet();
                        } catch (Throwable e) {
                            failed.compareAndSet(null, e);
                        }
                    }
                });
            }
            int stopAfter = ThreadLocalRandom.current().nextInt(tellers * each);
            ControlTesting.until("some messages to be handled", () -> actor.processed() >= stopAfter);
            ctx.cancel();
            wg.await();
            ControlTesting.closed(actor.done(), "the actor to end");
            if (failed.get() != null) {
                throw new AssertionError(failed.get());
            }
            String where = "round " + round + ": " + actor;
            assertEquals(tellers * each, tellOk.get() + askOk.get() + askDropped.get() + closed.get(), where);
            assertEquals(tellOk.get() + askOk.get() + askDropped.get(), actor.processed() + actor.dropped(),
                    "every message that entered was handled or dropped, once: " + where);
            assertTrue(actor.dropped() >= askDropped.get(), where);
            assertEquals(0, actor.failed(), where);
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void replicatedRoundsLeaveNothingBehind() {
        var before = GoroutineLeaks.snapshot();
        int wins = 0, allFailed = 0;
        for (int round = 0; round < 2_000 * ControlTesting.stress(); round++) {
            int n = 1 + ThreadLocalRandom.current().nextInt(6);
            try {
                Replicated.first(Context.background(), n, ctx -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    if (rnd.nextInt(3) == 0) {
                        throw new IllegalStateException("replica failed");
                    }
                    for (int k = rnd.nextInt(4); k > 0 && !ctx.isDone(); k--) {
                        Go.yield();
                    }
                    ctx.throwIfDone();
                    return rnd.nextInt();
                });
                wins++;
            } catch (Replicated.AllFailedException e) {
                allFailed++;
                assertEquals(n - 1, e.getSuppressed().length);
            }
        }
        assertTrue(wins > 0 && allFailed > 0, "wins " + wins + ", all failed " + allFailed);
        GoroutineLeaks.assertNoneLeft(before);
    }
}
