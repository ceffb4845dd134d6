import io.gort.sched.Scheduler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** The fork/join tree of ForkJoinTreeBenchmark, printing time per tree and the scheduler's stats. */
public class TreeStats {
    static Scheduler s;

    static long node(int d) {
        if (d == 0) return 1;
        Thread parent = Thread.currentThread();
        long[] r = new long[10];
        AtomicInteger pending = new AtomicInteger(10);
        for (int i = 0; i < 10; i++) {
            int slot = i;
            s.spawn(() -> { r[slot] = node(d - 1); if (pending.decrementAndGet() == 0) LockSupport.unpark(parent); });
        }
        while (pending.get() != 0) LockSupport.park();
        long sum = 0; for (long x : r) sum += x; return sum;
    }

    public static void main(String[] a) throws Exception {
        s = Scheduler.of(a[0], 2);
        for (int round = 0; round < Integer.parseInt(a[1]); round++) {
            long[] out = new long[1];
            CountDownLatch done = new CountDownLatch(1);
            long t0 = System.nanoTime();
            s.spawn(() -> { out[0] = node(6); done.countDown(); });
            done.await();
            System.out.printf("%s: %.0f ms/tree, leaves=%d, %s%n", a[0], (System.nanoTime() - t0) / 1e6, out[0], s.stats());
        }
        s.close();
    }
}
