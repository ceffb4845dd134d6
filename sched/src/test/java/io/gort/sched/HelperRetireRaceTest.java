package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A goroutine woken after close() must not be stranded by a helper carrier that retires at the
 * same moment. The race, which is too narrow to hit by running threads, replayed step by step
 * (the helper is a Worker that this test drives by hand; its count is the scheduler's own):
 * <pre>
 *  H1  helper H was recalled by the monitor (the stall that brought it is over) and has handed
 *      its work back; it is about to retire without re-checking (it read closed == false).
 *  M1  close(): the idle carrier is woken, finds no work, exits.
 *  S1  a platform thread unparks goroutine G, parked since before close: submitGlobal pushes G,
 *      fences, reads closed == true and helpers == 1 (H), so it lends no carrier: H is
 *      trusted to re-check the queues as it leaves.
 *  H2  H calls tryRetire(H, recheck = false): once the scheduler is closed it must still leave
 *      the count, fence and look at the queues again; had it exited without looking, G would sit
 *      in the global queue with no carrier, forever.
 * </pre>
 */
class HelperRetireRaceTest {
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void helperRetiringWhileCloseLandsDoesNotStrandAWokenGoroutine() throws Exception {
        WorkStealingScheduler ws = new WorkStealingScheduler(1);
        Field helpersField = WorkStealingScheduler.class.getDeclaredField("helpers");
        helpersField.setAccessible(true);
        AtomicInteger helpers = (AtomicInteger) helpersField.get(ws);

        AtomicBoolean go = new AtomicBoolean();
        CountDownLatch ran = new CountDownLatch(1);
        Goroutine g = ws.spawn(() -> {
            while (!go.get()) {
                LockSupport.park();
            }
            ran.countDown();
        });
        Await.parked("G", g.thread());

        // H1: a live helper, counted as the monitor's lendCarrier counts it.
        Worker h = new Worker(ws, -1, true);
        helpers.incrementAndGet();

        // M1
        ws.close();
        Thread carrier = ws.procs[0].thread;
        carrier.join(Duration.ofSeconds(10));
        assertFalse(carrier.isAlive(), "the only carrier exits after close");

        // S1
        go.set(true);
        LockSupport.unpark(g.thread());
        assertEquals(1, helpers.get(), "S1 trusted the live helper and lent none");

        // H2: the recalled helper must not go while G waits.
        boolean retired = ws.tryRetire(h, false);
        try {
            assertFalse(retired, "a helper retired with work queued after close: nobody will run it");
        } finally {
            // Clean up as a correct helper would have: run G on a real carrier.
            helpers.set(0);
            ws.lendCarrier();
            Await.latch("G", ran, Duration.ofSeconds(10), ws::toString);
        }
    }
}
