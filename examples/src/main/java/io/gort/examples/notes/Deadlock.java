package io.gort.examples.notes;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * <b>Deadlock</b> — the notes' section "### DeadLock": «ددلاک وقتی اتفاق میافته که چند تا goroutine
 * منتظر همدیگه باشن و هیچکدوم نتونه کارشو ادامه بده» ("a deadlock happens when several goroutines wait
 * for each other and none can go on"): goroutine one holds lock A and waits for B while goroutine two
 * holds B and waits for A. The program the notes describe is the book's {@code printSum}:
 * <pre>{@code
 * printSum := func(v1, v2 *value) {
 *     defer wg.Done()
 *     v1.mu.Lock()
 *     defer v1.mu.Unlock()
 *     time.Sleep(2 * time.Second)
 *     v2.mu.Lock()
 *     defer v2.mu.Unlock()
 *     fmt.Printf("sum=%v\n", v1.value+v2.value)
 * }
 * go printSum(&a, &b)
 * go printSum(&b, &a)
 * wg.Wait()   // fatal error: all goroutines are asleep - deadlock!
 * }</pre>
 * Go's runtime notices that every goroutine sleeps and kills the process. gort has no such global
 * check (a JVM has other threads), so this program finds the deadlock itself: it waits for the
 * WaitGroup with a bound ({@code select} on {@link Time#after}), then looks at the two goroutines'
 * {@link Goroutine#waitReason() wait reasons}, both {@code sync.Mutex.Lock}. The two-second sleep
 * becomes a rendezvous (each holds its first lock before either asks for its second), so the
 * deadlock happens every time. Then it breaks the cycle as a database does: it picks a victim,
 * releases the victim's lock on its behalf (a Go Mutex is not tied to a goroutine, so another may
 * unlock it), the other goroutine finishes, and the victim takes its lock again and retries.
 * The output is deterministic.
 */
public final class Deadlock {
    private Deadlock() { }

    /** Go's {@code type value struct { mu sync.Mutex; value int }}. */
    static final class Value {
        final String name;
        final Mutex mu = new Mutex();
        final int value;

        Value(String name, int value) {
            this.name = name;
            this.value = value;
        }
    }

    public static void main(String[] args) {
        Value a = new Value("a", 1), b = new Value("b", 2);
        WaitGroup wg = new WaitGroup();
        WaitGroup bothHoldFirst = new WaitGroup();   // the notes' time.Sleep, made certain
        bothHoldFirst.add(2);
        // The victim's flag: set by main before it unlocks the victim's first lock (that unlock
        // happens-before the other goroutine's lock, whose unlock happens-before the victim's lock).
        AtomicBoolean aborted = new AtomicBoolean();

        class PrintSum implements Runnable {
            final Value v1, v2;

            PrintSum(Value v1, Value v2) {
                this.v1 = v1;
                this.v2 = v2;
            }

            @Override
            public void run() {
                try {
                    v1.mu.lock();
                    try {
                        bothHoldFirst.done();
                        bothHoldFirst.await();
                        v2.mu.lock();   // blocks forever: the other holds v2 and wants v1
                        try {
                            if (v1 == a && aborted.get()) {   // our lock on v1 was released for us: take it again
                                v1.mu.lock();
                                System.out.printf("printSum(%s, %s) was the victim; it retries%n", v1.name, v2.name);
                            }
                            System.out.printf("printSum(%s, %s): sum=%d%n", v1.name, v2.name, v1.value + v2.value);
                        } finally {
                            v2.mu.unlock();
                        }
                    } finally {
                        v1.mu.unlock();
                    }
                } finally {
                    wg.done();
                }
            }
        }

        wg.add(2);
        Goroutine g1 = Go.spawn("printSum(a, b)", new PrintSum(a, b));
        Goroutine g2 = Go.spawn("printSum(b, a)", new PrintSum(b, a));
        Chan<Boolean> done = Chan.make();
        Go.spawn(() -> {
            wg.await();
            done.close();
        });

        boolean finished = Select.select(
                done.onRecv(x -> true),
                Time.after(Duration.ofMillis(200)).onRecv(t -> false));
        if (finished) {
            System.out.println("no deadlock this time");   // cannot happen: the rendezvous forces it
            return;
        }
        // Both are blocked by now; wait (bounded) until both show as parked on a Mutex.
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(blockedOnMutex(g1) && blockedOnMutex(g2))) {
            if (System.nanoTime() > until) {
                throw new AssertionError("the goroutines are stuck but not on a Mutex: " + g1 + ", " + g2);
            }
            Go.sleep(Duration.ofMillis(1));
        }
        System.out.println("deadlock: both goroutines are blocked");
        System.out.println("  " + g1.name() + " [" + g1.waitReason() + "] holds a, wants b");
        System.out.println("  " + g2.name() + " [" + g2.waitReason() + "] holds b, wants a");

        System.out.println("breaking it: printSum(a, b) is the victim; its lock on a is released");
        aborted.set(true);
        a.mu.unlock();   // on the victim's behalf: printSum(b, a) gets a and finishes

        boolean recovered = Select.select(
                done.onRecv(x -> true),
                Time.after(Duration.ofSeconds(10)).onRecv(t -> false));
        System.out.println(recovered ? "both goroutines finished" : "still stuck");
    }

    private static boolean blockedOnMutex(Goroutine g) {
        return g.state() == GState.WAITING && g.waitReason() == WaitReason.MUTEX_LOCK;
    }
}
