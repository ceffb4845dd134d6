package io.gort.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Goroutines leaked on purpose, for the leak check's tests: each {@link Shape} spawns a goroutine
 * that blocks in one of gort's primitives (a distinct wait reason, in a distinct named method, so
 * a report's top function and wait reason can be checked) and waits until it is parked there.
 * Every leak is recorded; {@link #endAll()} releases them all and waits, bounded, for them to end,
 * so no test leaves goroutines behind for the next.
 */
final class Leaks {
    /** The bound on any wait in these tests; far above what a correct run needs. */
    static final Duration LONG = Duration.ofSeconds(20);

    private static final List<Leak> STARTED = new ArrayList<>();

    private Leaks() { }

    /** A goroutine blocked on purpose, and the action that unblocks it. */
    record Leak(Goroutine goroutine, Runnable release) { }

    /** The ways of blocking forever, with Go's wait reason and the method the goroutine blocks in (its top function). */
    enum Shape {
        CHAN_RECEIVE("chan receive", "receive") {
            @Override Leak start(String name) {
                Chan<Integer> c = Chan.make();
                return leak(Go.spawn(name, () -> receive(c)), c::close);
            }
        },
        CHAN_SEND("chan send", "send") {
            @Override Leak start(String name) {
                Chan<Integer> c = Chan.make();
                return leak(Go.spawn(name, () -> send(c)), c::recv);
            }
        },
        SELECT("select", "choose") {
            @Override Leak start(String name) {
                Chan<Integer> a = Chan.make();
                Chan<Integer> b = Chan.make();
                return leak(Go.spawn(name, () -> choose(a, b)), a::close);
            }
        },
        MUTEX("sync.Mutex.Lock", "lockMutex") {
            @Override Leak start(String name) {
                Mutex mu = new Mutex();
                mu.lock();                              // held by the test, so the goroutine blocks
                return leak(Go.spawn(name, () -> lockMutex(mu)), mu::unlock);
            }
        },
        WAIT_GROUP("sync.WaitGroup.Wait", "awaitGroup") {
            @Override Leak start(String name) {
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                return leak(Go.spawn(name, () -> awaitGroup(wg)), wg::done);
            }
        };

        final String reason;
        final String topFunction;

        Shape(String reason, String method) {
            this.reason = reason;
            this.topFunction = Leaks.class.getName() + "." + method;
        }

        /** Spawns the goroutine, waits until it is parked with this shape's reason, records it. */
        abstract Leak start(String name);

        Leak leak(Goroutine g, Runnable release) {
            Leak l = new Leak(g, release);
            synchronized (STARTED) {
                STARTED.add(l);
            }
            until(g + " parked in " + reason,
                    () -> g.state() == GState.WAITING && g.waitReason().toString().equals(reason));
            return l;
        }
    }

    /** A goroutine parked in chan receive, in {@link #receive}. */
    static Leak start(String name) {
        return Shape.CHAN_RECEIVE.start(name);
    }

    static void receive(Chan<Integer> c) {
        c.recv();
    }

    static void send(Chan<Integer> c) {
        c.send(1);
    }

    static void choose(Chan<Integer> a, Chan<Integer> b) {
        Select.select(a.onRecv(v -> v), b.onRecv(v -> v));
    }

    static void lockMutex(Mutex mu) {
        mu.lock();
        mu.unlock();
    }

    static void awaitGroup(WaitGroup wg) {
        wg.await();
    }

    /** Releases every recorded leak and waits (bounded) until each goroutine has ended. */
    static void endAll() {
        List<Leak> all;
        synchronized (STARTED) {
            all = new ArrayList<>(STARTED);
            STARTED.clear();
        }
        for (Leak l : all) {
            l.release().run();
        }
        for (Leak l : all) {
            join(l.goroutine());
        }
    }

    /** Waits, at most {@link #LONG}, for {@code g} to end; fails if it has not. */
    static void join(Goroutine g) {
        try {
            g.thread().join(LONG);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while joining " + g);
        }
        assertFalse(g.isAlive(), () -> g + " still alive after " + LONG + "\n" + Go.dump(List.of(g)));
    }

    /** Polls {@code condition} (yielding between looks) until it holds; fails with a dump after {@link #LONG}. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + LONG + " waiting for " + what + "\n" + Go.dump());
            }
            Thread.yield();
        }
    }
}
