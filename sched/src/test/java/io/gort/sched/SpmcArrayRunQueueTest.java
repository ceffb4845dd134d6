package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpmcArrayRunQueueTest {

    /** A task that records its id; runs nothing. */
    record Task(int id) implements Runnable {
        @Override public void run() { }
    }

    private static List<Integer> popAll(SpmcArrayRunQueue q) {
        List<Integer> ids = new ArrayList<>();
        for (Runnable r; (r = q.pop()) != null; ) {
            ids.add(((Task) r).id());
        }
        return ids;
    }

    private static void pushAll(SpmcArrayRunQueue q, int from, int to) {
        for (int i = from; i < to; i++) {
            assertTrue(q.push(new Task(i)), "push " + i + " into " + q);
        }
    }

    @Test
    void popReturnsTasksInFifoOrder() {
        // given
        var q = new SpmcArrayRunQueue(8);
        pushAll(q, 0, 5);
        // when
        List<Integer> popped = popAll(q);
        // then
        assertEquals(List.of(0, 1, 2, 3, 4), popped);
        assertTrue(q.isEmpty());
        q.checkInvariants();
    }

    @Test
    void popAndStealOnEmptyQueueReturnNull() {
        // given
        var q = new SpmcArrayRunQueue(4);
        var thief = new SpmcArrayRunQueue(4);
        // when / then
        assertNull(q.pop());
        assertNull(q.stealInto(thief));
        assertTrue(thief.isEmpty());
        assertEquals(0, q.drainHalf(r -> { throw new AssertionError("drained from an empty queue"); }));
    }

    @Test
    void pushOnFullQueueReturnsFalseAndLeavesQueueUnchanged() {
        // given
        var q = new SpmcArrayRunQueue(4);
        pushAll(q, 0, 4);
        String before = q.toString();
        // when
        boolean pushed = q.push(new Task(99));
        // then
        assertFalse(pushed);
        assertEquals(before, q.toString());
        assertEquals(4, q.size());
        q.checkInvariants();
        assertEquals(List.of(0, 1, 2, 3), popAll(q));
    }

    @Test
    void drainHalfMovesTheOlderHalfRoundedUp() {
        // given
        var q = new SpmcArrayRunQueue(8);
        pushAll(q, 0, 5);
        List<Integer> sink = new ArrayList<>();
        // when
        int moved = q.drainHalf(r -> sink.add(((Task) r).id()));
        // then
        assertEquals(3, moved);
        assertEquals(List.of(0, 1, 2), sink);
        q.checkInvariants();
        assertEquals(List.of(3, 4), popAll(q));
    }

    @Test
    void stealIntoTakesTheOlderHalfAndReturnsTheNewestOfThemToRun() {
        // given
        var victim = new SpmcArrayRunQueue(8);
        var thief = new SpmcArrayRunQueue(8);
        pushAll(victim, 0, 7);
        // when
        Runnable runNow = victim.stealInto(thief);
        // then: 4 of 7 stolen (0..3); 3 runs now, 0..2 wait in the thief's queue in order
        assertEquals(new Task(3), runNow);
        thief.checkInvariants();
        victim.checkInvariants();
        assertEquals(List.of(0, 1, 2), popAll(thief));
        assertEquals(List.of(4, 5, 6), popAll(victim));
    }

    @Test
    void stealIntoOneTaskLeavesTheThiefEmpty() {
        // given
        var victim = new SpmcArrayRunQueue(2);
        var thief = new SpmcArrayRunQueue(2);
        var task = new Task(7);
        victim.push(task);
        // when
        Runnable runNow = victim.stealInto(thief);
        // then
        assertSame(task, runNow);
        assertTrue(thief.isEmpty());
        assertTrue(victim.isEmpty());
    }

    @Test
    void stealIntoNonEmptyThiefIsMisuse() {
        // given
        var victim = new SpmcArrayRunQueue(4);
        var thief = new SpmcArrayRunQueue(4);
        pushAll(victim, 0, 2);
        thief.push(new Task(100));
        // when
        AssertionError e = assertThrows(AssertionError.class, () -> victim.stealInto(thief));
        // then
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
        assertEquals(2, victim.size(), "the victim is untouched");
        assertEquals(List.of(100), popAll(thief));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 6})
    void constructorRejectsCapacitiesThatAreNotPowersOfTwoAtLeastTwo(int capacity) {
        assertThrows(IllegalArgumentException.class, () -> new SpmcArrayRunQueue(capacity));
    }

    @Test
    void invariantsHoldAfterWrappingAroundManyTimes() {
        // given: a small ring whose counters run far past its capacity
        var q = new SpmcArrayRunQueue(4);
        var thief = new SpmcArrayRunQueue(4);
        int next = 0, expected = 0;
        // when: mixed pushes, pops, drains and steals, all in FIFO order
        for (int round = 0; round < 2_000; round++) {
            while (q.push(new Task(next))) {
                next++;
            }
            q.checkInvariants();
            switch (round % 3) {
                case 0 -> assertEquals(new Task(expected++), q.pop());
                case 1 -> {
                    List<Integer> drained = new ArrayList<>();
                    q.drainHalf(r -> drained.add(((Task) r).id()));
                    for (int id : drained) {
                        assertEquals(expected++, id);
                    }
                }
                default -> {
                    Runnable runNow = q.stealInto(thief);
                    for (int id : popAll(thief)) {
                        assertEquals(expected++, id);
                    }
                    assertEquals(new Task(expected++), runNow);
                    thief.checkInvariants();
                }
            }
            q.checkInvariants();
        }
        // then
        assertEquals(IntStream.range(expected, next).boxed().toList(), popAll(q));
        assertTrue(next / 4 > 500, "wrapped around only " + next / 4 + " times");
        q.checkInvariants();
    }

    /**
     * One owner pushes and pops N tasks (draining half to an overflow list when full, as a worker
     * spills to the global queue); two thieves steal from the owner and from each other, each into
     * its own queue, and run what they get. Every task must run exactly once.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyTaskRunsExactlyOnceUnderOwnerAndTwoThieves() throws Exception {
        // given
        final int n = 100_000 * Stress.multiplier();
        final int capacity = 16;
        var runs = new AtomicIntegerArray(n);
        var owner = new SpmcArrayRunQueue(capacity);
        var thiefQueues = new SpmcArrayRunQueue[] {new SpmcArrayRunQueue(capacity), new SpmcArrayRunQueue(capacity)};
        var ownerDone = new AtomicBoolean();
        var failure = new AtomicReference<Throwable>();
        var start = new CountDownLatch(1);
        Runnable[] work = new Runnable[n];
        for (int i = 0; i < n; i++) {
            int id = i;
            work[i] = () -> runs.incrementAndGet(id);
        }

        Thread[] thieves = new Thread[2];
        for (int k = 0; k < 2; k++) {
            SpmcArrayRunQueue mine = thiefQueues[k];
            SpmcArrayRunQueue other = thiefQueues[1 - k];
            thieves[k] = new Thread(() -> {
                try {
                    start.await();
                    for (int round = 0; ; round++) {
                        for (Runnable r; (r = mine.pop()) != null; ) {
                            r.run();
                        }
                        SpmcArrayRunQueue victim = (round & 1) == 0 ? owner : other;
                        Runnable r = victim.stealInto(mine);
                        if (r != null) {
                            r.run();
                        } else if (ownerDone.get() && owner.isEmpty() && other.isEmpty() && mine.isEmpty()) {
                            return;
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "thief-" + k);
            thieves[k].start();
        }

        // when: the owner pushes everything, popping one task after every second push
        start.countDown();
        List<Runnable> overflow = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                if (!owner.push(work[i])) {
                    owner.drainHalf(overflow::add);
                    assertTrue(owner.push(work[i]), "full after draining half: " + owner);
                }
                if ((i & 1) == 1) {
                    Runnable r = owner.pop();
                    if (r != null) {
                        r.run();
                    }
                }
            }
            for (Runnable r; (r = owner.pop()) != null; ) {
                r.run();
            }
        } finally {
            ownerDone.set(true);
        }
        overflow.forEach(Runnable::run);
        for (Thread t : thieves) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }

        // then
        if (failure.get() != null) {
            throw new AssertionError("a thief failed", failure.get());
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, runs.get(i), "task " + i + " ran " + runs.get(i) + " times");
        }
        owner.checkInvariants();
        thiefQueues[0].checkInvariants();
        thiefQueues[1].checkInvariants();
        assertTrue(owner.isEmpty() && thiefQueues[0].isEmpty() && thiefQueues[1].isEmpty());
    }
}
