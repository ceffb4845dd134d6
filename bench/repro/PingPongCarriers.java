import io.gort.sched.Scheduler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/** Ping-pong as in PingPongBenchmark; also counts how often the pinger finds itself on another carrier. */
public class PingPongCarriers {
    static volatile int turn;
    static volatile Thread ping, pong;

    static String carrier() {
        String s = Thread.currentThread().toString();   // VirtualThread[#n]/runnable@carrier-name
        return s.substring(s.indexOf('@') + 1);
    }

    public static void main(String[] a) throws Exception {
        int n = 200_000;
        try (Scheduler s = Scheduler.of(a[0], 2)) {
            for (int round = 0; round < 6; round++) {
                turn = 0;
                CountDownLatch done = new CountDownLatch(1);
                long[] moves = new long[1];
                pong = s.spawn(() -> {
                    for (int i = 0; i < n; i++) {
                        while (turn != 1) LockSupport.park();
                        turn = 0; LockSupport.unpark(ping);
                    }
                }).thread();
                long t0 = System.nanoTime();
                s.spawn(() -> {
                    ping = Thread.currentThread();
                    String last = carrier();
                    for (int i = 0; i < n; i++) {
                        turn = 1; LockSupport.unpark(pong);
                        while (turn != 0) LockSupport.park();
                        String c = carrier();
                        if (!c.equals(last)) { moves[0]++; last = c; }
                    }
                    done.countDown();
                });
                done.await();
                long t = System.nanoTime() - t0;
                System.out.printf("%s: %.0f ns/round trip, pinger changed carrier %d times in %d, %s%n", a[0], t / (double) n, moves[0], n, s.stats());
            }
        }
    }
}
