package io.gort.examples.notes;

import io.gort.sync.Mutex;
import io.gort.sync.RWMutex;
import io.gort.sync.WaitGroup;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Mutex and RWMutex</b> — the notes' section "#### Mutex and RWMutex": «{@code Mutex} ... وقتی استفاده
 * میشه که میخوای یه بخش کد رو به صورت انحصاری محافظت کنی ... معمولاً از {@code defer lock.Unlock()}
 * استفاده میکنن تا حتی اگه فانکشن panic کنه، قفل آزاد بشه. {@code RWMutex} ... چند goroutine میتونن همزمان
 * دادهها رو بخونن ({@code RLock()})، ولی وقتی یه goroutine بخواد بنویسه ({@code Lock()})، دسترسی همه
 * خوانندهها و نویسندههای دیگه مسدود میشه» ("a Mutex guards a section of code exclusively ... usually
 * with {@code defer lock.Unlock()} so the lock is released even if the function panics; an
 * RWMutex lets many goroutines read at once ({@code RLock}), but a writer ({@code Lock}) shuts out
 * every other reader and writer"). The notes have no program here; this one shows the three claims:
 * <ol>
 *   <li>a counter under a Mutex, incremented by 10 goroutines 1000 times each: 10000;</li>
 *   <li>{@code defer mu.Unlock()} (Java: {@code finally}) releases the lock when the guarded code
 *       panics: the next {@code tryLock} succeeds;</li>
 *   <li>a map under an RWMutex: 5 readers hold the read lock at the same time (each waits, under
 *       it, until all 5 are in: impossible with a Mutex), then a writer updates it.</li>
 * </ol>
 */
public final class MutexAndRWMutex {
    private MutexAndRWMutex() { }

    public static void main(String[] args) {
        // 1. Mutex: exclusive access.
        Mutex mu = new Mutex();
        int[] counter = {0};
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < 10; g++) {
            wg.go(() -> {
                for (int i = 0; i < 1000; i++) {
                    mu.lock();
                    try {                // defer mu.Unlock()
                        counter[0]++;
                    } finally {
                        mu.unlock();
                    }
                }
            });
        }
        wg.await();
        System.out.println("counter under a Mutex: " + counter[0]);

        // 2. The deferred unlock runs even when the guarded code panics.
        try {
            mu.lock();
            try {
                throw new IllegalStateException("boom");
            } finally {
                mu.unlock();
            }
        } catch (IllegalStateException recovered) {
            System.out.println("recovered from panic: " + recovered.getMessage() + "; Mutex free again: " + tryAndRelease(mu));
        }

        // 3. RWMutex: readers share, a writer excludes.
        RWMutex rw = new RWMutex();
        Map<String, Integer> prices = new HashMap<>(Map.of("tea", 3));
        int readers = 5;
        AtomicInteger inside = new AtomicInteger();
        WaitGroup allIn = new WaitGroup();
        allIn.add(readers);
        AtomicInteger maxInside = new AtomicInteger();
        WaitGroup reading = new WaitGroup();
        for (int r = 0; r < readers; r++) {
            reading.go(() -> {
                rw.rLock();
                try {
                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    allIn.done();
                    allIn.await();          // every reader holds the read lock at this point
                    prices.get("tea");
                    inside.decrementAndGet();
                } finally {
                    rw.rUnlock();
                }
            });
        }
        reading.await();
        System.out.println("readers holding the RLock at once: " + maxInside.get());
        rw.lock();
        try {
            prices.put("tea", 4);
        } finally {
            rw.unlock();
        }
        rw.rLock();
        try {
            System.out.println("after the writer's Lock: tea costs " + prices.get("tea"));
        } finally {
            rw.rUnlock();
        }
    }

    private static boolean tryAndRelease(Mutex mu) {
        if (mu.tryLock()) {
            mu.unlock();
            return true;
        }
        return false;
    }
}
