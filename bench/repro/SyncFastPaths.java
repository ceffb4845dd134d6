import io.gort.sched.Scheduler;
import io.gort.sync.Mutex;
import io.gort.sync.Once;
import io.gort.sync.WaitGroup;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Uncontended fast paths, gort against j.u.c, interleaved in one JVM so that a loaded machine hurts
 * both sides alike: rounds alternate between the subjects, and the minimum and median over rounds
 * are printed. Each measurement: 2 goroutines (gort on its work-stealing scheduler, j.u.c on plain
 * virtual threads), each on its own lock/WaitGroup, or both on one Once, 10,000,000 iterations each.
 * Usage: java --add-opens java.base/java.lang=ALL-UNNAMED -Djdk.virtualThreadScheduler.parallelism=2
 *        -cp bench/target/benchmarks.jar bench/repro/SyncFastPaths.java [rounds]
 */
public class SyncFastPaths {
    static final int N = 10_000_000, G = 2;
    static final Object[] sink = new Object[G];
    static Scheduler ws;

    /** Runs body on G goroutines of the subject; ns per iteration. */
    static double time(boolean gort, java.util.function.IntToLongFunction body) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(G);
        long t0 = System.nanoTime();
        for (int g = 0; g < G; g++) {
            int id = g;
            Runnable r = () -> { if (body.applyAsLong(id) != N) throw new AssertionError(); done.countDown(); };
            if (gort) ws.spawn(r); else Thread.ofVirtual().start(r);
        }
        done.await();
        return (System.nanoTime() - t0) / (double) (G * N);
    }

    public static void main(String[] a) throws Exception {
        int rounds = a.length > 0 ? Integer.parseInt(a[0]) : 15;
        ws = Scheduler.of("workstealing", 2);
        if (!ws.kind().equals("workstealing")) throw new IllegalStateException("need --add-opens");
        String[] names = {"gort Mutex", "ReentrantLock", "gort WaitGroup add/done/await", "Phaser register/arriveAndDeregister/arriveAndAwaitAdvance",
                "gort Once (done)", "volatile flag + ReentrantLock once (done)"};
        double[][] t = new double[names.length][rounds];
        for (int r = 0; r < rounds; r++) {
            t[0][r] = time(true, g -> { Mutex m = new Mutex(); sink[g] = m; for (int i = 0; i < N; i++) { m.lock(); m.unlock(); } return N; });
            t[1][r] = time(false, g -> { ReentrantLock m = new ReentrantLock(); sink[g] = m; for (int i = 0; i < N; i++) { m.lock(); m.unlock(); } return N; });
            t[2][r] = time(true, g -> { WaitGroup w = new WaitGroup(); sink[g] = w; for (int i = 0; i < N; i++) { w.add(1); w.done(); w.await(); } return N; });
            t[3][r] = time(false, g -> { Phaser p = new Phaser(1); sink[g] = p; for (int i = 0; i < N; i++) { p.register(); p.arriveAndDeregister(); p.arriveAndAwaitAdvance(); } return N; });
            Once o = new Once();
            t[4][r] = time(true, g -> { for (int i = 0; i < N; i++) o.doOnce(() -> { }); return N; });
            SyncOnceBenchmarkOnce j = new SyncOnceBenchmarkOnce();
            t[5][r] = time(false, g -> { for (int i = 0; i < N; i++) j.doOnce(() -> { }); return N; });
        }
        for (int k = 0; k < names.length; k++) {
            double[] s = t[k].clone();
            Arrays.sort(s);
            System.out.printf("%-62s min %6.2f  median %6.2f ns/iteration%n", names[k], s[0], s[s.length / 2]);
        }
        ws.close();
    }

    /** The bench's vt-juc once (SyncOnceBenchmark.JucOnce). */
    static final class SyncOnceBenchmarkOnce {
        private volatile boolean done;
        private final ReentrantLock lock = new ReentrantLock();
        void doOnce(Runnable f) {
            if (!done) { lock.lock(); try { if (!done) { try { f.run(); } finally { done = true; } } } finally { lock.unlock(); } }
        }
    }
}
