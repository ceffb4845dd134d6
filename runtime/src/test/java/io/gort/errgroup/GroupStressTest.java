package io.gort.errgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.chan.Select;
import io.gort.context.Context;
import io.gort.testutil.GoroutineLeaks;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many groups, each with a limit and one randomly placed failing task among tasks that either finish
 * or wait for the group's context: the failure is always the cause, the only suppressed error is
 * {@code CANCELED}, the limit is never exceeded, and no goroutine is left. Scaled by {@code
 * -Dgort.stress}.
 */
@Tag("stress")
class GroupStressTest {
    static final int ROUNDS = 300 * Math.max(1, Integer.getInteger("gort.stress", 1));

    @Test
    @Timeout(120)
    void failingGroupsUnderALimit() {
        var before = GoroutineLeaks.snapshot();
        for (int round = 0; round < ROUNDS; round++) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            // The failing task is among the first `limit`: tasks that wait for the context hold their
            // slot until it is cancelled, so a failing task queued behind `limit` of them would never
            // start (a deadlock in Go too).
            int limit = 1 + rnd.nextInt(8), tasks = 20 + rnd.nextInt(40), failing = rnd.nextInt(limit);
            Group g = Group.withContext(Context.background());
            g.setLimit(limit);
            Context ctx = g.context();
            AtomicInteger active = new AtomicInteger(), peak = new AtomicInteger();
            Exception doom = new Exception("doom " + round);
            for (int i = 0; i < tasks; i++) {
                int me = i;
                g.go(() -> {
                    peak.accumulateAndGet(active.incrementAndGet(), Math::max);
                    try {
                        if (me == failing) {
                            throw doom;
                        }
                        if (me % 2 == 0) {
                            Go.yield();   // a quick task
                        } else {
                            ctx.done().recv();   // a task that runs until cancelled
                            ctx.throwIfDone();
                        }
                    } finally {
                        active.decrementAndGet();
                    }
                });
            }
            GroupException e;
            try {
                g.await();
                throw new AssertionError("round " + round + ": await did not throw");
            } catch (GroupException ge) {
                e = ge;
            }
            assertSame(doom, e.getCause(), "round " + round);
            List<Throwable> rest = List.of(e.getSuppressed());
            assertTrue(rest.isEmpty() || rest.equals(List.of(Context.CANCELED)), "round " + round + ": " + rest);
            assertTrue(peak.get() <= limit, "round " + round + ": peak " + peak + " > limit " + limit);
            assertEquals(0, active.get());
            assertNull(Select.select(ctx.done().onRecv(x -> null), Select.onDefault(() -> "open")));
        }
        GoroutineLeaks.assertNoneLeft(before);
    }
}
