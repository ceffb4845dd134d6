package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer engine: firing order, the heap against a model, a million pending timers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimerEngineTest {

    /** A node that records the order in which the engine fires it. */
    static final class RecordingNode extends TimerEngine.Node {
        final int id;
        final ConcurrentLinkedQueue<Integer> out;
        final CountDownLatch fired;

        RecordingNode(int id, ConcurrentLinkedQueue<Integer> out, CountDownLatch fired) {
            this.id = id;
            this.out = out;
            this.fired = fired;
        }

        @Override
        void fire(TimerEngine engine) {
            synchronized (this) {
                if (!engine.claim(this)) {
                    return;
                }
            }
            out.add(id);
            fired.countDown();
        }
    }

    @Test
    void equalDeadlinesFireInTheOrderTheyWereSetAndCancelledOnesNever() throws InterruptedException {
        // given 2000 timers on four distinct deadlines, set in random deadline order, every 7th cancelled
        TimerEngine engine = TimerEngine.global();
        int n = 2000;
        Random rnd = new Random(42);
        long base = engine.now() + TimeUnit.MILLISECONDS.toNanos(300);
        long[] when = new long[n];
        List<Integer> expected = new ArrayList<>();
        ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
        CountDownLatch fired = new CountDownLatch(n - (n + 6) / 7);
        RecordingNode[] nodes = new RecordingNode[n];
        for (int i = 0; i < n; i++) {
            when[i] = base + rnd.nextInt(4) * 100_000L;   // 0, 0.1, 0.2 or 0.3 ms apart
            nodes[i] = new RecordingNode(i, order, fired);
            synchronized (nodes[i]) {
                engine.schedule(nodes[i], when[i]);
            }
        }
        for (int i = 0; i < n; i += 7) {
            synchronized (nodes[i]) {
                assertTrue(engine.cancel(nodes[i]), "a pending timer's cancel says it was pending");
            }
        }
        assertTrue(engine.now() < base, "setting 2000 timers took over 300 ms; the order test needs them all set first");
        engine.checkInvariants();
        for (int i = 0; i < n; i++) {
            if (i % 7 != 0) {
                expected.add(i);
            }
        }
        expected.sort(Comparator.<Integer>comparingLong(i -> when[i]).thenComparingInt(i -> i));   // stable: FIFO ties

        // when they fire
        assertTrue(fired.await(20, TimeUnit.SECONDS), "timers did not fire");

        // then in (deadline, order set) order, and none of the cancelled ones
        assertEquals(expected, new ArrayList<>(order));
        for (int i = 0; i < n; i += 7) {
            assertFalse(engine.isPending(nodes[i]));
        }
        engine.checkInvariants();
    }

    @Test
    void heapAgainstAModel() {
        // a private engine, deadlines far away: nothing fires; random schedule/reschedule/cancel
        TimerEngine engine = new TimerEngine(Clock.SYSTEM, "gort-timers-model-test");
        Random rnd = new Random(7);
        int n = 500;
        RecordingNode[] nodes = new RecordingNode[n];
        boolean[] pending = new boolean[n];
        int size = 0;
        long far = engine.now() + TimeUnit.HOURS.toNanos(1);
        for (int i = 0; i < n; i++) {
            nodes[i] = new RecordingNode(i, new ConcurrentLinkedQueue<>(), new CountDownLatch(1));
        }
        for (int op = 0; op < 50_000; op++) {
            int i = rnd.nextInt(n);
            RecordingNode x = nodes[i];
            synchronized (x) {
                if (rnd.nextInt(3) == 0) {
                    assertEquals(pending[i], engine.cancel(x), "cancel's result for " + x);
                    if (pending[i]) {
                        size--;
                    }
                    pending[i] = false;
                } else {
                    assertEquals(pending[i], engine.schedule(x, far + rnd.nextInt(1000)), "schedule's result for " + x);
                    if (!pending[i]) {
                        size++;
                    }
                    pending[i] = true;
                }
            }
            assertEquals(size, engine.size());
            if (op % 97 == 0) {
                engine.checkInvariants();
            }
        }
        engine.checkInvariants();
        assertEquals(0, engine.firedCount());
    }

    @Test
    void aMillionPendingTimersCostNoThreadsAndStopCleanly() {
        // given a private engine (so that "empty afterwards" is exact)
        TimerEngine engine = new TimerEngine(Clock.SYSTEM, "gort-timers-million-test");
        int live = Thread.getAllStackTraces().size();   // live platform threads (java.management is not readable here)
        int n = 1_000_000;
        Timer[] timers = new Timer[n];

        // when a million timers are set (function timers: a channel timer enters the heap only
        // while a goroutine waits on it, see aMillionChannelTimersWaitOutsideTheHeap)
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            timers[i] = Timer.afterFunc(engine, Duration.ofHours(1), () -> {
                throw new AssertionError("fired");
            });
        }
        long t1 = System.nanoTime();

        // then all are pending, and there is the engine thread, not a thread per timer
        assertEquals(n, engine.size());
        int newThreads = Thread.getAllStackTraces().size() - live;
        assertTrue(newThreads < 50, newThreads + " more live threads with " + n + " pending timers");
        assertNotNull(engine.thread());
        engine.checkInvariants();

        // when all are stopped
        int stopped = 0;
        for (Timer t : timers) {
            if (t.stop()) {
                stopped++;
            }
        }
        long t2 = System.nanoTime();

        // then every stop found its timer pending, none fired, and the engine is empty
        assertEquals(n, stopped);
        assertEquals(0, engine.size());
        assertEquals(0, engine.firedCount());
        engine.checkInvariants();
        System.out.printf("1M timers: newTimer %d ms, stop %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(t1 - t0), TimeUnit.NANOSECONDS.toMillis(t2 - t1));
    }

    @Test
    void aMillionChannelTimersWaitOutsideTheHeapUntilSomeoneReceives() {
        // given a private engine and a million channel timers nobody waits on (Go 1.23's lazy timers)
        TimerEngine engine = new TimerEngine(Clock.SYSTEM, "gort-timers-lazy-test");
        int n = 1_000_000;
        Timer[] timers = new Timer[n];
        for (int i = 0; i < n; i++) {
            timers[i] = Timer.newTimer(engine, i < n - 1 ? Duration.ofHours(1) : Duration.ofMillis(1));
        }

        // then none is in the heap, yet every one is pending
        assertEquals(0, engine.size());
        assertTrue(timers[0].isPending());

        // when a goroutine receives from the last (due in 1 ms), it enters the heap and fires
        Instant got = timers[n - 1].c().recv();
        assertNotNull(got);
        assertEquals(0, engine.size(), "fired, and the receiver left");
        assertFalse(timers[n - 1].stop(), "received: no longer pending");

        // and a select that abandons a timer takes it out of the heap again
        Chan<Integer> ready = Chan.make(1);
        ready.send(1);
        Timer t = timers[0];
        Chan<Integer> quiet = Chan.make();
        int r = Select.select(quiet.onRecv(), t.c().onRecv(x -> -1), Select.onDefault(() -> 0));
        assertEquals(0, r);
        assertEquals(0, engine.size());

        // and every other timer stops as pending, none having fired
        int stopped = 0;
        for (int i = 0; i < n - 1; i++) {
            if (timers[i].stop()) {
                stopped++;
            }
        }
        assertEquals(n - 1, stopped);
        assertEquals(0, engine.size());
        engine.checkInvariants();
    }

    /** A select parked on a lazy timer's channel puts it in the heap, and takes it out when another case wins. */
    @Test
    void aSelectParkedOnATimerHoldsItInTheHeapOnlyWhileItWaits() throws Exception {
        TimerEngine engine = new TimerEngine(Clock.SYSTEM, "gort-timers-select-test");
        Timer t = Timer.newTimer(engine, Duration.ofHours(1));
        Chan<Integer> data = Chan.make();
        var inHeapWhileParked = new java.util.concurrent.atomic.AtomicBoolean();
        var result = new java.util.concurrent.atomic.AtomicInteger();
        var g = Go.spawn(() -> result.set(Select.select(data.onRecv(), t.c().onRecv(x -> -1))));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!t.inEngine()) {
            assertTrue(System.nanoTime() < deadline, "the parked select never put its timer in the heap");
            Thread.yield();
        }
        inHeapWhileParked.set(true);
        data.send(7);
        g.join();
        assertEquals(7, result.get());
        assertTrue(inHeapWhileParked.get());
        assertFalse(t.inEngine(), "the select left, so the timer left the heap");
        assertTrue(t.stop(), "still pending: it never fired");
    }

    @Test
    void aTimeoutPerIterationDoesNotUnparkTheEngineEachTime() {
        // given a private engine and a loop that sets and stops a 1 s timeout 20,000 times (a select loop's pattern)
        TimerEngine engine = new TimerEngine(Clock.SYSTEM, "gort-timers-unpark-test");
        long t0 = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            assertTrue(Timer.newTimer(engine, Duration.ofSeconds(1)).stop());
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);

        // then the engine was unparked about once per timeout period, not once per iteration: after a
        // removal it still sleeps to the old, earlier deadline, so later inserts are not earliest
        assertTrue(engine.unparks() <= seconds + 2, engine.unparks() + " unparks in " + seconds + " s");
        assertEquals(0, engine.size());
        assertEquals(0, engine.firedCount());
    }

    @Test
    void deadlinesSaturate() {
        TimerEngine engine = TimerEngine.global();
        long now = engine.now();
        assertEquals(Long.MAX_VALUE, engine.deadline(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(Long.MAX_VALUE, engine.deadline(Duration.ofNanos(Long.MAX_VALUE)));
        assertTrue(engine.deadline(Duration.ofSeconds(Long.MIN_VALUE)) >= now);
        assertTrue(engine.deadline(Duration.ofNanos(-1)) >= now);
        assertEquals(Long.MAX_VALUE, TimerNodes.nextTick(Long.MAX_VALUE - 5, 10, Long.MAX_VALUE - 5));
        assertEquals(110, TimerNodes.nextTick(100, 10, 100));
        assertEquals(140, TimerNodes.nextTick(100, 10, 135), "missed periods are skipped");
    }
}
