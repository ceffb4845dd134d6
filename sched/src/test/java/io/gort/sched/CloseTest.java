package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * close(): refuses new goroutines, keeps the promise that a goroutine parked before close and
 * woken after still runs to the end, and releases its carrier threads and monitor.
 */
class CloseTest {

    private static String nameOf(Scheduler s) {
        var m = java.util.regex.Pattern.compile("^gort-[a-z]+-\\d+").matcher(s.toString());
        assertTrue(m.find(), s.toString());
        return m.group();
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"workstealing", "global", "forkjoin"})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void spawnAfterCloseThrows(String kind) {
        Scheduler s = Scheduler.of(kind, 2);
        s.spawn(() -> { }).join();
        s.close();
        s.close();                                               // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.spawn(() -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}, woken from {1}")
    @ValueSource(strings = {"workstealing/platform", "workstealing/timer", "global/platform", "forkjoin/platform"})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void goroutineParkedBeforeCloseRunsToCompletionAfter(String param) {
        String kind = param.substring(0, param.indexOf('/'));
        boolean timer = param.endsWith("timer");
        Scheduler s = Scheduler.of(kind, 2);
        AtomicBoolean go = new AtomicBoolean();
        AtomicReference<String> finishedOn = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Goroutine g = s.spawn(() -> {
            started.countDown();
            if (timer) {
                // Woken by the JDK's timer thread (a foreign thread) once the deadline passes.
                while (!go.get()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            } else {
                while (!go.get()) {
                    LockSupport.park();
                }
            }
            Thread.yield();                                      // and it can still be rescheduled
            finishedOn.set(Loom.currentCarrier() == null ? "?" : Loom.currentCarrier().getName());
        });
        Await.latch("the goroutine to start", started);
        Await.parked("the goroutine", g.thread());
        s.close();
        go.set(true);
        if (!timer) {
            LockSupport.unpark(g.thread());
        }
        g.join();
        assertEquals(GState.DEAD, g.state());
        assertTrue(finishedOn.get() != null, "it ran to the end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"workstealing", "global", "forkjoin"})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void closeReleasesCarriersAndMonitor(String kind) throws InterruptedException {
        Scheduler s = Scheduler.of(kind, 3);
        String name = nameOf(s);
        CountDownLatch ran = new CountDownLatch(30);
        for (int i = 0; i < 30; i++) {
            s.spawn(ran::countDown);
        }
        Await.latch("goroutines", ran);
        List<Thread> carriers = threadsNamed(name + "-carrier-");
        assertFalse(carriers.isEmpty(), "carriers were running");
        assertTrue(carriers.size() <= 3, "at most three carriers: " + carriers);
        List<Thread> monitor = threadsNamed(name + "-monitor");
        assertEquals(kind.equals("forkjoin") ? 0 : 1, monitor.size());
        s.close();
        for (Thread t : carriers) {
            t.join(Duration.ofSeconds(10));
            assertFalse(t.isAlive(), t + " still alive after close: " + s);
        }
        for (Thread t : monitor) {
            t.join(Duration.ofSeconds(10));
            assertFalse(t.isAlive(), "the monitor ended");
        }
        assertEquals(List.of(), threadsNamed(name + "-"), "no thread of the scheduler is left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"workstealing", "global"})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aGoroutineRunningAtCloseFinishesThenCarriersEnd(String kind) throws InterruptedException {
        Scheduler s = Scheduler.of(kind, 2);
        String name = nameOf(s);
        AtomicBoolean release = new AtomicBoolean();
        AtomicReference<Throwable> refused = new AtomicReference<>();
        CountDownLatch busy = new CountDownLatch(1);
        Goroutine g = s.spawn(() -> {
            busy.countDown();
            while (!release.get()) {
                Thread.yield();                                  // runnable throughout the close
            }
            try {
                s.spawn(() -> { });
            } catch (Throwable t) {
                refused.set(t);
            }
        });
        Await.latch("the busy goroutine", busy);
        s.close();
        release.set(true);
        g.join();
        assertTrue(refused.get() instanceof IllegalStateException, "spawn from a goroutine after close: " + refused);
        for (Thread t : threadsNamed(name + "-carrier-")) {
            t.join(Duration.ofSeconds(10));
            assertFalse(t.isAlive(), t + " still alive after close: " + s);
        }
    }
}
