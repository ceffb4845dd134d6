package io.gort.sync;

import static io.gort.sync.SemaphoreConformanceTest.parkedOn;
import static io.gort.sync.SyncTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Semaphore}: misuse, FIFO order, wait reasons, interrupts, timeouts, the hand-off's visibility. */
@Timeout(20)
class SemaphoreTest {

    // ---- misuse ----------------------------------------------------------------------------------

    @Test
    void negativeSizeAndWeightsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        Semaphore s = new Semaphore(3);
        assertThrows(IllegalArgumentException.class, () -> s.acquire(-1));
        assertThrows(IllegalArgumentException.class, () -> s.acquire(-1, Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(-1));
        assertThrows(IllegalArgumentException.class, () -> s.release(-1));
        assertEquals(0, s.held());
    }

    @Test
    void releasingMoreThanHeldThrowsAndChangesNothing() {
        Semaphore s = new Semaphore(5);
        s.acquire(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.release(3));
        assertEquals("semaphore: released more than held", e.getMessage());
        assertEquals(2, s.held());
        s.release(2);
        assertEquals(0, s.held());
        s.checkInvariants();
    }

    @Test
    void sizeZeroGrantsOnlyZero() {
        Semaphore s = new Semaphore(0);
        s.acquire(0);
        assertTrue(s.tryAcquire(0));
        assertFalse(s.tryAcquire(1));
        assertFalse(s.acquire(1, Duration.ofMillis(2)), "more than the size times out");
        assertEquals(0, s.held());
    }

    // ---- order -----------------------------------------------------------------------------------

    /** Waiters are granted strictly in arrival order; a smaller later one does not overtake. */
    @Test
    void waitersAreServedFirstInFirstOut() {
        Semaphore s = new Semaphore(4);
        s.acquire(4);
        Chan<String> order = Chan.make(8);
        long[] weights = {3, 1, 2, 1};
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            long w = weights[i];
            String name = "w" + i + "(" + w + ")";
            gs.add(Go.spawn(() -> {
                s.acquire(w);
                order.send(name);
            }));
            int queued = i + 1;
            until("waiter " + i + " queued", () -> s.queuedWaiters() == queued);
        }
        assertFalse(s.tryAcquire(0), "tryAcquire fails while anyone waits, even for 0 units");

