package io.gort.sync;

import static io.gort.sync.SyncTesting.parked;
import static io.gort.sync.SyncTesting.recv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.sched.GState;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Gort's rules for goroutines parked in the sync primitives, which Go does not have: interrupts
 * (README: "differences from Go") and wait reasons.
 *
 * <p>Interrupts: {@link WaitGroup#await} and {@link Cond#await} interrupted while parked throw
 * {@link GoInterruptedException}, keep the interrupt status, and did not happen (await on a Cond
 * re-locks its Locker first); a done or a signal that races the interrupt is never lost — it either
 * wins (the wait returns normally, status set) or goes to another waiter. {@link Mutex#lock},
 * {@link RWMutex#lock} and {@link RWMutex#rLock} ignore interrupts, keep the status, and still get
 * the lock.
 *
 * <p>Wait reasons: a goroutine parked in each primitive shows Go's wait reason and the object it waits
 * on, and is back to {@link WaitReason#NONE} once it returns.
 */
@Timeout(60)
class SyncInterruptTest {
    /** Rounds of the interrupt-versus-wake-up races in the default tier (SyncStressTest runs more). */
    static final int RACE_ROUNDS = 300;

    /** What a waiter ended with: normal return or the exception, and its interrupt status then. */
    record Outcome(Throwable thrown, boolean interrupted, boolean lockerHeld) {
        boolean woke() {
            return thrown == null;
        }
    }

    // ---- WaitGroup ----------------------------------------------------------------------------

    @Test
    void waitGroupAwaitInterruptedThrowsAndKeepsStatus() {
        var wg = new WaitGroup();
        wg.add(1);
        var out = new AtomicReference<Outcome>();
        Goroutine w = Go.spawn(() -> {
            try {
                wg.await();
                out.set(new Outcome(null, Thread.currentThread().isInterrupted(), false));
            } catch (GoInterruptedException e) {
                out.set(new Outcome(e, Thread.currentThread().isInterrupted(), false));
            }
        });
        parked(w, WaitReason.WAIT_GROUP);
        assertSame(wg, w.waitingOn());
        assertEquals(1, wg.waiters());
        w.thread().interrupt();
        w.join();
        assertTrue(out.get().thrown() instanceof GoInterruptedException, String.valueOf(out.get()));
        assertTrue(out.get().interrupted(), "the interrupt status must be kept");
        assertEquals(0, wg.waiters(), "the interrupted waiter must uncount itself: " + wg);
        assertEquals(1, wg.count());
        // Still usable: a new waiter is released by the done.
        Goroutine w2 = Go.spawn(wg::await);
        parked(w2, WaitReason.WAIT_GROUP);
        wg.done();
        w2.join();
        assertEquals("WaitGroup[count=0, waiters=0]", wg.toString());
    }

    /**
     * Two waiters; one is interrupted while the counter drops to zero. The other must be released,
     * the interrupted one either throws or returns normally (status set either way), and the
     * WaitGroup ends clean. Both orders of the racing calls are tried.
     */
    @Test
    void waitGroupDoneRacingInterruptIsNotLost() {
        waitGroupDoneRacingInterrupt(RACE_ROUNDS);
    }

    static int[] waitGroupDoneRacingInterrupt(int rounds) {
        int threw = 0, woke = 0;
        for (int r = 0; r < rounds; r++) {
            var wg = new WaitGroup();
            wg.add(1);
            Chan<Outcome> outA = Chan.make(1), outB = Chan.make(1);
            Goroutine a = Go.spawn(() -> outA.send(awaitOutcome(wg)));
            Goroutine b = Go.spawn(() -> outB.send(awaitOutcome(wg)));
            parked(a, WaitReason.WAIT_GROUP);
            parked(b, WaitReason.WAIT_GROUP);
            if (r % 2 == 0) {
                a.thread().interrupt();
                wg.done();
            } else {
                wg.done();
                a.thread().interrupt();
            }
            Outcome oa = recv(outA, "the interrupted waiter, round " + r);
            Outcome ob = recv(outB, "the other waiter (a lost done?), round " + r);
            assertTrue(ob.woke() && !ob.interrupted(), "round " + r + ": " + ob);
            // Thrown: the status is kept. Woken: the interrupt may have come after await returned.
            assertTrue(oa.woke() || oa.thrown() instanceof GoInterruptedException && oa.interrupted(),
                    "round " + r + ": " + oa);
            if (oa.woke()) {
                woke++;
            } else {
                threw++;
            }
            assertEquals("WaitGroup[count=0, waiters=0]", wg.toString(), "round " + r);
            // Reuse it: a new waiter must park until the new done. A wake-up permit left behind by
            // the race would let it through at once (and then throw "reused before ... returned").
            wg.add(1);
            Chan<Outcome> outC = Chan.make(1);
            Goroutine c = Go.spawn(() -> outC.send(awaitOutcome(wg)));
            SyncTesting.until("the reusing waiter to park or return, round " + r,
                    () -> c.waitReason() == WaitReason.WAIT_GROUP || outC.len() > 0);
            var early = outC.tryRecv();
            assertNull(early, "round " + r + ": a waiter of the next round got through: " + (early == null ? "" : early.value()));
            wg.done();
            Outcome oc = recv(outC, "the reusing waiter, round " + r);
            assertTrue(oc.woke() && !oc.interrupted(), "round " + r + ": " + oc);
        }
        return new int[] {threw, woke};
    }

    private static Outcome awaitOutcome(WaitGroup wg) {
        try {
            wg.await();
            return new Outcome(null, Thread.interrupted(), false);
        } catch (RuntimeException e) {
            return new Outcome(e, Thread.interrupted(), false);
        }
    }

    // ---- Cond ---------------------------------------------------------------------------------

    @Test
    void condAwaitInterruptedRelocksThenThrows() {
        var mu = new Mutex();
        var cond = new Cond(mu);
        var out = new AtomicReference<Outcome>();
        Goroutine w = Go.spawn(() -> {
            mu.lock();
            try {
                cond.await();
                out.set(new Outcome(null, Thread.currentThread().isInterrupted(), mu.isLocked()));
            } catch (GoInterruptedException e) {
                out.set(new Outcome(e, Thread.currentThread().isInterrupted(), mu.isLocked()));
            } finally {
                mu.unlock();   // throws if await did not lock it again
            }
        });
        parked(w, WaitReason.COND_WAIT);
        assertSame(cond, w.waitingOn());
        assertEquals(1, cond.waiting());
        mu.lock();   // the interrupted waiter must wait for this before it can throw
        w.thread().interrupt();
        SyncTesting.until("the interrupted waiter to queue for the mutex", () -> mu.waiters() == 1,
                mu::toString);
        assertNull(out.get(), "await returned without the Locker");
        mu.unlock();
        w.join();
        assertTrue(out.get().thrown() instanceof GoInterruptedException, String.valueOf(out.get()));
        assertTrue(out.get().interrupted(), "the interrupt status must be kept");
        assertTrue(out.get().lockerHeld(), "await must re-lock before it throws");
        assertEquals(0, cond.waiting());
        assertFalse(mu.isLocked());
        // The cancelled ticket does not swallow the next signal.
        Goroutine w2 = Go.spawn(() -> {
            mu.lock();
            cond.await();
            mu.unlock();
        });
        parked(w2, WaitReason.COND_WAIT);
        cond.signal();
        w2.join();
    }

    /**
     * No lost signal: two waiters, the first (older ticket) is interrupted and one signal is sent,
     * in both orders. If the interrupted waiter threw, the signal must have gone to the other one; if
     * it returned normally it took the signal, and the other stays parked until a second signal.
     */
    @Test
    void condSignalRacingInterruptIsNotLost() {
        condSignalRacingInterrupt(RACE_ROUNDS);
    }

    static int[] condSignalRacingInterrupt(int rounds) {
        int threw = 0, woke = 0;
        for (int r = 0; r < rounds; r++) {
            var mu = new Mutex();
            var cond = new Cond(mu);
            Chan<Outcome> outA = Chan.make(1), outB = Chan.make(1);
            Goroutine a = Go.spawn(() -> outA.send(condOutcome(mu, cond)));
            parked(a, WaitReason.COND_WAIT);
            Goroutine b = Go.spawn(() -> outB.send(condOutcome(mu, cond)));
            parked(b, WaitReason.COND_WAIT);
            if (r % 2 == 0) {
                a.thread().interrupt();
                cond.signal();
            } else {
                cond.signal();
                a.thread().interrupt();
            }
            Outcome oa = recv(outA, "the interrupted waiter, round " + r);
            assertTrue(oa.woke() || oa.interrupted(), "round " + r + ": the status must be kept: " + oa);
            assertTrue(oa.lockerHeld(), "round " + r + ": await must return or throw holding the Locker");
            if (oa.woke()) {
                woke++;
                // A took the one signal; B must still be waiting, and wakes on the next.
                assertFalse(outB.tryRecv() != null, "round " + r + ": one signal woke two waiters");
                cond.signal();
            } else {
                assertTrue(oa.thrown() instanceof GoInterruptedException, "round " + r + ": " + oa);
                threw++;
            }
            Outcome ob = recv(outB, "the other waiter (a lost signal?), round " + r);
            assertTrue(ob.woke() && !ob.interrupted() && ob.lockerHeld(), "round " + r + ": " + ob);
            assertEquals(0, cond.waiting(), "round " + r);
            assertFalse(mu.isLocked(), "round " + r);
        }
        return new int[] {threw, woke};
    }

    private static Outcome condOutcome(Mutex mu, Cond cond) {
        mu.lock();
        try {
            cond.await();
            return new Outcome(null, Thread.interrupted(), mu.isLocked());
        } catch (RuntimeException e) {
            return new Outcome(e, Thread.interrupted(), mu.isLocked());
        } finally {
            mu.unlock();
        }
    }

    // ---- Mutex and RWMutex ignore interrupts --------------------------------------------------

    @Test
    void mutexLockIgnoresInterruptKeepsStatusAndGetsTheLock() {
        var mu = new Mutex();
        mu.lock();
        var out = new AtomicReference<Outcome>();
        Goroutine w = Go.spawn(() -> {
            mu.lock();
            out.set(new Outcome(null, Thread.currentThread().isInterrupted(), mu.isLocked()));
            mu.unlock();
        });
        parked(w, WaitReason.MUTEX_LOCK);
        w.thread().interrupt();
        // Still waiting for the lock after the interrupt was seen (the park loop clears and re-parks).
        SyncTesting.until("the interrupt to be taken in", () -> !w.thread().isInterrupted()
                || w.state() != GState.WAITING);
        assertNull(out.get(), "lock returned while the mutex was held");
        assertEquals(WaitReason.MUTEX_LOCK, w.waitReason());
        mu.unlock();
        w.join();
        assertEquals(new Outcome(null, true, true), out.get());
        assertFalse(mu.isLocked());

        // Interrupted before it even calls lock: the same.
        mu.lock();
        var out2 = new AtomicReference<Outcome>();
        var go = new AtomicBoolean();
        Goroutine w2 = Go.spawn(() -> {
            Thread.currentThread().interrupt();
            go.set(true);
            mu.lock();
            out2.set(new Outcome(null, Thread.currentThread().isInterrupted(), mu.isLocked()));
            mu.unlock();
        });
        parked(w2, WaitReason.MUTEX_LOCK);
        mu.unlock();
        w2.join();
        assertTrue(go.get());
        assertEquals(new Outcome(null, true, true), out2.get());
    }

    @Test
    void rwMutexLocksIgnoreInterrupts() {
        var rw = new RWMutex();
        rw.rLock();
        var writerOut = new AtomicReference<Outcome>();
        Goroutine writer = Go.spawn(() -> {
            rw.lock();
            writerOut.set(new Outcome(null, Thread.currentThread().isInterrupted(), !rw.tryRLock()));
            rw.unlock();
        });
        parked(writer, WaitReason.RW_MUTEX_LOCK);
        var readerOut = new AtomicReference<Outcome>();
        Goroutine reader = Go.spawn(() -> {
            rw.rLock();
            readerOut.set(new Outcome(null, Thread.currentThread().isInterrupted(), true));
            rw.rUnlock();
        });
        parked(reader, WaitReason.RW_MUTEX_RLOCK);
        writer.thread().interrupt();
        reader.thread().interrupt();
        SyncTesting.until("the interrupts to be taken in",
                () -> !writer.thread().isInterrupted() && !reader.thread().isInterrupted());
        assertNull(writerOut.get());
        assertNull(readerOut.get());
        rw.rUnlock();
        writer.join();
        reader.join();
        assertEquals(new Outcome(null, true, true), writerOut.get());
        assertEquals(new Outcome(null, true, true), readerOut.get());
        assertEquals("RWMutex[readers=0]", rw.toString());
    }

    // ---- wait reasons -------------------------------------------------------------------------

    @Test
    void eachPrimitiveShowsItsWaitReason() {
        var mu = new Mutex();
        var rw = new RWMutex();
        var cond = new Cond(new Mutex());
        var wg = new WaitGroup();
        var once = new Once();
        Chan<Boolean> release = Chan.make();
        Chan<WaitReason> after = Chan.make(16);
        Runnable reportAfter = () -> after.send(Goroutine.current().waitReason());

        mu.lock();
        Goroutine inMutex = Go.spawn(() -> {
            mu.lock();
            mu.unlock();
            reportAfter.run();
        });
        parked(inMutex, WaitReason.MUTEX_LOCK);
        assertSame(mu, inMutex.waitingOn());
        assertTrue(inMutex.toString().contains("[sync.Mutex.Lock]"), inMutex.toString());

        rw.rLock();
        Goroutine inRwLock = Go.spawn(() -> {
            rw.lock();
            rw.unlock();
            reportAfter.run();
        });
        parked(inRwLock, WaitReason.RW_MUTEX_LOCK);
        assertSame(rw, inRwLock.waitingOn());
        Goroutine inRwRLock = Go.spawn(() -> {
            rw.rLock();
            rw.rUnlock();
            reportAfter.run();
        });
        parked(inRwRLock, WaitReason.RW_MUTEX_RLOCK);
        assertSame(rw, inRwRLock.waitingOn());
        // A second writer queues on the writers' inner Mutex, as in Go (rw.w.Lock): sync.Mutex.Lock.
        Goroutine inRwSecondWriter = Go.spawn(() -> {
            rw.lock();
            rw.unlock();
            reportAfter.run();
        });
        parked(inRwSecondWriter, WaitReason.MUTEX_LOCK);

        Goroutine inCond = Go.spawn(() -> {
            cond.locker().lock();
            cond.await();
            cond.locker().unlock();
            reportAfter.run();
        });
        parked(inCond, WaitReason.COND_WAIT);
        assertSame(cond, inCond.waitingOn());

        wg.add(1);
        Goroutine inWaitGroup = Go.spawn(() -> {
            wg.await();
            reportAfter.run();
        });
        parked(inWaitGroup, WaitReason.WAIT_GROUP);
        assertSame(wg, inWaitGroup.waitingOn());
        assertTrue(inWaitGroup.toString().contains("[sync.WaitGroup.Wait]"), inWaitGroup.toString());

        Go.spawn(() -> once.doOnce(release::recv));
        SyncTesting.until("the once call to start", () -> !once.done()
                && Goroutine.all().stream().anyMatch(g -> g.waitReason() == WaitReason.CHAN_RECEIVE
                        && g.waitingOn() == release));
        Goroutine inOnce = Go.spawn(() -> {
            once.doOnce(() -> { });
            reportAfter.run();
        });
        parked(inOnce, WaitReason.MUTEX_LOCK);   // Go's Once.Do slow path is a Mutex.Lock too

        mu.unlock();
        rw.rUnlock();
        cond.signal();
        wg.done();
        release.send(true);
        for (int i = 0; i < 7; i++) {
            assertEquals(WaitReason.NONE, recv(after, "woken goroutine " + i + " to report its wait reason"));
        }
        for (Goroutine g : new Goroutine[] {inMutex, inRwLock, inRwRLock, inRwSecondWriter, inCond, inWaitGroup, inOnce}) {
            g.join();
        }
    }
}
