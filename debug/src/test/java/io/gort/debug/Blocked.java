package io.gort.debug;

import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Goroutines the tests park on purpose, at known lines, and release at the end: {@code close()}
 * closes their channel and waits (bounded) until every one has finished, so that the next test
 * starts with none of them left and can count exactly.
 */
final class Blocked implements AutoCloseable {
    /** The bound on any wait in these tests: far above what a correct run needs. */
    static final Duration LONG = Duration.ofSeconds(30);

    private final Chan<Integer> ch = Chan.make();
    private final List<Goroutine> gs = new ArrayList<>();

    /** The method the dump must name: each receiver parks here, in "chan receive". */
    static void receiveForever(Chan<Integer> ch) {
        ch.recv();
    }

    /** A second line, so that a profile has two groups. */
    static void receiveAtAnotherLine(Chan<Integer> ch) {
        ch.recv();
    }

    /** Spawns {@code n} goroutines parked in {@link #receiveForever} and waits until they are. */
    Blocked receivers(int n, String name) {
        List<Goroutine> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            added.add(Go.spawn(name, () -> receiveForever(ch)));
        }
        return parked(added);
    }

    /** Spawns {@code n} goroutines parked in {@link #receiveAtAnotherLine}. */
    Blocked otherReceivers(int n) {
        List<Goroutine> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            added.add(Go.spawn(() -> receiveAtAnotherLine(ch)));
        }
        return parked(added);
    }

    private Blocked parked(List<Goroutine> added) {
        gs.addAll(added);
        for (Goroutine g : added) {
            until(g + " parked in chan receive",
                    () -> g.state() == GState.WAITING && g.waitReason() == WaitReason.CHAN_RECEIVE);
        }
        return this;
    }

    List<Goroutine> goroutines() {
        return List.copyOf(gs);
    }

    @Override
    public void close() {
        ch.close();
        for (Goroutine g : gs) {
            until(g + " finished", () -> !g.isAlive());
        }
    }

    /** Polls {@code cond} until it holds; fails with a dump after {@link #LONG}. */
    static void until(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + LONG + " waiting for " + what + "\n" + Go.dump());
            }
            Thread.yield();
        }
    }

    /** Live goroutines now waiting in "chan receive" (to check that tests left none behind). */
    static long chanReceivers() {
        return Goroutine.all().stream()
                .filter(g -> g.state() == GState.WAITING && g.waitReason() == WaitReason.CHAN_RECEIVE).count();
    }
}
