package io.gort.examples.notes;

import io.gort.Go;
import io.gort.Time;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;

/**
 * <b>Starvation</b> — the notes' section "### Starvation": «گرسنگی زمانی پیش میاد که یه goroutine
 * هیچوقت به منبعی که لازم داره دسترسی پیدا نمیکنه ... نه به خاطر اینکه قفل شده یا گیر کرده، بلکه چون
 * اولویت یا سیاست اجرای برنامه اجازه نمیده بهش برسه» ("starvation is when a goroutine cannot get the
 * resource it needs ... not because it is locked or stuck, but because the priorities or the policy
 * of the program keep it from its turn"). The book's program: a greedy worker holds the shared lock
 * for its whole unit of work, a polite one takes it only for each third of its work; in the same
 * time the greedy one gets far more done.
 * <pre>{@code
 * greedyWorker:  sharedLock.Lock(); time.Sleep(3*time.Nanosecond); sharedLock.Unlock(); count++
 * politeWorker:  3 × { sharedLock.Lock(); time.Sleep(1*time.Nanosecond); sharedLock.Unlock() }; count++
 * }</pre>
 * The book runs them for a second; this runs them for {@link #RUNTIME}. The counts vary; the greedy
 * worker's is larger (each of its loops needs the lock once, the polite one's three times).
 */
public final class Starvation {
    private Starvation() { }

    static final Duration RUNTIME = Duration.ofMillis(200);

    public static void main(String[] args) {
        WaitGroup wg = new WaitGroup();
        Mutex sharedLock = new Mutex();
        long[] counts = new long[2];

        wg.add(2);
        Go.spawn("greedy", () -> {
            try {
                long count = 0;
                for (Instant begin = Time.now(); Duration.between(begin, Time.now()).compareTo(RUNTIME) <= 0; ) {
                    sharedLock.lock();
                    Go.sleep(Duration.ofNanos(3));
                    sharedLock.unlock();
                    count++;
                }
                counts[0] = count;
            } finally {
                wg.done();
            }
        });
        Go.spawn("polite", () -> {
            try {
                long count = 0;
                for (Instant begin = Time.now(); Duration.between(begin, Time.now()).compareTo(RUNTIME) <= 0; ) {
                    for (int i = 0; i < 3; i++) {
                        sharedLock.lock();
                        Go.sleep(Duration.ofNanos(1));
                        sharedLock.unlock();
                    }
                    count++;
                }
                counts[1] = count;
            } finally {
                wg.done();
            }
        });
        wg.await();   // happens-after both workers' writes to counts
        System.out.printf("Greedy worker was able to execute %d work loops%n", counts[0]);
        System.out.printf("Polite worker was able to execute %d work loops.%n", counts[1]);
        System.out.printf("in the same %dms the greedy worker did %.1f times as much as the polite one%n",
                RUNTIME.toMillis(), (double) counts[0] / Math.max(1, counts[1]));
    }
}
