package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JDK blocking calls park the goroutine, not the carrier (JDK 25, JEP 491): with a single
 * carrier, goroutine A blocks (sleep, socket read, ReentrantLock, synchronized, Object.wait) and
 * goroutine B, which can only run on that same carrier, is the one that releases A. B's carrier
 * is checked, so a rescue by a helper carrier of the monitor would not pass for success.
 */
class BlockingInteropTest {
    private Scheduler s;
    private final AtomicReference<String> releaserCarrier = new AtomicReference<>();

    @BeforeEach
    void oneCarrier() {
        s = Scheduler.workStealing(1);
    }

    @AfterEach
    void close() {
        s.close();
    }

    /** B's body: records its carrier, then releases A. */
    private Goroutine spawnReleaser(Runnable release) {
        return s.spawn("releaser", () -> {
            releaserCarrier.set(Loom.currentCarrier().getName());
            release.run();
        });
    }

    private void assertReleasedOnTheOnlyCarrier() {
        assertTrue(releaserCarrier.get().endsWith("-carrier-0"),
                "the releaser ran on the only carrier, not on a helper: " + releaserCarrier + ", " + s.stats());
    }

    private Thread spawnBlocked(Runnable body, CountDownLatch started) {
        AtomicReference<Thread> t = new AtomicReference<>();
        s.spawn("blocked", () -> {
            t.set(Thread.currentThread());
            started.countDown();
            body.run();
        });
        Await.latch("the blocking goroutine to start", started);
        Await.parked("the blocking goroutine", t.get());
        return t.get();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void sleepFreesTheCarrier() {
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicLong sleptNanos = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        Thread a = spawnBlocked(() -> {
            long t0 = System.nanoTime();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            sleptNanos.set(System.nanoTime() - t0);
            done.countDown();
        }, new CountDownLatch(1));
        spawnReleaser(a::interrupt);
        Await.latch("the sleeper to be interrupted", done);
        assertTrue(interrupted.get(), "the interrupt reached the sleeping goroutine");
        assertTrue(sleptNanos.get() < TimeUnit.SECONDS.toNanos(9), "woken early by the interrupt: " + sleptNanos);
        assertReleasedOnTheOnlyCarrier();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void socketReadFreesTheCarrier() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket accepted = server.accept()) {
                AtomicInteger read = new AtomicInteger(-2);
                CountDownLatch done = new CountDownLatch(1);
                spawnBlocked(() -> {
                    try (InputStream in = accepted.getInputStream()) {
                        read.set(in.read());
                    } catch (Exception e) {
                        read.set(-3);
                    }
                    done.countDown();
                }, new CountDownLatch(1));
                spawnReleaser(() -> {
                    try {
                        client.getOutputStream().write(42);
                        client.getOutputStream().flush();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                Await.latch("the reader to get the byte", done);
                assertEquals(42, read.get());
                assertReleasedOnTheOnlyCarrier();
            }
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void reentrantLockFreesTheCarrier() {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean acquired = new AtomicBoolean();
        // B takes the lock, spawns A, waits (yielding, so A can run) until A is parked in lock(), unlocks.
        s.spawn("holder", () -> {
            releaserCarrier.set(Loom.currentCarrier().getName());
            lock.lock();
            try {
                AtomicReference<Thread> a = new AtomicReference<>();
                s.spawn("blocked", () -> {
                    a.set(Thread.currentThread());
                    lock.lock();
                    acquired.set(true);
                    lock.unlock();
                    done.countDown();
                });
                Await.until("A to start", () -> a.get() != null);
                Await.parked("A", a.get());
                assertTrue(lock.hasQueuedThread(a.get()), "A waits for the lock");
            } finally {
                lock.unlock();
            }
        });
        Await.latch("A to get the lock", done);
        assertTrue(acquired.get());
        assertReleasedOnTheOnlyCarrier();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void synchronizedContentionFreesTheCarrier() {
        Object monitor = new Object();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Thread.State> stateSeen = new AtomicReference<>();
        s.spawn("holder", () -> {
            releaserCarrier.set(Loom.currentCarrier().getName());
            synchronized (monitor) {
                AtomicReference<Thread> a = new AtomicReference<>();
                s.spawn("blocked", () -> {
                    a.set(Thread.currentThread());
                    synchronized (monitor) {
                        done.countDown();
                    }
                });
                Await.until("A to start", () -> a.get() != null);
                Await.parked("A", a.get());
                stateSeen.set(a.get().getState());
            }
        });
        Await.latch("A to enter the monitor", done);
        assertEquals(Thread.State.BLOCKED, stateSeen.get(), "A was blocked on monitor entry");
        assertReleasedOnTheOnlyCarrier();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void objectWaitFreesTheCarrier() {
        Object monitor = new Object();
        AtomicBoolean flag = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        spawnBlocked(() -> {
            synchronized (monitor) {
                while (!flag.get()) {
                    try {
                        monitor.wait();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }
            done.countDown();
        }, new CountDownLatch(1));
        spawnReleaser(() -> {
            synchronized (monitor) {
                flag.set(true);
                monitor.notifyAll();
            }
        });
        Await.latch("the waiter to be notified", done);
        assertReleasedOnTheOnlyCarrier();
    }
}
