package io.gort.sync;

import static io.gort.sync.SyncTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's own tests of the weighted semaphore, ported: {@code golang.org/x/sync/semaphore/semaphore_test.go}
 * at golang/sync commit ec11c4a93de22cde2abe2bf74d70791033c2464c (v0.19.0+3, 2026-02-23). One
 * method per Go test, same names. Where Go cancels a context, these use the timed form, an
 * interrupt, or the package-private {@link Semaphore.CancelSignal} hook a Context will use (for the
 * issue 63615 test, whose guarantee only that hook keeps). Where Go waits for a goroutine to block
 * with a {@code TryAcquire} loop or a sleep, these wait until the waiter is queued
 * ({@link Semaphore#queuedWaiters()}) or parked on the semaphore ({@link Goroutine#waitReason()}).
 * Sleeps that remain are the workload's hold times, as in Go, never synchronisation.
 */
class SemaphoreConformanceTest {

    static void parkedOn(Goroutine g, Semaphore s) {
        until("goroutine parked in semacquire", () -> g.waitReason() == WaitReason.SEMACQUIRE && g.waitingOn() == s);
    }

    /** Go's HammerWeighted, plus a check Go leaves implicit: the units in use never exceed the size. */
    private static void hammer(Semaphore sem, long n, int loops, AtomicLong inUse) {
        for (int i = 0; i < loops; i++) {
            sem.acquire(n);
            long now = inUse.addAndGet(n);
            if (now > sem.size()) {
                throw new AssertionError("in use " + now + " > size " + sem.size());
            }
            Go.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(1_000_000)));   // hold time, as Go
            inUse.addAndGet(-n);
            sem.release(n);
        }
    }

    /** TestWeighted: GOMAXPROCS goroutines, goroutine i hammers with weight i. Go runs 10000/n loops; 2000/n here (each holds up to 1 ms). */
    @Test
    @Timeout(60)
    void testWeighted() {
        int n = Math.max(2, Go.maxProcs());
        int loops = 2000 / n;
        Semaphore sem = new Semaphore(n);
        AtomicLong inUse = new AtomicLong();
        List<Goroutine> gs = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
            long w = i;
            gs.add(Go.spawn(() -> {
                try {
                    hammer(sem, w, loops, inUse);
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                }
            }));
        }
        gs.forEach(Goroutine::join);
        assertNull(failed.get());
        assertEquals(0, sem.held());
        sem.checkInvariants();
    }

    /** TestWeightedPanic: releasing an unacquired semaphore fails (Go panics). */
    @Test
    void testWeightedPanic() {
        Semaphore w = new Semaphore(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.release(1));
        assertEquals("semaphore: released more than held", e.getMessage());
        assertTrue(w.tryAcquire(1), "the failed release left the semaphore usable");
    }

    /** TestWeightedTryAcquire. */
    @Test
    void testWeightedTryAcquire() {
        Semaphore sem = new Semaphore(2);
        List<Boolean> tries = new ArrayList<>();
        sem.acquire(1);
        tries.add(sem.tryAcquire(1));
        tries.add(sem.tryAcquire(1));
        sem.release(2);
        tries.add(sem.tryAcquire(1));
        sem.acquire(1);
        tries.add(sem.tryAcquire(1));
        assertEquals(List.of(true, false, true, false), tries);
    }

    /** TestWeightedAcquire: Go's tryAcquire helper is an Acquire with a 10 ms context timeout. */
    @Test
    @Timeout(20)
    void testWeightedAcquire() {
        Semaphore sem = new Semaphore(2);
        Duration timeout = Duration.ofMillis(10);
        List<Boolean> tries = new ArrayList<>();
        sem.acquire(1);
        tries.add(sem.acquire(1, timeout));
        tries.add(sem.acquire(1, timeout));
        sem.release(2);
        tries.add(sem.acquire(1, timeout));
        sem.acquire(1);
        tries.add(sem.acquire(1, timeout));
        assertEquals(List.of(true, false, true, false), tries);
    }

    /**
     * TestWeightedDoesntBlockIfTooBig: a pending acquire of more than the size does not block
     * smaller ones. Go cancels the big one's context at the end; here it is interrupted, and must
     * throw having acquired nothing.
     */
    @Test
    @Timeout(20)
    void testWeightedDoesntBlockIfTooBig() {
        final int n = 2;
        Semaphore sem = new Semaphore(n);
        AtomicReference<Throwable> bigOutcome = new AtomicReference<>();
        Goroutine big = Go.spawn(() -> {
            try {
                sem.acquire(n + 1);
                bigOutcome.set(new AssertionError("acquired more than the size"));
            } catch (Throwable t) {
                bigOutcome.set(t);
            }
        });
        parkedOn(big, sem);
        assertEquals(0, sem.queuedWaiters(), "a too-large request does not queue");

        List<Goroutine> gs = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int i = n * 3; i > 0; i--) {
            gs.add(Go.spawn(() -> {
                try {
                    sem.acquire(1);
                    Go.sleep(Duration.ofMillis(1));   // hold time, as Go
                    sem.release(1);
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                }
            }));
        }
        gs.forEach(Goroutine::join);
        assertNull(failed.get(), "acquire(1) failed with acquire(" + (n + 1) + ") pending");

        big.thread().interrupt();
        big.join();
        assertTrue(bigOutcome.get() instanceof GoInterruptedException, String.valueOf(bigOutcome.get()));
        assertEquals(0, sem.held());
    }

    /**
     * TestLargeAcquireDoesntStarve: n goroutines keep releasing and re-acquiring one unit each; an
     * acquire of all n must still get through (FIFO: once queued, it blocks their re-acquires).
     */
    @Test
    @Timeout(20)
    void testLargeAcquireDoesntStarve() {
        int n = Math.max(2, Go.maxProcs());
        Semaphore sem = new Semaphore(n);
        var running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Goroutine> gs = new ArrayList<>();
        for (int i = n; i > 0; i--) {
            sem.acquire(1);
            gs.add(Go.spawn(() -> {
                try {
                    while (running.get()) {
                        Go.sleep(Duration.ofMillis(1));   // hold time, as Go
                        sem.release(1);
                        sem.acquire(1);
                    }
                } finally {
                    sem.release(1);
                }
            }));
        }
        sem.acquire(n);
        running.set(false);
        sem.release(n);
        gs.forEach(Goroutine::join);
        assertEquals(0, sem.held());
    }

    /**
     * TestAllocCancelDoesntStarve (translated in Go from zhiqiangxu/util's crwmutex_test.go): an
     * acquire(10) queued at the head is cancelled (here: interrupted) while an acquire(1) queues
     * behind it; the acquire(1) must then be granted, not left behind a head that went away.
     */
    @Test
    @Timeout(20)
    void testAllocCancelDoesntStarve() {
        Semaphore sem = new Semaphore(10);
        sem.acquire(1);   // so that acquire(10) waits
        AtomicReference<Throwable> bigOutcome = new AtomicReference<>();
        Goroutine big = Go.spawn(() -> {
            try {
                sem.acquire(10);
                bigOutcome.set(new AssertionError("acquire(10) succeeded while 1 unit was held"));
            } catch (Throwable t) {
                bigOutcome.set(t);
            }
        });
        until("acquire(10) queued", () -> sem.queuedWaiters() == 1);   // Go: a TryAcquire loop

        Go.spawn(() -> big.thread().interrupt());   // Go: go cancel()
        sem.acquire(1);   // must return, whether it queues behind acquire(10) or not
        sem.release(1);

        big.join();
        assertTrue(bigOutcome.get() instanceof GoInterruptedException, String.valueOf(bigOutcome.get()));
        sem.release(1);
        assertEquals(0, sem.held());
        sem.checkInvariants();
    }

    /** A cancellation source standing in for a Context's Done channel (Semaphore's hook). */
    static final class TestSignal implements Semaphore.CancelSignal {
        private volatile boolean cancelled;
        private final List<Runnable> wakes = new CopyOnWriteArrayList<>();

        void cancel() {
            cancelled = true;
            wakes.forEach(Runnable::run);
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }

        @Override
        public Runnable onCancel(Runnable wake) {
            wakes.add(wake);
            if (cancelled) {
                wake.run();
            }
            return () -> wakes.remove(wake);
        }
    }

    /**
     * TestWeightedAcquireCanceled (go.dev/issue/63615): a cancel that happens before enough units
     * are released makes the waiting acquire fail, even if the release then grants it the units
     * before it wakes; the units go back. Go's context is the Context hook (Semaphore.CancelSignal):
     * a Duration or an interrupt has the grant win instead (SemaphoreTest covers that).
     */
    @Test
    @Timeout(20)
    void testWeightedAcquireCanceled() {
        Semaphore sem = new Semaphore(2);
        TestSignal ctx = new TestSignal();
        sem.acquire(1);
        Goroutine other = Go.spawn(() -> {
            // Synchronise with the acquire(2) below (Go's TryAcquire loop, as it is).
            while (sem.tryAcquire(1)) {
                sem.release(1);
                Go.yield();
            }
            ctx.cancel();
            sem.release(1);
        });
        assertEquals(Semaphore.SIGNALLED, sem.acquire0(2, false, 0L, ctx),
                "an acquire whose signal was cancelled before the units came must fail");
        other.join();
        assertTrue(sem.tryAcquire(2), "the semaphore must hold two free units again");
        // Nor does it acquire with a done signal when it would not need to wait.
        sem.release(2);
        assertEquals(Semaphore.SIGNALLED, sem.acquire0(1, false, 0L, ctx));
        assertEquals(0, sem.held());
        sem.checkInvariants();
    }

    /** The same story with an interrupt: either outcome is allowed, and each leaves the counts right. */
    @Test
    @Timeout(20)
    void testWeightedAcquireInterrupted() {
        for (int round = 0; round < 50; round++) {
            Semaphore sem = new Semaphore(2);
            sem.acquire(1);
            AtomicReference<Object> outcome = new AtomicReference<>();
            Goroutine waiter = Go.spawn(() -> {
                try {
                    sem.acquire(2);
                    outcome.set(Thread.currentThread().isInterrupted() ? "acquired, interrupt kept" : "acquired, interrupt lost");
                } catch (GoInterruptedException e) {
                    outcome.set(Thread.currentThread().isInterrupted() ? e : "thrown, interrupt lost");
                }
            });
            until("acquire(2) queued", () -> sem.queuedWaiters() == 1);
            waiter.thread().interrupt();
            sem.release(1);
            waiter.join();
            Object o = outcome.get();
            if (o instanceof GoInterruptedException) {
                assertEquals(0, sem.held(), "thrown: nothing acquired");
            } else {
                assertEquals("acquired, interrupt kept", o);
                assertEquals(2, sem.held(), "the grant won: the units are held");
            }
            assertFalse(sem.queuedWaiters() > 0);
            sem.checkInvariants();
        }
    }
}
