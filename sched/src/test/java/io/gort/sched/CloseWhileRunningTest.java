package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * close() while goroutines are still running on the carriers (found in review):
 * <pre>
 *  T1  G1 hogs the only carrier (a busy loop waiting for a flag); G2 is parked.
 *  T2  main: close(). No carrier is idle; nothing is queued.
 *  T3  G1 unparks G2. Before the fix: G2 went to G1's runnext, and with the monitor stopped
 *      nobody would ever run it while G1 waited for G2: a deadlock. Now a wake-up after close
 *      goes to the global queue and a carrier is lent for it.
 *  T4  G2 runs and sets the flag that stops G1.
 * </pre>
 * A second shape (CloseWhileRunningStressTest): the regular carrier leaves before G1 is woken, so G1
 * runs on a lent helper and G2 waits in the global queue behind it; the monitor lends another
 * helper because every live carrier of the closed scheduler is stuck.
 */
class CloseWhileRunningTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aHogThatWakesAGoroutineAfterCloseIsNotStrandedBehindIt() throws Exception {
        WorkStealingScheduler ws = new WorkStealingScheduler(1);
        AtomicBoolean released = new AtomicBoolean();
        AtomicBoolean g2Go = new AtomicBoolean();
        CountDownLatch closed = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        Goroutine g2 = ws.spawn(() -> {
            while (!g2Go.get()) {
                LockSupport.park();
            }
            released.set(true);
            done.countDown();
        });
        Await.parked("G2", g2.thread());
        ws.spawn(() -> {
            Await.latch("close", closed);
            g2Go.set(true);
            LockSupport.unpark(g2.thread());                    // T3, from the hog's own carrier
            while (!released.get()) {
                Thread.onSpinWait();                           // G1 holds the carrier until G2 has run
            }
            done.countDown();
        });
        ws.close();                                            // T2
        closed.countDown();
        Await.latch("G1 and G2", done, Duration.ofSeconds(20), ws::toString);
        assertTrue(released.get());
        Await.until("all carriers gone", Duration.ofSeconds(10), () -> ws.liveCarriers() == 0, ws::toString);
        assertEquals(0, ws.liveCarriers());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void jdkDefaultFromAGoroutineRunsOnTheJdkSchedulerNotOnTheCallers() throws Exception {
        try (Scheduler ws = Scheduler.workStealing(2)) {
            AtomicReference<Thread> carrierOfChild = new AtomicReference<>();
            ws.spawn(() -> Scheduler.jdkDefault().spawn(() -> carrierOfChild.set(Loom.currentCarrier())).join()).join();
            Thread carrier = carrierOfChild.get();
            assertNotNull(carrier);
            assertFalse(carrier instanceof Carrier, "a jdkDefault goroutine ran on gort's carrier " + carrier);
        }
    }
}
