import io.gort.Go;
import io.gort.Time;
import io.gort.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * gort's timers: how late they fire, what newTimer+stop costs, and the heap bytes per pending timer.
 *   1. lateness: 10,000 goroutines each wait on Time.newTimer(d).c() with d spread over 0..2 s;
 *      lateness = the time the goroutine got the value - (the time newTimer was called + d).
 *      Reported as p50/p99/max, also for 10,000 afterFunc timers (lateness at the start of f).
 *   2. cost: newTimer(1h) immediately stopped, ns per pair, one thread, after warm-up; and
 *      1M newTimer(1h) then 1M stop (armed channel timers wait outside the heap until a goroutine
 *      blocks on their channel: Go 1.23's lazy timers; afterFunc timers are in the heap).
 *   3. memory: used heap after GC with 1M pending timers minus before, per timer.
 *   4. baseline: the JDK's ScheduledThreadPoolExecutor (removeOnCancel) doing 2 and 3.
 * Run as bench/repro/README.md says (the classes of sched, chan and runtime and JCTools on the class path).
 */
public class TimerLatency {
    public static void main(String[] a) throws Exception {
        int n = a.length > 0 ? Integer.parseInt(a[0]) : 10_000;
        for (int round = 0; round < 3; round++) {   // the first round warms up (JIT, 10k goroutine spawns)
            System.out.println("round " + round);
            lateness(n, false);
            lateness(n, true);
        }
        newStop();
        million();
        scheduledExecutorBaseline();
    }

    /** The JDK's ScheduledThreadPoolExecutor (also a heap, with removeOnCancel) for the same 1M schedule+cancel. */
    static void scheduledExecutorBaseline() throws InterruptedException {
        var stpe = new ScheduledThreadPoolExecutor(1);
        stpe.setRemoveOnCancelPolicy(true);
        int n = 1_000_000;
        for (int round = 0; round < 3; round++) {
            ScheduledFuture<?>[] fs = new ScheduledFuture<?>[n];
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                fs[i] = stpe.schedule(() -> { }, 3600_000_000L + i % 1000 * 1000L, TimeUnit.MICROSECONDS);
            }
            long t1 = System.nanoTime();
            long after = usedAfterGc();
            long t2 = System.nanoTime();
            for (var f : fs) {
                f.cancel(false);
            }
            long t3 = System.nanoTime();
            System.out.printf("JDK ScheduledThreadPoolExecutor 1M: schedule %.0f ns each, cancel %.0f ns each, %.0f bytes per pending task%n",
                    (t1 - t0) / (double) n, (t3 - t2) / (double) n, (after - before) / (double) n);
        }
        stpe.shutdown();
    }

    static void lateness(int n, boolean func) throws InterruptedException {
        long[] late = new long[n];
        long[] sent = new long[n];   // newTimer only: the time the engine sent minus the wall-clock deadline
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            long d = ThreadLocalRandom.current().nextLong(2_000_000_000L);
            if (func) {
                long due = System.nanoTime() + d;
                Time.afterFunc(Duration.ofNanos(d), () -> {
                    late[k] = System.nanoTime() - due;
                    done.countDown();
                });
            } else {
                Go.spawn(() -> {
                    Instant dueWall = Instant.now().plusNanos(d);
                    long due = System.nanoTime() + d;
                    Instant v = Time.newTimer(Duration.ofNanos(d)).c().recv();
                    late[k] = System.nanoTime() - due;
                    sent[k] = Duration.between(dueWall, v).toNanos();
                    done.countDown();
                });
            }
        }
        done.await();
        report(func ? "afterFunc, f starts" : "newTimer, recv returns", late);
        if (!func) {
            report("newTimer, time sent", sent);
        }
    }

    static void report(String what, long[] late) {
        int n = late.length;
        Arrays.sort(late);
        System.out.printf("lateness %-24s n=%d  p50 %7.1f us  p99 %8.1f us  max %8.1f us  (early: %d)%n",
                what, n, late[n / 2] / 1e3, late[(int) (n * 0.99)] / 1e3, late[n - 1] / 1e3,
                Arrays.stream(late).filter(x -> x < 0).count());
    }

    static void newStop() {
        int n = 2_000_000;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (!Time.newTimer(Duration.ofHours(1)).stop()) {
                    throw new AssertionError();
                }
            }
            System.out.printf("newTimer(1h)+stop: %.0f ns/pair%n", (System.nanoTime() - t0) / (double) n);
        }
    }

    static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    static void million() throws InterruptedException {
        int n = 1_000_000;
        for (int round = 0; round < 3; round++) {
            Timer[] ts = new Timer[n];
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ts[i] = Time.newTimer(Duration.ofHours(1).plusNanos(i % 1000 * 1000L));
            }
            long t1 = System.nanoTime();
            long after = usedAfterGc();
            long t2 = System.nanoTime();
            for (Timer t : ts) {
                t.stop();
            }
            long t3 = System.nanoTime();
            System.out.printf("1M pending: newTimer %.0f ms (%.0f ns each), stop %.0f ms (%.0f ns each), %.0f bytes per pending timer%n",
                    (t1 - t0) / 1e6, (t1 - t0) / (double) n, (t3 - t2) / 1e6, (t3 - t2) / (double) n,
                    (after - before) / (double) n);
        }
    }
}
