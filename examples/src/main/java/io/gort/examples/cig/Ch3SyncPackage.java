package io.gort.examples.cig;

import io.gort.Go;
import io.gort.Time;
import io.gort.sync.Cond;
import io.gort.sync.Locker;
import io.gort.sync.Mutex;
import io.gort.sync.Once;
import io.gort.sync.Pool;
import io.gort.sync.RWMutex;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * "Concurrency in Go", chapter 3, "The sync Package": Mutex and RWMutex, Cond, Once, Pool; each
 * program after a line {@code == name}.
 * <ul>
 *   <li>{@code Mutex}: six increments and six decrements of a shared count, each under the lock and
 *       printing the new value; "Arithmetic complete." The order varies, every step is ±1.</li>
 *   <li>{@code RWMutex}: the book's table of how long a producer (locking five times, sleeping in
 *       between) and 1, 2, 4 … 2048 observers take when the observers use the RWMutex's read locker
 *       versus its write lock (the book goes to 2^19 readers).</li>
 *   <li>{@code Cond queue}: the queue of two ({@code for len(queue) == 2 { c.Wait() }}).</li>
 *   <li>{@code Cond button}: three handlers subscribed to a {@code Clicked} Cond all run on one
 *       {@code Broadcast}. Deviation: the book's {@code subscribe} signals "running" before the
 *       goroutine waits, so a broadcast may come before a handler waits and be lost; here the
 *       handler signals while holding {@code c.L}, and the broadcaster takes {@code c.L} first, so
 *       every handler is waiting when the broadcast comes.</li>
 *   <li>{@code Once}: 100 goroutines, one increment; a second Do with decrement does nothing. Not
 *       run: the book's circular {@code onceA.Do(initA)} → {@code onceB.Do(initB)} → {@code
 *       onceA.Do(initA)} deadlock, which Go reports as "all goroutines are asleep": the goroutine
 *       would park forever on the Once's own mutex, which no one else can unlock, and gort has no
 *       way to end a parked goroutine, so the program would leak it.</li>
 *   <li>{@code Pool}: "Creating new instance." twice for Get, Get, Put, Get; the calculator pool
 *       (a few buffers for 1024 workers); the connection cache: ten requests each connecting to a
 *       slow service (10 ms per connection, the book's second) versus a pool warmed with ten
 *       connections.</li>
 * </ul>
 */
public final class Ch3SyncPackage {
    private Ch3SyncPackage() { }

    public static void main(String[] args) {
        mutex();
        rwMutex();
        condQueue();
        condButton();
        once();
        pool();
    }

    static void mutex() {
        System.out.println("== Mutex");
        int[] count = {0};
        Mutex lock = new Mutex();
        Runnable increment = () -> {
            lock.lock();
            try {
                count[0]++;
                System.out.printf("Incrementing: %d%n", count[0]);
            } finally {
                lock.unlock();
            }
        };
        Runnable decrement = () -> {
            lock.lock();
            try {
                count[0]--;
                System.out.printf("Decrementing: %d%n", count[0]);
            } finally {
                lock.unlock();
            }
        };
        WaitGroup arithmetic = new WaitGroup();
        for (int i = 0; i <= 5; i++) {
            arithmetic.go(increment);
        }
        for (int i = 0; i <= 5; i++) {
            arithmetic.go(decrement);
        }
        arithmetic.await();
        System.out.println("Arithmetic complete.");
    }

    static void rwMutex() {
        System.out.println("== RWMutex");
        System.out.printf("%-8s %-14s %s%n", "Readers", "RWMutex", "Mutex");
        RWMutex m = new RWMutex();
        for (int i = 0; i < 12; i++) {
            int count = 1 << i;
            Duration rw = test(count, m, m.rLocker());
            Duration mu = test(count, m, m);
            System.out.printf("%-8d %-14s %s%n", count, ms(rw), ms(mu));
        }
    }

    private static String ms(Duration d) {
        return String.format("%.3fms", d.toNanos() / 1e6);
    }

    private static Duration test(int count, Locker mutex, Locker rwMutex) {
        WaitGroup wg = new WaitGroup();
        wg.add(count + 1);
        Instant begin = Time.now();
        Go.spawn(() -> {                                    // producer
            try {
                for (int i = 5; i > 0; i--) {
                    mutex.lock();
                    mutex.unlock();
                    Go.sleep(Duration.ofNanos(1));
                }
            } finally {
                wg.done();
            }
        });
        for (int i = count; i > 0; i--) {
            Go.spawn(() -> {                                // observer
                try {
                    rwMutex.lock();
                    rwMutex.unlock();
                } finally {
                    wg.done();
                }
            });
        }
        wg.await();
        return Duration.between(begin, Time.now());
    }

    static void condQueue() {
        System.out.println("== Cond queue");
        Cond c = new Cond(new Mutex());
        int[] queueLen = {0};
        WaitGroup removers = new WaitGroup();
        for (int i = 0; i < 10; i++) {
            c.locker().lock();
            while (queueLen[0] == 2) {
                c.await();
            }
            System.out.println("Adding to queue");
            queueLen[0]++;
            removers.go(() -> {                             // removeFromQueue(1ms)
                Go.sleep(Duration.ofMillis(1));
                c.locker().lock();
                queueLen[0]--;
                System.out.println("Removed from queue");
                c.locker().unlock();
                c.signal();
            });
            c.locker().unlock();
        }
        removers.await();
    }

    static void condButton() {
        System.out.println("== Cond button");
        Cond clicked = new Cond(new Mutex());               // Button{Clicked: sync.NewCond(&sync.Mutex{})}
        WaitGroup handlers = new WaitGroup();
        java.util.function.BiConsumer<Cond, Runnable> subscribe = (c, fn) -> {
            WaitGroup goroutineRunning = new WaitGroup();
            goroutineRunning.add(1);
            handlers.go(() -> {
                c.locker().lock();
                try {
                    goroutineRunning.done();                // under c.L: see the class comment
                    c.await();
                    fn.run();
                } finally {
                    c.locker().unlock();
                }
            });
            goroutineRunning.await();
        };
        WaitGroup clickRegistered = new WaitGroup();
        clickRegistered.add(3);
        subscribe.accept(clicked, () -> {
            System.out.println("Maximizing window.");
            clickRegistered.done();
        });
        subscribe.accept(clicked, () -> {
            System.out.println("Displaying annoying dialog box!");
            clickRegistered.done();
        });
        subscribe.accept(clicked, () -> {
            System.out.println("Mouse clicked.");
            clickRegistered.done();
        });
        clicked.locker().lock();                            // every handler is in Wait once we hold L
        clicked.broadcast();
        clicked.locker().unlock();
        clickRegistered.await();
        handlers.await();
    }

    static void once() {
        System.out.println("== Once");
        AtomicInteger count = new AtomicInteger();
        Once once = new Once();
        WaitGroup increments = new WaitGroup();
        for (int i = 0; i < 100; i++) {
            increments.go(() -> once.doOnce(count::incrementAndGet));
        }
        increments.await();
        System.out.printf("Count is %d%n", count.get());
        int[] c = {0};
        Once o = new Once();
        o.doOnce(() -> c[0]++);
        o.doOnce(() -> c[0]--);
        System.out.printf("Count: %d%n", c[0]);
    }

    static void pool() {
        System.out.println("== Pool");
        // Run in one goroutine, as Go's main is one: a pool caches per carrier, like Go's per-P cache.
        WaitGroup g = new WaitGroup();
        g.go(() -> {
            Pool<Object> myPool = new Pool<>(() -> {
                System.out.println("Creating new instance.");
                return new Object();
            });
            myPool.get();
            Object instance = myPool.get();
            myPool.put(instance);
            myPool.get();
        });
        g.await();

        AtomicInteger numCalcsCreated = new AtomicInteger();
        Pool<byte[]> calcPool = new Pool<>(() -> {
            numCalcsCreated.incrementAndGet();
            return new byte[1024];
        });
        for (int i = 0; i < 4; i++) {
            calcPool.put(new byte[1024]);
        }
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 1024; i++) {
            wg.go(() -> {
                byte[] mem = calcPool.get();
                calcPool.put(mem);
            });
        }
        wg.await();
        System.out.printf("%d calculators were created.%n", numCalcsCreated.get() + 4);

        int requests = 10;
        AtomicInteger connections = new AtomicInteger();
        java.util.function.Supplier<Object> connectToService = () -> {
            Go.sleep(Duration.ofMillis(10));                // the book's time.Sleep(1 * time.Second)
            connections.incrementAndGet();
            return new Object();
        };
        Instant start = Time.now();
        for (int i = 0; i < requests; i++) {
            connectToService.get();                        // the book's startNetworkDaemon, per request
        }
        Duration without = Duration.between(start, Time.now());
        int made = connections.getAndSet(0);
        Pool<Object> connPool = new Pool<>(connectToService);
        for (int i = 0; i < 10; i++) {                     // warmServiceConnCache
            connPool.put(connectToService.get());
        }
        int warmed = connections.getAndSet(0);
        start = Time.now();
        WaitGroup served = new WaitGroup();
        served.go(() -> {
            for (int i = 0; i < requests; i++) {
                Object conn = connPool.get();
                connPool.put(conn);
            }
        });
        served.await();
        Duration with = Duration.between(start, Time.now());
        System.out.printf("without a pool: %d requests made %d connections, took at least 100ms: %b%n",
                requests, made, without.toMillis() >= 100);
        System.out.printf("with a pool warmed with %d: the requests made %d new ones%n", warmed, connections.get());
        System.out.println("pooled requests were faster: " + (with.compareTo(without) < 0));
    }
}
