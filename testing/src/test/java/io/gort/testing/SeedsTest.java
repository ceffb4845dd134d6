package io.gort.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.Synctest;
import io.gort.chan.Chan;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Seeds}: the seed search finds the failing seed of a racy body, and the seed replays the failure. */
@Timeout(120)
class SeedsTest {
    /** A lost update: two goroutines read-modify-write a plain field, with a preemption point between. */
    static final Runnable LOST_UPDATE = () -> {
        int[] counter = new int[1];
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 2; i++) {
            wg.go(() -> {
                int v = counter[0];
                Go.yield();              // where the OS could preempt: the race window
                counter[0] = v + 1;
            });
        }
        wg.await();
        assertEquals(2, counter[0], "lost update");
    };

    /** The same with the race fixed by a Mutex: no seed fails. */
    static final Runnable LOCKED = () -> {
        int[] counter = new int[1];
        Mutex mu = new Mutex();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 2; i++) {
            wg.go(() -> {
                mu.lock();
                int v = counter[0];
                Go.yield();
                counter[0] = v + 1;
                mu.unlock();
            });
        }
        wg.await();
        assertEquals(2, counter[0], "lost update");
    };

    @Test
    void exploreReportsTheFirstFailingSeedAndItReplays() {
        AssertionError e = assertThrows(AssertionError.class, () -> Seeds.explore(200, LOST_UPDATE));
        OptionalLong first = Seeds.firstFailing(0, 200, LOST_UPDATE);
        assertTrue(first.isPresent());
        long seed = first.getAsLong();
        assertEquals("fails with seed " + seed + "; replay with Synctest.run(" + seed + ", body)", e.getMessage());
        assertInstanceOf(AssertionError.class, e.getCause());
        assertTrue(e.getCause().getMessage().startsWith("lost update"), e.getCause().getMessage());
        for (long s = 0; s < seed; s++) {
            Synctest.run(s, LOST_UPDATE);   // the seeds before it pass
        }
        for (int i = 0; i < 20; i++) {      // and the seed reproduces the race on demand
            AssertionError again = assertThrows(AssertionError.class, () -> Synctest.run(seed, LOST_UPDATE));
            assertEquals(e.getCause().getMessage(), again.getMessage());
        }
    }

    @Test
    void exploreFromAStartSeedAndNoFailureWhenFixed() {
        long seed = Seeds.firstFailing(0, 200, LOST_UPDATE).orElseThrow();
        AssertionError e = assertThrows(AssertionError.class, () -> Seeds.explore(seed, 5, LOST_UPDATE));
        assertTrue(e.getMessage().startsWith("fails with seed " + seed + ";"), e.getMessage());
        Seeds.explore(200, LOCKED);
        assertEquals(OptionalLong.empty(), Seeds.firstFailing(0, 200, LOCKED));
    }

    @Test
    void aBubbleDeadlockIsAFailureToo() {
        AssertionError e = assertThrows(AssertionError.class, () -> Seeds.explore(3, () -> Chan.make().recv()));
        assertEquals("fails with seed 0; replay with Synctest.run(0, body)", e.getMessage());
        assertInstanceOf(Synctest.DeadlockError.class, e.getCause());
    }

    @Test
    void firstSeedPerOutcome() {
        Map<String, Long> firsts = Seeds.firstSeedPerOutcome(100, () -> {
            Chan<String> c = Chan.make(2);
            Go.spawn(() -> c.send("a"));
            Go.spawn(() -> c.send("b"));
            return c.recv() + c.recv();
        });
        assertEquals(java.util.Set.of("ab", "ba"), firsts.keySet());
        firsts.forEach((outcome, seed) -> assertEquals(outcome, Seeds.outcome(seed, () -> {
            Chan<String> c = Chan.make(2);
            Go.spawn(() -> c.send("a"));
            Go.spawn(() -> c.send("b"));
            return c.recv() + c.recv();
        })));
    }
}