        s.release(2);   // 2 free: the head wants 3, so nobody goes, although w1(1) would fit
        assertEquals(4, s.queuedWaiters());
        assertNull(order.tryRecv());
        s.release(1);   // 3 free: w0(3) goes; 0 free
        assertEquals("w0(3)", order.recv());
        s.release(3);   // w1(1) and w2(2) go (together: they may report in either order); w3(1) waits
        assertEquals(java.util.Set.of("w1(1)", "w2(2)"), java.util.Set.of(order.recv(), order.recv()));
        assertEquals(1, s.queuedWaiters());
        s.release(1);
        assertEquals("w3(1)", order.recv());
        gs.forEach(Goroutine::join);
        assertEquals(4, s.held());
        s.checkInvariants();
    }

    /** Acquire(0) with nobody waiting never waits; with a waiter queued it queues behind it, as in Go. */
    @Test
    void acquireZeroQueuesBehindAWaiter() {
        Semaphore s = new Semaphore(1);
        s.acquire(0);
        s.acquire(1);
        Goroutine one = Go.spawn(() -> s.acquire(1));
        until("acquire(1) queued", () -> s.queuedWaiters() == 1);
        Goroutine zero = Go.spawn(() -> s.acquire(0));
        until("acquire(0) queued", () -> s.queuedWaiters() == 2);
        s.release(1);
        one.join();
        zero.join();
        assertEquals(1, s.held());
    }

    // ---- waiting: reasons, interrupts, timeouts -----------------------------------------------------

    @Test
    void aWaitingGoroutineShowsSemacquireOnTheSemaphore() {
        Semaphore s = new Semaphore(1);
        s.acquire(1);
        Goroutine g = Go.spawn(() -> s.acquire(1));
        parkedOn(g, s);
        assertTrue(s.toString().contains("waiters [1]"), s.toString());
        s.release(1);
        g.join();
        assertEquals(1, s.held());
    }

    @Test
    void interruptWhileQueuedThrowsKeepsTheStatusAndAcquiresNothing() {
        Semaphore s = new Semaphore(2);
        s.acquire(2);
        AtomicReference<String> outcome = new AtomicReference<>();
        Goroutine g = Go.spawn(() -> {
            try {
                s.acquire(1);
                outcome.set("acquired");
            } catch (GoInterruptedException e) {
                outcome.set("thrown, interrupted=" + Thread.currentThread().isInterrupted());
            }
        });
        parkedOn(g, s);
        g.thread().interrupt();
        g.join();
        assertEquals("thrown, interrupted=true", outcome.get());
        assertEquals(0, s.queuedWaiters());
        assertEquals(2, s.held());
        s.checkInvariants();
    }

    @Test
    void anInterruptedCallerThatNeedNotWaitAcquires() {
        Semaphore s = new Semaphore(1);
        Thread.currentThread().interrupt();
        try {
            s.acquire(1);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, s.held());
    }

    @Test
    void anInterruptedCallerThatMustWaitThrowsAtOnce() {
        Semaphore s = new Semaphore(1);
        s.acquire(1);
        Thread.currentThread().interrupt();
        try {
            assertThrows(GoInterruptedException.class, () -> s.acquire(1));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(0, s.queuedWaiters());
    }

    @Test
    void aTooLargeRequestWaitsUnqueuedUntilInterrupted() {
        Semaphore s = new Semaphore(2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = Go.spawn(() -> {
            try {
                s.acquire(3);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        parkedOn(g, s);
        assertEquals(0, s.queuedWaiters());
        assertTrue(s.tryAcquire(2), "nobody waits behind a doomed request");
        g.thread().interrupt();
        g.join();
        assertTrue(thrown.get() instanceof GoInterruptedException);
    }

    @Test
    void timedAcquire() {
        Semaphore s = new Semaphore(2);
        assertTrue(s.acquire(2, Duration.ZERO), "a zero timeout acquires what is free");
        assertFalse(s.acquire(1, Duration.ZERO), "and does not wait");
        assertFalse(s.acquire(1, Duration.ofMillis(-5)));
        assertFalse(s.acquire(1, Duration.ofMillis(5)), "times out");
        assertFalse(s.acquire(3, Duration.ofMillis(5)), "too large: times out");
        assertEquals(0, s.queuedWaiters());
        s.release(1);
        assertTrue(s.acquire(1, Duration.ofSeconds(Long.MAX_VALUE)), "a huge timeout does not overflow");
        assertEquals(2, s.held());
        s.checkInvariants();
    }

    @Test
    void timedAcquireIsGrantedByARelease() {
        Semaphore s = new Semaphore(1);
        s.acquire(1);
        AtomicReference<Boolean> got = new AtomicReference<>();
        Goroutine g = Go.spawn(() -> got.set(s.acquire(1, Duration.ofSeconds(30))));
        parkedOn(g, s);
        s.release(1);
        g.join();
        assertEquals(Boolean.TRUE, got.get());
        assertEquals(1, s.held());
    }

    /** The head times out; the waiter behind it fits and must be granted then (Go's notifyWaiters on cancel). */
    @Test
    void aHeadThatTimesOutLetsTheNextWaiterIn() {
        Semaphore s = new Semaphore(3);
        s.acquire(2);
        AtomicReference<Boolean> headGot = new AtomicReference<>();
        Goroutine head = Go.spawn(() -> headGot.set(s.acquire(3, Duration.ofMillis(50))));
        until("head queued", () -> s.queuedWaiters() == 1);
        Goroutine next = Go.spawn(() -> s.acquire(1));
        until("next queued", () -> s.queuedWaiters() == 2);
        head.join();
        assertEquals(Boolean.FALSE, headGot.get());
        next.join();
        assertEquals(3, s.held());
        s.checkInvariants();
    }

    /** A release happens before the acquire that gets its units: plain writes before it are seen after. */
    @Test
    void releaseHappensBeforeTheAcquireThatGetsTheUnits() {
        Semaphore s = new Semaphore(1);
        int[] box = new int[1];
        for (int round = 1; round <= 1000; round++) {
            s.acquire(1);
            int r = round;
            Goroutine g = Go.spawn(() -> {
                s.acquire(1);
                if (box[0] != r) {
                    throw new AssertionError("saw " + box[0] + " after round " + r + "'s release");
                }
                s.release(1);
            });
            box[0] = round;   // plain write, published only by the release
            s.release(1);
            g.join();
        }
        assertEquals(0, s.held());
    }

    /** With one carrier, a hand-off still works: the waiter parks, it does not hold the carrier. */
    @Test
    void waitersParkTheGoroutineNotTheCarrier() throws Exception {
        try (Scheduler one = Scheduler.workStealing(1)) {
            Semaphore s = new Semaphore(1);
            Chan<Integer> done = Chan.make(16);
            s.acquire(1);
            for (int i = 0; i < 8; i++) {
                int id = i;
                one.spawn(() -> {
                    s.acquire(1);
                    s.release(1);
                    done.send(id);
                });
            }
            until("8 waiters queued on one carrier", () -> s.queuedWaiters() == 8);
            s.release(1);
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += done.recv();
            }
            assertEquals(28, sum);
            assertEquals(0, s.held());
        }
    }
}
