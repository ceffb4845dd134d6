package io.gort.sync;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ages every {@link Pool} once per garbage collection: Go's {@code poolCleanup}, which the Go
 * runtime calls at the start of each GC. The JVM has no such hook, so a sentinel object,
 * unreachable from birth, is registered with a {@link Cleaner}; when a collection finds it, the
 * cleaner's thread ("gort-pool-cleanup", a daemon) runs one cycle and registers a fresh sentinel.
 * ADR 0006 says why this and not GC notifications or soft references.
 *
 * <p>A cycle: pools that got a victim at the previous cycle drop it; pools whose primary was made
 * since the previous cycle ({@link #register}) demote it to victim. Like Go's {@code allPools}
 * and {@code oldPools}, the two lists hold pools strongly, but only for one or two cycles after the
 * pool was last filled, so a pool nobody references is collected two cycles after its last put.
 * Registration is a push on a lock-free stack (Treiber): {@code put} never parks.
 */
final class PoolCleanup {
    private static final Cleaner CLEANER = Cleaner.create(r -> Thread.ofPlatform().daemon().name("gort-pool-cleanup").unstarted(r));
    /** Pools whose primary was made since the last cycle (pushed by put, taken whole by the cycle). */
    private static final AtomicReference<Node> ALL_POOLS = new AtomicReference<>();
    private static final AtomicLong CYCLES = new AtomicLong();
    /** Notified after each cycle, for tests that wait for one. */
    static final Object CYCLE_DONE = new Object();
    private static Node oldPools;   // cleaner thread only: the pools demoted at the previous cycle

    private record Node(Pool<?> pool, Node next) { }

    private PoolCleanup() { }

    /** Arms the first sentinel (from Pool's class initializer). */
    static void start() {
        arm();
    }

    private static void arm() {
        // The sentinel is referenced only by the Cleaner's phantom reference: the next collection
        // of its generation finds it unreachable. The action captures nothing.
        CLEANER.register(new Object(), PoolCleanup::cycle);
    }

    /** Called by a pool that has just made its primary generation. */
    static void register(Pool<?> p) {
        for (Node head = ALL_POOLS.get(); ; head = ALL_POOLS.get()) {
            if (ALL_POOLS.compareAndSet(head, new Node(p, head))) {
                return;
            }
        }
    }

    /** Cleaner thread only: one cycle, then a fresh sentinel. */
    private static void cycle() {
        try {
            for (Node n = oldPools; n != null; n = n.next) {
                n.pool.dropVictim();
            }
            Node current = ALL_POOLS.getAndSet(null);
            for (Node n = current; n != null; n = n.next) {
                n.pool.demotePrimary();
            }
            oldPools = current;
        } finally {
            CYCLES.incrementAndGet();
            synchronized (CYCLE_DONE) {
                CYCLE_DONE.notifyAll();
            }
            arm();
        }
    }

    /** Cycles run so far (for tests and diagnostics). */
    static long cycles() {
        return CYCLES.get();
    }
}
