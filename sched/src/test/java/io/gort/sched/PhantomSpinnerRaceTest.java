package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A lost wake-up found by {@link WakeupStressTest} (ring on workStealing(1), 64 goroutines and 4
 * platform threads; it stalled after ~20 rounds of 10^6 hand-offs with the carrier parked,
 * IdleCarriers[idle=1, spinning=0] and two runnable goroutines in the global queue). Replayed
 * step by step, this test thread playing both submitters S1 and S2:
 * <pre>
 *  S1  pushes a task, fences, sees nSpinning == 0 and nIdle > 0 (some carrier was idle a moment
 *      ago), CASes nSpinning 0 -> 1 and claims... no bit: the carrier is running. S1 now holds a
 *      "phantom" spinning count that no carrier owns, and is preempted before decrementing it.
 *  W   the carrier finishes its goroutine, finds every queue empty, parks (C1-C5).
 *  S2  pushes task T2, fences, sees nSpinning == 1 and returns: a spinning carrier will find T2.
 *  S1  decrements nSpinning and returns. Nobody is spinning, the carrier is parked, T2 waits
 *      forever.
 * </pre>
 * S1's own task is safe (it was pushed before the CAS that the carrier's check follows); the
 * task of a submitter that trusted the phantom is not. Go avoids this because wakep's failed
 * claim and pidleput both hold sched.lock; the lock-free protocol here needs S1 to look again,
 * which it now does ({@link WorkStealingScheduler#claimFailed()}, step S5 of IdleCarriers).
 */
class PhantomSpinnerRaceTest {
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void submitterTrustingAPhantomSpinnerIsNotStranded() {
        try (Scheduler s = Scheduler.workStealing(1)) {
            WorkStealingScheduler ws = (WorkStealingScheduler) s;
            Thread carrier = ws.procs[0].thread;

            // The carrier is busy running H.
            AtomicBoolean release = new AtomicBoolean();
            CountDownLatch running = new CountDownLatch(1);
            s.spawn(() -> {
                running.countDown();
                while (!release.get()) {
                    Thread.onSpinWait();
                }
            });
            Await.latch("H to run", running);

            // S1: CAS nSpinning 0 -> 1, then a claim that finds no idle carrier.
            assertEquals(0, ws.idle.spinning());
            assertTrue(ws.idle.casSpinning(0, 1));
            assertEquals(-1, ws.idle.claim(), "the carrier is busy: S1's claim fails");

            // W: H ends, the carrier finds nothing and parks.
            release.set(true);
            Await.until("the carrier to park", Await.LONG,
                    () -> ws.idle.idle() == 1 && carrier.getState() == Thread.State.WAITING, ws::toString);

            // S2: a new goroutine from this platform thread; it sees nSpinning == 1 and wakes nobody.
            CountDownLatch ran = new CountDownLatch(1);
            s.spawn(ran::countDown);
            assertEquals(1, ws.idle.idle(), "S2 woke nobody");

            // S1 resumes after its failed claim: S5 of wakeIfIdleFenced (give the count back, look again).
            if (ws.claimFailed()) {
                ws.wakeIfIdle();
            }

            Await.latch("the goroutine S2 spawned", ran, Duration.ofSeconds(5), ws::toString);
        }
    }
}
