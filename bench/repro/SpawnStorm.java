import io.gort.sched.Scheduler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

public class SpawnStorm {
    public static void main(String[] a) throws Exception {
        String kind = a[0];
        int n = 1_000_000;
        try (Scheduler s = Scheduler.of(kind, 2)) {
            for (int round = 0; round < 8; round++) {
                CountDownLatch done = new CountDownLatch(1);
                AtomicInteger left = new AtomicInteger(n);
                long t0 = System.nanoTime();
                s.spawn(() -> { for (int i = 0; i < n; i++) s.spawn(() -> { if (left.decrementAndGet() == 0) done.countDown(); }); });
                done.await();
                long t = System.nanoTime() - t0;
                System.out.printf("%s round %d: %.0f ns/goroutine  %s  threads=%d%n", kind, round, t / (double) n, s.stats(), Thread.activeCount());
            }
        }
    }
}
