package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link DeterministicScheduler} on its own, without timers (hooks that have none): the seeded
 * picks, the trace's bubble-local numbers, durable blocking versus parking outside gort, and the
 * invariants. The bubble API on top is tested in runtime's SynctestTest.
 */
@Timeout(60)
class DeterministicSchedulerTest {
    /** Hooks of a bubble without timers. */
    static final class NoTimers implements DeterministicScheduler.Hooks {
        @Override public int fireTimers(boolean advance) { return 0; }
        @Override public long nanoTime() { return 0; }
        @Override public String dump(List<Goroutine> goroutines) { return goroutines.size() + " goroutines"; }
    }

    record Outcome(int[] trace, List<String> log) { }

    /** The root spawns three goroutines; each logs three steps with a yield between them. */
    static Outcome yielders(long seed) {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        DeterministicScheduler d = DeterministicScheduler.create(seed, new NoTimers(), null);
        DeterministicScheduler.Result r = d.run(() -> {
            for (int g = 2; g <= 4; g++) {
                int me = g;
                DeterministicScheduler.current().spawn(() -> {
                    for (int step = 0; step < 3; step++) {
                        log.add(me + "." + step);
                        Thread.yield();
                    }
                });
            }
        });
        assertNull(r.failure());
        assertNull(r.deadlock());
        assertEquals(0, r.externalWakeups());
        assertEquals(4, r.goroutines());
        d.checkInvariants();
        return new Outcome(r.trace(), List.copyOf(log));
    }

    @Test
    void sameSeedSamePicks() {
        Outcome first = yielders(11);
        assertEquals(1, first.trace()[0], "the root runs first");
        assertEquals(Set.of(1, 2, 3, 4), toSet(first.trace()));
        assertEquals(1 + 3 * 4, first.trace().length, "the root once; each child 3 yields + its end");
        for (int i = 0; i < 50; i++) {
            Outcome again = yielders(11);
            assertArrayEquals(first.trace(), again.trace());
            assertEquals(first.log(), again.log());
        }
        Set<List<String>> logs = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            logs.add(yielders(seed).log());
        }
        assertTrue(logs.size() > 2, logs.size() + " distinct interleavings from 20 seeds");
    }

    @Test
    void durablyBlockedEverywhereIsADeadlock() {
        DeterministicScheduler d = DeterministicScheduler.create(0, new NoTimers(), null);
        AtomicReference<Boolean> interrupted = new AtomicReference<>();
        DeterministicScheduler.Result r = d.run(() -> {
            Goroutine g = Goroutine.beginWait(WaitReason.CHAN_RECEIVE, this);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.park();
                }
                interrupted.set(true);
            } finally {
                Goroutine.endWait(g);
            }
        });
        assertEquals(DeterministicScheduler.DEADLOCK, r.deadlock());
        assertEquals("1 goroutines", r.dump());
        assertTrue(interrupted.get(), "the deadlocked goroutine was interrupted out of its wait");
        assertNull(r.failure());
    }

    @Test
    void parkedOutsideGortIsNotADeadlockAndCountsAsExternal() throws Exception {
        DeterministicScheduler d = DeterministicScheduler.create(0, new NoTimers(), null);
        CountDownLatch parked = new CountDownLatch(1);
        AtomicReference<Thread> vt = new AtomicReference<>();
        Thread outside = Thread.ofPlatform().start(() -> {
            try {
                parked.await();
                Thread.sleep(50);   // the work under test: an outside wake-up that comes later
            } catch (InterruptedException e) {
                return;
            }
            LockSupport.unpark(vt.get());
        });
        boolean[] woke = new boolean[1];
        DeterministicScheduler.Result r = d.run(() -> {
            vt.set(Thread.currentThread());
            parked.countDown();
            LockSupport.park();   // no beginWait: RUNNING in gort's records, as in socket I/O
            woke[0] = true;
        });
        outside.join();
        assertNull(r.deadlock());
        assertTrue(woke[0]);
        assertTrue(r.externalWakeups() >= 1, r.toString());
    }

    @Test
    void aPanicIsTheBubblesFailure() {
        DeterministicScheduler d = DeterministicScheduler.create(0, new NoTimers(), null);
        DeterministicScheduler.Result r = d.run(() -> DeterministicScheduler.current().spawn(() -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", r.failure().getMessage());
        assertFalse(d.goroutines().iterator().hasNext());
    }

    @Test
    void shape() {
        DeterministicScheduler d = DeterministicScheduler.create(5, new NoTimers(), "x");
        assertTrue(d.inheritable());
        assertFalse(Scheduler.byDefault().inheritable());
        assertEquals("deterministic", d.kind());
        assertEquals(1, d.parallelism());
        assertEquals("x", d.attachment());
        assertEquals(5, d.seed());
        assertNull(DeterministicScheduler.current(), "not in a bubble");
    }

    private static Set<Integer> toSet(int[] a) {
        Set<Integer> s = new HashSet<>();
        for (int x : a) {
            s.add(x);
        }
        return s;
    }
}
