package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * close() while goroutines park and wake each other and platform threads wake them: whatever
 * was parked when close came must still run to the end (on helper carriers), and every thread
 * of the scheduler must end. Many short rounds, so close lands in many different moments.
 */
@Tag("stress")
class CloseUnderLoadStressTest {
    static final int MULTIPLIER = Math.max(1, Integer.getInteger("gort.stress", 1));

    @ParameterizedTest(name = "{0}({1})")
    @CsvSource({"workstealing, 1", "workstealing, 2", "workstealing, 4", "global, 2"})
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void closeDuringWakeUps(String kind, int carriers) throws InterruptedException {
        for (int round = 0; round < 300 * MULTIPLIER; round++) {
            Scheduler s = Scheduler.of(kind, carriers);
            String name = s.toString().substring(0, s.toString().indexOf('['));
            int n = 32;
            Thread[] ts = new Thread[n];
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(n);
            CountDownLatch finished = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                s.spawn(() -> {
                    int me;
                    synchronized (ts) {
                        me = (int) (n - started.getCount());
                        ts[me] = Thread.currentThread();
                        started.countDown();
                    }
                    try {
                        started.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        LockSupport.unpark(ts[rnd.nextInt(n)]);
                        LockSupport.park();
                    }
                    finished.countDown();
                });
            }
            Await.latch("goroutines to start", started);
            Thread poker = Thread.ofPlatform().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    LockSupport.unpark(ts[rnd.nextInt(n)]);
                    Thread.onSpinWait();
                }
            });
            // Let the ring run a random number of hand-offs, then close in the middle of it.
            for (int k = ThreadLocalRandom.current().nextInt(2000); k > 0; k--) {
                Thread.onSpinWait();
            }
            s.close();
            stop.set(true);
            for (Thread t : ts) {
                LockSupport.unpark(t);
            }
            poker.join();
            int r = round;
            Await.latch("every goroutine to finish after close", finished, Duration.ofSeconds(20),
                    () -> "round " + r + "; " + s + " states " + java.util.Arrays.stream(ts).map(Thread::getState).toList());
            List<Thread> left = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(name + "-")).toList();
            for (Thread t : left) {
                t.join(Duration.ofSeconds(10));
                assertFalse(t.isAlive(), () -> "round " + r + ": " + t + " outlived close; " + s + "\n  at "
                        + String.join("\n  at ", java.util.Arrays.stream(t.getStackTrace()).map(String::valueOf).toList()));
            }
        }
    }
}
