package io.gort.examples.notes;

import io.gort.Go;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * <b>Atomicity</b> — the notes' section "### Atomicity": «وقتی میگیم یه چیزی اتمیک هستش یعنی در اون
 * کانتکستی که اجرا میشه غیرقابل تقسیم و غیرقابل وقفه است ... یک چیزی میتونه در یک لایه اتمیک باشه ولی در
 * لایه های دیگر اتمیک نباشه» ("atomic means indivisible and uninterruptible within the context it
 * runs in ... something may be atomic at one layer and not at another"). The notes give two cases,
 * ported here:
 * <ol>
 *   <li>{@code i++} is a read, an add and a write: each step atomic on its own, the three together not.
 *       {@link #GOROUTINES} goroutines each increment a plain counter, an atomic one and one under a
 *       Mutex {@link #INCREMENTS} times; only the last two are sure to reach the total.</li>
 *   <li>An {@code INSERT} is atomic in the database, but "check whether id 1 exists, then insert it"
 *       in the application is not: two requests both check, both see nothing, both insert; the
 *       database's unique key lets one succeed and fails the other. The two checks are made to
 *       happen before either insert (a rendezvous), so the output is deterministic.</li>
 * </ol>
 */
public final class Atomicity {
    private Atomicity() { }

    static final int GOROUTINES = 4, INCREMENTS = 100_000;

    private static final class Counters {
        long plain;                                   // a data race on purpose
        final AtomicLong atomic = new AtomicLong();
        final Mutex mu = new Mutex();
        long locked;                                  // guarded by mu
    }

    public static void main(String[] args) {
        Counters c = new Counters();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            wg.go(() -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    c.plain++;
                    c.atomic.incrementAndGet();
                    c.mu.lock();
                    c.locked++;
                    c.mu.unlock();
                }
            });
        }
        wg.await();
        long want = (long) GOROUTINES * INCREMENTS;
        System.out.printf("%d goroutines x %d increments, want %d%n", GOROUTINES, INCREMENTS, want);
        System.out.printf("plain i++:  %s%n", c.plain == want ? "all counted this time (luck, not a guarantee)"
                : "lost " + (want - c.plain) + " increments");
        System.out.printf("atomic add: %d%n", c.atomic.get());
        System.out.printf("under Mutex: %d%n", c.locked);

        // Check-then-insert: atomic in the database, not in the application.
        Map<Integer, String> users = new ConcurrentHashMap<>();   // the table; putIfAbsent is the unique key
        WaitGroup bothChecked = new WaitGroup();
        bothChecked.add(2);
        String[] results = new String[2];
        WaitGroup requests = new WaitGroup();
        for (int t = 0; t < 2; t++) {
            int thread = t;
            String name = t == 0 ? "Ali" : "Sara";
            requests.go(() -> {
                boolean exists = users.containsKey(1);       // 1-2: both check ...
                bothChecked.done();
                bothChecked.await();                          // ... before either inserts
                if (!exists) {                                // 3: both decide to insert
                    boolean inserted = users.putIfAbsent(1, name) == null;   // 4: INSERT, atomic in the database
                    results[thread] = inserted ? "inserted" : "duplicate key error";   // 5
                }
            });
        }
        requests.await();
        System.out.println("two requests create user id=1 after checking it does not exist:");
        long inserted = java.util.Arrays.stream(results).filter("inserted"::equals).count();
        long failed = java.util.Arrays.stream(results).filter("duplicate key error"::equals).count();
        System.out.printf("  both saw no user 1; %d inserted, %d got a duplicate key error%n", inserted, failed);
    }
}
