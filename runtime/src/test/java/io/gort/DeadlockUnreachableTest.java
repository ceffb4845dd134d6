package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.sync.Mutex;
import io.gort.testutil.Waits;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Goroutines blocked forever on something no live goroutine can reach: gort holds goroutines
 * weakly under {@code -Djdk.trackAllThreads=false} (the runtime pom's {@code deadlock-weak}
 * execution runs this class so), the GC collects such a goroutine, and the detector reports it
 * (Go 1.26's goroutine-leak profile finds the same goroutines). The test calls {@link System#gc()}
 * in a bounded loop until the report comes.
 */
@Timeout(60)
class DeadlockUnreachableTest {
    private final List<DeadlockReport> reports = new CopyOnWriteArrayList<>();
    private Consumer<DeadlockReport> previousHandler;
    private Deadlocks.Policy previousPolicy;

    @BeforeAll
    static void weakRegistry() {
        assertTrue(Goroutine.weakRegistry(), "run with -Djdk.trackAllThreads=false (the deadlock-weak execution)");
    }

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

    /** Spawns a goroutine that receives from a channel only it knows; returns its id once it waits. */
    private static long leakOnAPrivateChannel() {
        Chan<Integer> c = Chan.make();
        Goroutine g = Go.spawn("leaked", c::recv);
        Waits.until("the goroutine waits", () -> g.state() == GState.WAITING && g.waitReason() == WaitReason.CHAN_RECEIVE);
        return g.id();
    }

    /** Runs the GC until a report names goroutine {@code id} (bounded). */
    private Goroutine.Collected awaitCollected(long id) {
        long deadline = System.nanoTime() + Waits.LONG.toNanos();
        while (System.nanoTime() - deadline < 0) {
            System.gc();
            Deadlocks.check();                        // reports what was collected (to the handler)
            for (DeadlockReport r : reports) {
                for (Goroutine.Collected c : r.collected()) {
                    if (c.id() == id) {
                        assertEquals(DeadlockReport.Kind.UNREACHABLE, r.kind());
                        return c;
                    }
                }
            }
        }
        fail("goroutine " + id + " was not reported as collected; reports: " + reports + "\n" + Waits.dump());
        return null;
    }

    private boolean reported(long id) {
        return reports.stream().flatMap(r -> r.collected().stream()).anyMatch(c -> c.id() == id);
    }

    @Test
    void goroutineBlockedOnAnUnreachableChannelIsReported() {
        long id = leakOnAPrivateChannel();

        Goroutine.Collected c = awaitCollected(id);

        assertEquals(WaitReason.CHAN_RECEIVE, c.waitReason());
        assertEquals("leaked", c.name());
        String text = reports.stream().filter(r -> r.collected().contains(c)).findFirst().orElseThrow().text();
        assertTrue(text.contains("goroutine " + id + " \"leaked\" [chan receive]: blocked forever on a chan no live"
                + " goroutine can reach (collected by the GC)"), text);
        assertTrue(text.contains("created by io.gort.DeadlockUnreachableTest"), text);
        assertTrue(Goroutine.all().stream().noneMatch(g -> g.id() == id), "gone from the registry");
    }

    @Test
    void goroutineBlockedOnAnUnreachableMutexIsReported() {
        long id = lockedTwiceOnAPrivateMutex();
        Goroutine.Collected c = awaitCollected(id);
        assertEquals(WaitReason.MUTEX_LOCK, c.waitReason());
        assertEquals("io.gort.sync.Mutex", c.waitingOnClass());
    }

    private static long lockedTwiceOnAPrivateMutex() {
        Mutex m = new Mutex();
        m.lock();                                     // held by the test thread, which then forgets it
        Goroutine g = Go.spawn(m::lock);
        Waits.until("the goroutine waits", () -> g.state() == GState.WAITING);
        return g.id();
    }

    @Test
    void goroutineOnAReachableChannelIsNotReported() throws InterruptedException {
        Chan<Integer> c = Chan.make();
        Goroutine g = Go.spawn(c::recv);
        long id = g.id();
        Waits.until("the goroutine waits", () -> g.state() == GState.WAITING);
        long leaked = leakOnAPrivateChannel();
        awaitCollected(leaked);                       // the GC has run and the detector has looked

        assertFalse(reported(id), "a goroutine whose channel is reachable is not collected");
        assertTrue(Goroutine.all().contains(g), "all() lists it in weak mode");
        assertTrue(Go.dump().contains("goroutine " + id + " [chan receive]:"), "and the dump shows it");
        c.send(1);
        g.join();
    }

    @Test
    void finishedGoroutinesAreNotReported() throws InterruptedException {
        Goroutine g = Go.spawn(() -> { });
        long id = g.id();
        g.join();
        g = null;
        long leaked = leakOnAPrivateChannel();
        awaitCollected(leaked);
        assertFalse(reported(id));
    }
}
