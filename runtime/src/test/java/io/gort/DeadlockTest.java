package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.sched.DeadlockException;
import io.gort.sched.GState;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.sync.Mutex;
import io.gort.sync.Semaphore;
import io.gort.sync.WaitGroup;
import io.gort.testutil.Waits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deadlock detector ({@link Deadlocks}): each deadlock shape is found, each look-alike that is
 * not a deadlock is not. The "main" of a whole-program deadlock is a non-daemon platform thread of
 * the test ({@link FakeMain}); JUnit's own thread runs {@link Deadlocks#check()}, which does not
 * count its caller. Each negative test then removes what kept it from being a deadlock and shows
 * that the same shape is now found, so a null from check() means what the test says.
 *
 * <p>Runs in a JVM of its own (the runtime pom's {@code deadlock} execution): a goroutine or a timer
 * left behind by another test class would hide every whole-program deadlock here. No JUnit
 * {@code @Timeout}: its watcher is a non-daemon thread, which would (rightly) keep the detector from
 * calling anything a whole-program deadlock; every wait here is bounded instead ({@link Waits#LONG}).
 */
class DeadlockTest {
    private final List<DeadlockReport> reports = new CopyOnWriteArrayList<>();
    private Deadlocks.Policy previousPolicy;
    private Consumer<DeadlockReport> previousHandler;

    @BeforeEach
    void capture() {
        previousPolicy = Deadlocks.setPolicy(Deadlocks.Policy.REPORT);
        previousHandler = Deadlocks.setHandler(reports::add);
    }

    @AfterEach
    void restore() {
        Deadlocks.setPolicy(previousPolicy);
        Deadlocks.setHandler(previousHandler);
    }

    /** A non-daemon platform thread standing in for a program's main. */
    private static final class FakeMain {
        final Thread thread;
        final AtomicReference<Throwable> thrown = new AtomicReference<>();

        FakeMain(Runnable body) {
            thread = Thread.ofPlatform().daemon(false).name("fake-main").start(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
        }

        void awaitWaiting(WaitReason reason) {
            Waits.until("fake main waits for " + reason, () -> {
                Goroutine r = Goroutine.ofThread(thread);
                return r != null && r.isForeign() && r.state() == GState.WAITING && r.waitReason() == reason;
            });
        }

        void join() throws InterruptedException {
            assertTrue(thread.join(Waits.LONG), "fake main did not finish");
        }
    }

    private static void join(Goroutine g) throws InterruptedException {
        assertTrue(g.thread().join(Waits.LONG), () -> g + " did not finish\n" + Waits.dump());
    }

    private static void awaitWaiting(Goroutine g, WaitReason reason) {
        Waits.until(g + " waits for " + reason, () -> g.state() == GState.WAITING && g.waitReason() == reason);
    }

    /**
     * Calls check() until it finds something (bounded), or the background detector reported it
     * first (it looks too: under the throw policy it may resolve a Mutex cycle before check() does).
     */
    private DeadlockReport detect() {
        long deadline = System.nanoTime() + Waits.LONG.toNanos();
        for (;;) {
            DeadlockReport r = Deadlocks.check();
            if (r != null) {
                return r;
            }
            if (!reports.isEmpty()) {
                return reports.get(0);
            }
            if (System.nanoTime() - deadline > 0) {
                fail("no deadlock found in " + Waits.LONG + "; non-daemon threads: "
                        + Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isDaemon())
                                .map(t -> t.getName() + "=" + Goroutine.ofThread(t)).toList()
                        + "; foreign waiters: " + Goroutine.foreignWaiters() + "\n" + Waits.dump());
            }
        }
    }

    private static void assertNotDetected() {
        // Three looks, each with its own confirmation: a shape that is not a deadlock stays so.
        for (int i = 0; i < 3; i++) {
            DeadlockReport r = Deadlocks.check();
            assertNull(r, () -> "reported a deadlock that is not one:\n" + r);
        }
    }

    // ---- deadlocks -------------------------------------------------------------------------------

    @Test
    void channelDeadlockIsFound() throws InterruptedException {
        Chan<Integer> c = Chan.make();
        Chan<Integer> never = Chan.make();
        Goroutine g = Go.spawn("worker", () -> {
            Integer v = never.recv();
            if (v != null) {
                c.send(v);
            }
        });
        FakeMain main = new FakeMain(c::recv);
        awaitWaiting(g, WaitReason.CHAN_RECEIVE);
        main.awaitWaiting(WaitReason.CHAN_RECEIVE);

        DeadlockReport r = detect();

        assertEquals(DeadlockReport.Kind.ALL_ASLEEP, r.kind());
        assertEquals("fatal error: all goroutines are asleep - deadlock!", r.headline());
        assertTrue(r.text().contains("thread \"fake-main\" [chan receive]:"), r.text());
        assertTrue(r.text().contains("goroutine " + g.id() + " \"worker\" [chan receive]:"), r.text());
        assertTrue(r.goroutines().contains(g), r.toString());
        assertEquals(List.of(main.thread), r.threads().stream().map(Goroutine::thread).toList());
        assertEquals(1, reports.size(), "reported once to the handler");
        assertNotNull(Deadlocks.check(), "still found");
        assertEquals(1, reports.size(), "the same deadlock is not reported twice");

        never.close();
        c.close();
        main.join();
        join(g);
    }

    @Test
    void selectDeadlockIsFound() throws InterruptedException {
        Chan<Integer> a = Chan.make(), b = Chan.make(), out = Chan.make(), d = Chan.make();
        Goroutine g = Go.spawn("selector", () -> Select.select(a.onRecv(v -> 1), b.onRecv(v -> 2)));
        FakeMain main = new FakeMain(() -> Select.select(out.onRecv(v -> 0), d.onSend(7, () -> 0)));
        awaitWaiting(g, WaitReason.SELECT);
        main.awaitWaiting(WaitReason.SELECT);

        DeadlockReport r = detect();

        assertEquals(DeadlockReport.Kind.ALL_ASLEEP, r.kind());
        assertTrue(r.text().contains("thread \"fake-main\" [select]:"), r.text());
        assertTrue(r.text().contains("goroutine " + g.id() + " \"selector\" [select]:"), r.text());
        out.close();
        a.close();
        main.join();
        join(g);
    }

    @Test
    void waitGroupNeverDoneIsFound() throws InterruptedException {
        WaitGroup wg = new WaitGroup();
        Chan<Integer> block = Chan.make();
        wg.add(1);
        Goroutine g = Go.spawn(() -> {
            block.recv();
            wg.done();
        });
        FakeMain main = new FakeMain(wg::await);
        awaitWaiting(g, WaitReason.CHAN_RECEIVE);
        main.awaitWaiting(WaitReason.WAIT_GROUP);

        DeadlockReport r = detect();

        assertEquals(DeadlockReport.Kind.ALL_ASLEEP, r.kind());
        assertTrue(r.text().contains("thread \"fake-main\" [sync.WaitGroup.Wait]:"), r.text());
        block.close();
        main.join();
        join(g);
    }

    /** The seed notes' printSum shape: two goroutines lock two Mutexes in opposite orders. */
    private record Crossed(Goroutine first, Goroutine second, Mutex a, Mutex b,
                           AtomicReference<Throwable> firstThrew, AtomicReference<Throwable> secondThrew) { }

    private Crossed crossLocks() {
        Mutex a = new Mutex(), b = new Mutex();
        WaitGroup bothHold = new WaitGroup();
        bothHold.add(2);
        AtomicReference<Throwable> t1 = new AtomicReference<>(), t2 = new AtomicReference<>();
        Goroutine g1 = Go.spawn("sum-a-b", () -> lockBoth(a, b, bothHold, t1));
        Goroutine g2 = Go.spawn("sum-b-a", () -> lockBoth(b, a, bothHold, t2));
        awaitWaiting(g1, WaitReason.MUTEX_LOCK);
        awaitWaiting(g2, WaitReason.MUTEX_LOCK);
        return new Crossed(g1, g2, a, b, t1, t2);
    }

    private static void lockBoth(Mutex first, Mutex second, WaitGroup rendezvous, AtomicReference<Throwable> thrown) {
        first.lock();
        try {
            rendezvous.done();
            rendezvous.await();              // both hold their first lock: the cycle is certain
            second.lock();
            second.unlock();
        } catch (DeadlockException e) {
            thrown.set(e);
        } finally {
            first.unlock();
        }
    }

    @Test
    void mutexCycleIsFound() throws InterruptedException {
        Crossed x = crossLocks();

        DeadlockReport r = detect();

        assertEquals(DeadlockReport.Kind.MUTEX_CYCLE, r.kind());
        assertTrue(r.headline().contains("2 goroutines wait in a cycle for sync.Mutexes"), r.text());
        assertTrue(r.text().contains("goroutine " + x.first().id() + " waits for sync.Mutex@"), r.text());
        assertTrue(r.text().contains("held by goroutine " + x.second().id()), r.text());
        assertTrue(r.goroutines().containsAll(List.of(x.first(), x.second())), r.toString());
        assertNotNull(r.victim());
        // Resolve it as the throw policy would (that path is tested below): the victim gives up.
        assertTrue(r.victim().armDeadlock(new DeadlockException("test: resolve"), r.victim().waitSinceNanos()));
        join(x.first());
        join(x.second());
        assertTrue(x.firstThrew().get() != null ^ x.secondThrew().get() != null, "exactly one victim");
    }

    @Test
    void aVictimLeavesItsMutexUsableForTheOtherWaiters() throws InterruptedException {
        Deadlocks.setPolicy(Deadlocks.Policy.THROW);
        Crossed x = crossLocks();
        // More waiters queue behind both Mutexes: the victim's exit must not strand any of them.
        AtomicInteger done = new AtomicInteger();
        List<Goroutine> queued = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Mutex m = i % 2 == 0 ? x.a() : x.b();
            Goroutine q = Go.spawn(() -> {
                m.lock();
                done.incrementAndGet();
                m.unlock();
            });
            queued.add(q);
            awaitWaiting(q, WaitReason.MUTEX_LOCK);
        }

        DeadlockReport r = detect();

        assertEquals(DeadlockReport.Kind.MUTEX_CYCLE, r.kind());
        join(x.first());
        join(x.second());
        for (Goroutine q : queued) {
            join(q);
        }
        assertEquals(6, done.get());
        assertTrue(x.firstThrew().get() != null ^ x.secondThrew().get() != null, "exactly one victim");
        assertTrue(x.a().tryLock() && x.b().tryLock(), "both mutexes end unlocked");
    }

    @Test
    void mutexLockedTwiceByOneGoroutineIsFound() throws InterruptedException {
        Mutex m = new Mutex();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Goroutine g = Go.spawn(() -> {
            m.lock();
            try {
                m.lock();                     // Go: "a goroutine that locks it twice deadlocks"
            } catch (DeadlockException e) {
                thrown.set(e);
            } finally {
                m.unlock();
            }
        });
        awaitWaiting(g, WaitReason.MUTEX_LOCK);
        Deadlocks.setPolicy(Deadlocks.Policy.THROW);

        DeadlockReport r = detect();

        assertEquals(DeadlockReport.Kind.MUTEX_CYCLE, r.kind());
        assertTrue(r.headline().contains("a goroutine waits for a sync.Mutex it holds itself"), r.text());
        join(g);
        assertInstanceOf(DeadlockException.class, thrown.get());
        assertTrue(m.tryLock(), "the victim's finally unlocked it");
    }

    // ---- not deadlocks ---------------------------------------------------------------------------

    @Test
    void pendingTimerIsNotADeadlock() throws InterruptedException {
        Timer hour = Time.newTimer(Duration.ofHours(1));
        Chan<Integer> c = Chan.make(), quit = Chan.make();
        Goroutine g = Go.spawn(() -> Select.select(quit.onRecv(v -> 0), hour.c().onRecv(v -> 1)));
        FakeMain main = new FakeMain(c::recv);
        awaitWaiting(g, WaitReason.SELECT);
        main.awaitWaiting(WaitReason.CHAN_RECEIVE);

        assertNotDetected();
        assertTrue(hour.stop());
        assertEquals(DeadlockReport.Kind.ALL_ASLEEP, detect().kind(), "without the timer it is one");

        quit.close();
        c.close();
        main.join();
        join(g);
    }

    @Test
    void goroutineInSocketIoIsNotADeadlock() throws Exception {
        Chan<Integer> c = Chan.make();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch reading = new CountDownLatch(1);
            Goroutine g = Go.spawn("reader", () -> {
                try (Socket s = server.accept()) {
                    reading.countDown();
                    s.getInputStream().read();            // blocked in socket I/O: RUNNING to gort
                } catch (IOException e) {
                    // closed by the test
                }
            });
            try (Socket client = new Socket(server.getInetAddress(), server.getLocalPort())) {
                assertTrue(reading.await(Waits.LONG.toSeconds(), TimeUnit.SECONDS));
                Waits.until("the reader parks in read", () -> g.thread().getState() == Thread.State.WAITING);
                FakeMain main = new FakeMain(c::recv);
                main.awaitWaiting(WaitReason.CHAN_RECEIVE);

                assertNotDetected();
                assertEquals(GState.RUNNING, g.state());
                client.close();                             // the reader sees EOF and ends
                join(g);
                assertEquals(DeadlockReport.Kind.ALL_ASLEEP, detect().kind(), "without the reader it is one");
                c.close();
                main.join();
            }
        }
    }

    @Test
    void goroutineParkedByLockSupportIsNotADeadlock() throws InterruptedException {
        Chan<Integer> c = Chan.make();
        AtomicInteger go = new AtomicInteger();
        Goroutine g = Go.spawn(() -> {
            while (go.get() == 0) {
                LockSupport.park();
            }
        });
        Waits.until("the goroutine parks", () -> g.thread().getState() == Thread.State.WAITING);
        FakeMain main = new FakeMain(c::recv);
        main.awaitWaiting(WaitReason.CHAN_RECEIVE);

        assertNotDetected();
        go.set(1);
        LockSupport.unpark(g.thread());
        join(g);
        assertEquals(DeadlockReport.Kind.ALL_ASLEEP, detect().kind(), "without it, main alone is one");
        c.close();
        main.join();
    }

    @Test
    void sleepingGoroutineIsNotADeadlock() throws InterruptedException {
        Chan<Integer> c = Chan.make();
        Goroutine g = Go.spawn(() -> {
            try {
                Go.sleep(Duration.ofHours(1));
            } catch (GoInterruptedException e) {
                // woken by the test
            }
        });
        FakeMain main = new FakeMain(c::recv);
        awaitWaiting(g, WaitReason.SLEEP);
        main.awaitWaiting(WaitReason.CHAN_RECEIVE);

        assertNotDetected();
        g.thread().interrupt();
        join(g);
        assertEquals(DeadlockReport.Kind.ALL_ASLEEP, detect().kind());
        c.close();
        main.join();
    }

    @Test
    void timedSemaphoreWaitIsNotADeadlock() throws InterruptedException {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        Chan<Integer> c = Chan.make();
        AtomicReference<Boolean> got = new AtomicReference<>();
        Goroutine g = Go.spawn(() -> got.set(sem.acquire(1, Duration.ofHours(1))));
        FakeMain main = new FakeMain(c::recv);
        awaitWaiting(g, WaitReason.SEMACQUIRE);
        main.awaitWaiting(WaitReason.CHAN_RECEIVE);

        assertNotDetected();
        sem.release(1);
        join(g);
        assertEquals(Boolean.TRUE, got.get());
        assertEquals(DeadlockReport.Kind.ALL_ASLEEP, detect().kind());
        c.close();
        main.join();
    }

    @Test
    void runningNonDaemonThreadIsNotADeadlock() throws InterruptedException {
        Chan<Integer> c = Chan.make(), never = Chan.make();
        Goroutine g = Go.spawn(never::recv);
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = Thread.ofPlatform().daemon(false).name("busy").start(() -> {
            try {
                release.await();                      // a thread gort cannot see into: it may still act
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        FakeMain main = new FakeMain(c::recv);
        awaitWaiting(g, WaitReason.CHAN_RECEIVE);
        main.awaitWaiting(WaitReason.CHAN_RECEIVE);

        assertNotDetected();
        release.countDown();
        assertTrue(worker.join(Waits.LONG));
        DeadlockReport r = detect();
        assertEquals(DeadlockReport.Kind.ALL_ASLEEP, r.kind());
        c.close();
        never.close();
        main.join();
        join(g);
    }

    @Test
    void offPolicyChecksNothing() throws InterruptedException {
        Chan<Integer> c = Chan.make();
        FakeMain main = new FakeMain(c::recv);
        main.awaitWaiting(WaitReason.CHAN_RECEIVE);
        Deadlocks.setPolicy(Deadlocks.Policy.OFF);
        assertNull(Deadlocks.check());
        Deadlocks.setPolicy(Deadlocks.Policy.REPORT);
        assertNotNull(detect(), "main alone in a receive on a channel nobody has is a deadlock");
        c.close();
        main.join();
    }

    // ---- the throw policy ------------------------------------------------------------------------

    @Test
    void throwPolicyThrowsInTheWaitingMain() throws InterruptedException {
        Chan<Integer> c = Chan.make();
        Chan<Integer> never = Chan.make();
        Goroutine g = Go.spawn("stuck", never::recv);
        FakeMain main = new FakeMain(c::recv);
        awaitWaiting(g, WaitReason.CHAN_RECEIVE);
        main.awaitWaiting(WaitReason.CHAN_RECEIVE);
        Deadlocks.setPolicy(Deadlocks.Policy.THROW);

        DeadlockReport r = detect();
        main.join();

        DeadlockException e = assertInstanceOf(DeadlockException.class, main.thrown.get());
        assertTrue(e.getMessage().startsWith("all goroutines are asleep - deadlock!"), e.getMessage());
        assertTrue(e.getMessage().contains("thread \"fake-main\" [chan receive]:"), e.getMessage());
        assertTrue(e.getMessage().contains("goroutine " + g.id() + " \"stuck\" [chan receive]:"), e.getMessage());
        assertTrue(!main.thread.isInterrupted(), "the detector's interrupt is not left behind");
        assertSame(DeadlockReport.Kind.ALL_ASLEEP, r.kind());
        assertEquals(GState.WAITING, g.state(), "goroutines are not thrown at, only the waiting main");
        never.close();
        join(g);
    }

    @Test
    void throwPolicyMakesTheYoungestMutexWaiterTheVictim() throws InterruptedException {
        Deadlocks.setPolicy(Deadlocks.Policy.THROW);
        Crossed x = crossLocks();

        DeadlockReport r = detect();
        join(x.first());
        join(x.second());

        assertEquals(DeadlockReport.Kind.MUTEX_CYCLE, r.kind());
        Goroutine victim = r.victim();
        Goroutine other = victim == x.first() ? x.second() : x.first();
        AtomicReference<Throwable> victimThrew = victim == x.first() ? x.firstThrew() : x.secondThrew();
        AtomicReference<Throwable> otherThrew = victim == x.first() ? x.secondThrew() : x.firstThrew();
        assertInstanceOf(DeadlockException.class, victimThrew.get());
        assertNull(otherThrew.get(), other + " completed both locks");
        assertTrue(victimThrew.get().getMessage().contains("is the victim"), victimThrew.get().getMessage());
        assertTrue(x.a().tryLock() && x.b().tryLock(), "both mutexes were unlocked");
    }
}
