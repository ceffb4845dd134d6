package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.sched.GState;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@link Go} facade: ids, current goroutine, states and wait reasons, sleep, yield, names, counts. */
class GoTest {

    /** Bounded wait: fails rather than hangs; not a substitute for synchronisation. */
    static void until(String what, BooleanSupplier c) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            Thread.yield();
        }
    }

    static void await(CountDownLatch l) {
        try {
            assertTrue(l.await(20, TimeUnit.SECONDS), "timed out on a latch");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void idIsZeroOnAPlatformThreadAndTheGoroutinesIdInside() {
        assertEquals(0, Go.id());
        assertNull(Go.current());
        AtomicLong inside = new AtomicLong(-1);
        AtomicReference<Goroutine> cur = new AtomicReference<>();
        Goroutine g = Go.spawn(() -> {
            inside.set(Go.id());
            cur.set(Go.current());
        });
        g.join();
        assertEquals(g.id(), inside.get());
        assertTrue(g.id() > 0);
        assertSame(g, cur.get());
        assertEquals(g.thread().threadId(), g.id());
        // A plain virtual thread of the JDK is no goroutine either.
        AtomicLong inVthread = new AtomicLong(-1);
        try {
            Thread.ofVirtual().start(() -> inVthread.set(Go.id())).join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, inVthread.get());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void distinctGoroutinesHaveDistinctIds() {
        int n = 10_000;
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Go.spawn(() -> {
                ids.add(Go.id());
                done.countDown();
            });
        }
        await(done);
        assertEquals(n, ids.size());
        assertTrue(ids.stream().allMatch(id -> id > 0));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void childKnowsItsParent() {
        AtomicReference<Goroutine> child = new AtomicReference<>();
        Goroutine parent = Go.spawn(() -> child.set(Go.spawn(() -> { })));
        parent.join();
        child.get().join();
        assertEquals(parent.id(), child.get().parentId());
        assertEquals(0, parent.parentId());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void sleepOfZeroOrLessReturnsAtOnce() {
        AtomicReference<GState> during = new AtomicReference<>();
        Goroutine g = Go.spawn(() -> {
            Thread.currentThread().interrupt();                  // would make a real sleep throw
            Go.sleep(Duration.ZERO);
            Go.sleep(Duration.ofSeconds(-5));
            during.set(Go.current().state());
            assertTrue(Thread.interrupted(), "the interrupt status is untouched");
        });
        g.join();
        assertEquals(GState.RUNNING, during.get());
        // and on a platform thread
        long t0 = System.nanoTime();
        Go.sleep(Duration.ZERO);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void sleepRecordsItsWaitReasonAndAnInterruptThrowsKeepingTheStatus() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean statusKept = new AtomicBoolean();
        AtomicReference<GState> after = new AtomicReference<>();
        AtomicReference<WaitReason> reasonAfter = new AtomicReference<>();
        Goroutine g = Go.spawn("sleeper", () -> {
            try {
                Go.sleep(Duration.ofSeconds(30));
            } catch (Throwable t) {
                thrown.set(t);
                statusKept.set(Thread.currentThread().isInterrupted());
            }
            after.set(Go.current().state());
            reasonAfter.set(Go.current().waitReason());
        });
        until("the sleeper to be WAITING", () -> g.state() == GState.WAITING);
        assertEquals(WaitReason.SLEEP, g.waitReason());
        assertEquals("sleep", g.waitReason().toString());
        assertTrue(g.toString().contains("[sleep]"), g.toString());
        assertTrue(g.waitSinceNanos() <= System.nanoTime());
        until("the sleeper's thread to park", () -> g.thread().getState() == Thread.State.TIMED_WAITING);
        g.thread().interrupt();
        g.join();
        assertTrue(thrown.get() instanceof GoInterruptedException, "thrown: " + thrown.get());
        assertTrue(thrown.get().getCause() instanceof InterruptedException);
        assertTrue(statusKept.get(), "the interrupt status is set again");
        assertEquals(GState.RUNNING, after.get(), "the wait ended");
        assertEquals(WaitReason.NONE, reasonAfter.get());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void sleepOnAPlatformThreadIsInterruptibleToo() {
        Thread.currentThread().interrupt();
        assertThrows(GoInterruptedException.class, () -> Go.sleep(Duration.ofSeconds(30)));
        assertTrue(Thread.interrupted(), "status kept, and cleared here");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void sleepSleepsAtLeastTheDuration() {
        AtomicLong slept = new AtomicLong();
        Go.spawn(() -> {
            long t0 = System.nanoTime();
            Go.sleep(Duration.ofMillis(20));
            slept.set(System.nanoTime() - t0);
        }).join();
        assertTrue(slept.get() >= TimeUnit.MILLISECONDS.toNanos(20), "slept " + slept);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void stateIsRunningInsideAndDeadAfterJoin() {
        AtomicReference<GState> inside = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        Goroutine g = Go.spawn(() -> {
            inside.set(Go.current().state());
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        until("the goroutine to start", () -> inside.get() != null);
        assertEquals(GState.RUNNING, inside.get());
        assertTrue(g.isAlive());
        assertTrue(Goroutine.all().contains(g));
        release.countDown();
        g.join();
        assertEquals(GState.DEAD, g.state());
        assertTrue(!g.isAlive());
        assertTrue(!Goroutine.all().contains(g), "a dead goroutine leaves the registry");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void joinRecordsItsWaitReason() {
        CountDownLatch release = new CountDownLatch(1);
        Goroutine child = Go.spawn(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        Goroutine joiner = Go.spawn(child::join);
        until("the joiner to wait", () -> joiner.state() == GState.WAITING);
        assertEquals(WaitReason.JOIN, joiner.waitReason());
        release.countDown();
        joiner.join();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void namedGoroutinesShowTheirName() {
        AtomicReference<String> threadName = new AtomicReference<>();
        Goroutine g = Go.spawn("worker-1", () -> threadName.set(Thread.currentThread().getName()));
        g.join();
        assertEquals("worker-1", g.name());
        assertEquals("worker-1", threadName.get());
        assertTrue(g.toString().startsWith("goroutine " + g.id() + " \"worker-1\" ["), g.toString());
        Goroutine anon = Go.spawn(() -> { });
        anon.join();
        assertEquals("", anon.name());
        assertEquals("goroutine " + anon.id() + " [dead]", anon.toString());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void numGoroutineCountsLiveGoroutines() {
        int base = Go.numGoroutine();
        int n = 50;
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        List<Goroutine> gs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            gs.add(Go.spawn(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        await(started);
        assertEquals(base + n, Go.numGoroutine());
        release.countDown();
        gs.forEach(Goroutine::join);
        until("the count back to its baseline", () -> Go.numGoroutine() == base);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void yieldLetsAnotherGoroutineRun() {
        // With Go.maxProcs() carriers all spinning on Go.yield(), one more goroutine still runs.
        int spinners = Go.maxProcs();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(spinners);
        List<Goroutine> gs = new java.util.ArrayList<>();
        for (int i = 0; i < spinners; i++) {
            gs.add(Go.spawn(() -> {
                spinning.countDown();
                while (!stop.get()) {
                    Go.yield();
                }
            }));
        }
        await(spinning);
        Go.spawn(() -> stop.set(true));
        gs.forEach(Goroutine::join);
        assertTrue(stop.get());
        Go.yield();                                             // on a platform thread: Thread.yield
    }

    @Test
    void maxProcsAndTheDefaultScheduler() {
        assertTrue(Go.maxProcs() >= 1);
        assertEquals(Go.maxProcs(), Go.scheduler().parallelism());
        assertEquals("workstealing", Go.scheduler().kind());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void gomaxprocsFromTheEnvironment() {
        ForkedJvm.Result r = ForkedJvm.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"),
                Map.of("GOMAXPROCS", "3"), MaxProcsMain.class);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("maxProcs=3 parallelism=3 kind=workstealing carriers=3"), r.out().lines().toList(), r::toString);
        // The property wins over the environment; a bad environment value is ignored.
        ForkedJvm.Result p = ForkedJvm.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgort.maxprocs=2"),
                Map.of("GOMAXPROCS", "3"), MaxProcsMain.class);
        assertEquals(List.of("maxProcs=2 parallelism=2 kind=workstealing carriers=2"), p.out().lines().toList(), p::toString);
        ForkedJvm.Result bad = ForkedJvm.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"),
                Map.of("GOMAXPROCS", "lots"), MaxProcsMain.class);
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(List.of("maxProcs=" + cores + " parallelism=" + cores + " kind=workstealing carriers=" + cores),
                bad.out().lines().toList(), bad::toString);
    }
}
