import io.gort.sched.Scheduler;
import io.gort.sync.Mutex;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sync group's counter (8 goroutines x 1,000,000 increments under one lock), gort's Mutex on
 * its work-stealing scheduler against ReentrantLock on plain virtual threads, alternating rounds.
 * Besides ns per increment it prints how the lock was shared: the spread of the goroutines' finish
 * times (a lock that one goroutine keeps for long stretches finishes them one after another) and
 * the share of sampled lock() calls that took over 1 us (spun or parked); every 64th lock is timed.
 * Usage: java ... SyncCounter.java [rounds] [gort|juc|both]   (run it under JFR to profile one side)
 */
public class SyncCounter {
    interface L { void lock(); void unlock(); }

    static final int G = 8, N = 1_000_000;
    static long count;

    public static void main(String[] a) throws Exception {
        int rounds = a.length > 0 ? Integer.parseInt(a[0]) : 10;
        String which = a.length > 1 ? a[1] : "both";
        Scheduler ws = Scheduler.of("workstealing", 2);
        if (!ws.kind().equals("workstealing")) throw new IllegalStateException("need --add-opens java.base/java.lang=ALL-UNNAMED");
        ThreadFactory vt = Thread.ofVirtual().factory();
        for (int r = 0; r < rounds; r++) {
            for (String k : new String[] {"gort", "juc"}) {
                if (!which.equals("both") && !which.equals(k)) continue;
                L l;
                if (k.equals("gort")) { Mutex m = new Mutex(); l = new L() { public void lock() { m.lock(); } public void unlock() { m.unlock(); } }; }
                else { ReentrantLock m = new ReentrantLock(); l = new L() { public void lock() { m.lock(); } public void unlock() { m.unlock(); } }; }
                count = 0;
                CountDownLatch done = new CountDownLatch(G);
                long[] finish = new long[G];
                long[] slow = new long[G], sampled = new long[G];
                long t0 = System.nanoTime();
                for (int g = 0; g < G; g++) {
                    int id = g;
                    Runnable body = () -> {
                        long s = 0, n = 0;
                        for (int i = 0; i < N; i++) {
                            if ((i & 63) == 0) {
                                long t = System.nanoTime();
                                l.lock();
                                if (System.nanoTime() - t > 1000) s++;
                                n++;
                            } else {
                                l.lock();
                            }
                            count++;
                            l.unlock();
                        }
                        slow[id] = s; sampled[id] = n;
                        finish[id] = System.nanoTime();
                        done.countDown();
                    };
                    if (k.equals("gort")) ws.spawn(body); else vt.newThread(body).start();
                }
                done.await();
                long t1 = System.nanoTime();
                if (count != (long) G * N) throw new AssertionError(k + ": count " + count);
                java.util.Arrays.sort(finish);
                long s = 0, n = 0;
                for (int g = 0; g < G; g++) { s += slow[g]; n += sampled[g]; }
                System.out.printf("%-4s %6.1f ns/increment  finish: first %4d ms, last %4d ms   lock() > 1us: %.2f%% of samples%n",
                        k, (t1 - t0) / (double) (G * N), (finish[0] - t0) / 1_000_000, (finish[G - 1] - t0) / 1_000_000, 100.0 * s / n);
            }
        }
        ws.close();
    }
}
