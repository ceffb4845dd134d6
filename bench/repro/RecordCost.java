import io.gort.sched.Scheduler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Spawn storm on the JDK's default scheduler, alternating gort's jdk Scheduler (goroutine record) and plain VTs. */
public class RecordCost {
    public static void main(String[] a) throws Exception {
        int n = 1_000_000;
        Scheduler jdk = Scheduler.of("jdk", 2);
        for (int round = 0; round < 12; round++) {
            boolean gort = round % 2 == 0;
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger left = new AtomicInteger(n);
            Runnable child = () -> { if (left.decrementAndGet() == 0) done.countDown(); };
            long t0 = System.nanoTime();
            if (gort) {
                jdk.spawn(() -> { for (int i = 0; i < n; i++) jdk.spawn(child); });
            } else {
                Thread.ofVirtual().start(() -> { for (int i = 0; i < n; i++) Thread.ofVirtual().start(child); });
            }
            done.await();
            System.out.printf("%-5s %.0f ns/goroutine%n", gort ? "gort" : "plain", (System.nanoTime() - t0) / (double) n);
        }
    }
}
