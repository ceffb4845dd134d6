package io.gort.examples.notes;

import io.gort.Go;
import io.gort.sync.WaitGroup;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * <b>goroutine</b> — the notes' section "### goroutine": «گوروتین ها پایه ای ترین واحد در برنامه های goی
 * هستن ... گو از M/N model برای برنامه ریزی استفاده میکنه به این معنی که n تا green thread به m تا thread
 * واقعی مپ میشن» ("goroutines are the most basic unit of a Go program ... Go schedules them M:N:
 * n green threads are mapped onto m real threads") and «concurrency is a property of the code;
 * parallelism is a property of the running program». The notes have no code here; this program
 * shows the M:N mapping: {@link #N} goroutines, each adding its number to a sum, run on the
 * scheduler's GOMAXPROCS carrier threads. Whether they ran in parallel is up to the runtime; the
 * sum is the same either way.
 */
public final class Goroutines {
    private Goroutines() { }

    static final int N = 10_000;

    public static void main(String[] args) {
        AtomicLong sum = new AtomicLong();
        Set<String> carriers = ConcurrentHashMap.newKeySet();
        WaitGroup wg = new WaitGroup();
        for (int i = 1; i <= N; i++) {
            int n = i;
            wg.go(() -> {
                sum.addAndGet(n);
                carriers.add(carrierOf(Thread.currentThread()));
            });
        }
        wg.await();
        System.out.printf("%d goroutines added 1..%d: sum = %d%n", N, N, sum.get());
        System.out.printf("they ran on %d carrier thread(s); GOMAXPROCS is %d%n", carriers.size(), Go.maxProcs());
    }

    /** A virtual thread's toString names its carrier ("VirtualThread[#22]/runnable@carrier-1"). */
    private static String carrierOf(Thread t) {
        String s = t.toString();
        int at = s.lastIndexOf('@');
        return at < 0 ? s : s.substring(at + 1);
    }
}
