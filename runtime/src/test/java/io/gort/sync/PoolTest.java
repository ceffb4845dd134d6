package io.gort.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.sched.Goroutine;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Pool}: Go's {@code src/sync/pool_test.go} ported (TestPool, TestPoolNew, TestPoolGC,
 * TestPoolRelease, TestPoolStress in its {@code -short} size), read from the go1.21+ version (the one
 * with the victim-cache checks and TestNilPool; stored copy without a commit id) and checked against
 * golang/go@f2cb9d1ff52aab5fbff338cc4c2008ccafc3aea8 (the pre-victim version). Not ported:
 * TestPoolDequeue/TestPoolChain (gort has no poolDequeue; its stacks are tested through the pool
 * here and in {@link PoolExactlyOnceTest}), TestNilPool (a Java null receiver throws by itself).
 *
 * <p>Go pins the goroutine to its P ({@code Runtime_procPin}) so that Put and Get use the same
 * per-P cache; here the test thread is a platform thread, whose {@code CarrierId} is stable. Go
 * disables the GC ({@code SetGCPercent(-1)}) so that it controls when the pool ages; the JVM
 * cannot, so the tests that count cycles retry when an unrequested collection slipped in.
 */
class PoolTest {

    @Test
    void testPool() {
        var p = new Pool<String>();
        assertNull(p.get(), "expected empty");

        p.put("a");
        p.put("b");
        // then: the private object first, then the newest of the local stack
        assertEquals("a", p.get());
        assertEquals("b", p.get());
        assertNull(p.get());

        for (int attempt = 0; attempt < 5; attempt++) {
            // given many objects, so they spill into the stealable stack
            long before = PoolCycles.now();
            for (int i = 0; i < 100; i++) {
                p.put("c");
            }
            if (PoolCycles.now() != before) {
                drain(p);
                continue;          // a collection ran during the puts: start again
            }
            // when one cycle has run, then the victim cache still has them
            PoolCycles.awaitAfter(before);
            String g = p.get();
            if (PoolCycles.now() != before + 1) {
                drain(p);
                continue;          // a second, unrequested collection: the victim may be gone legitimately
            }
            assertEquals("c", g, "want c after one GC cycle");
            // when a second cycle has run, then the victim is dropped
            PoolCycles.awaitNext();
            assertNull(p.get(), "want null after the second GC cycle");
            return;
        }
        fail("five attempts were each disturbed by an unrequested collection");
    }

    private static void drain(Pool<?> p) {
        while (p.get() != null) {
            // empty it
        }
    }

    @Test
    void testPoolNew() {
        int[] i = {0};
        var p = new Pool<Integer>(() -> ++i[0]);
        assertEquals(1, p.get());
        assertEquals(2, p.get());
        p.put(42);
        assertEquals(42, p.get());
        assertEquals(3, p.get());
    }

    /** Go's TestPoolGC: the pool does not hold on to objects it handed out. */
    @Test
    void testPoolGC() {
        testPool(true);
    }

    /** Go's TestPoolRelease: the pool lets go of what it holds after GC cycles. */
    @Test
    void testPoolRelease() {
        testPool(false);
    }

    private static void testPool(boolean drain) {
        var p = new Pool<Object>();
        final int n = 100;
        tries:
        for (int attempt = 0; attempt < 3; attempt++) {
            var refs = new ArrayList<WeakReference<Object>>();
            putFresh(p, n, refs);
            if (drain) {
                for (int i = 0; i < n; i++) {
                    p.get();
                }
            }
            int cleared = 0;
            for (int i = 0; i < 10; i++) {
                PoolCycles.awaitNext();
                cleared = (int) refs.stream().filter(r -> r.get() == null).count();
                if (cleared >= n - 1) {   // as in Go, one reference may remain in a register or on the stack
                    continue tries;
                }
            }
            fail("only " + cleared + " of " + n + " objects were collected on try " + attempt + ": " + p);
        }
    }

    private static void putFresh(Pool<Object> p, int n, List<WeakReference<Object>> refs) {
        for (int i = 0; i < n; i++) {
            Object v = new byte[16];
            refs.add(new WeakReference<>(v));
            p.put(v);
        }
    }

    /** Go's TestPoolStress in its -short size (the full size is in {@link PoolStressTest}). */
    @Test
    @Timeout(60)
    void testPoolStress() {
        stress(new Pool<>(), 10, 10_000);
    }

    /** 10 goroutines each put 0 and get: whatever get returns is 0 or null. */
    static void stress(Pool<Object> p, int goroutines, int n) {
        var wrong = new AtomicReference<Object>();
        var gs = new ArrayList<Goroutine>();
        Integer zero = 0;
        for (int i = 0; i < goroutines; i++) {
            gs.add(Go.spawn(() -> {
                Object v = zero;
                for (int j = 0; j < n; j++) {
                    if (v == null) {
                        v = zero;
                    }
                    p.put(v);
                    v = p.get();
                    if (v != null && !zero.equals(v)) {
                        wrong.compareAndSet(null, v);
                        return;
                    }
                }
            }));
        }
        gs.forEach(Goroutine::join);
        assertNull(wrong.get(), "expect 0");
        p.checkInvariants();
    }

    // ---- beyond Go's tests ------------------------------------------------------------------

    @Test
    void putNullIsIgnored() {
        var p = new Pool<String>();
        p.put(null);
        assertNull(p.get());
        assertEquals(0, p.size());
    }

    @Test
    void aSupplierIsRequiredWhenGiven() {
        assertThrows(NullPointerException.class, () -> new Pool<String>(null));
    }

    @Test
    void everyObjectPutComesBackOnceThroughPrivateStackAndOverflow() {
        // given a pool with a 2-object stack per slot and an 8-object overflow
        var p = new Pool<Object>(null, 2, 8);
        long cycles = PoolCycles.now();
        var put = new ArrayList<Object>();
        for (int i = 0; i < 11; i++) {   // 1 private + 2 stacked + 8 overflow
            Object o = new Object();
            put.add(o);
            p.put(o);
        }
        p.checkInvariants();
        // when all are taken back
        Set<Object> got = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Object o; (o = p.get()) != null; ) {
            assertTrue(got.add(o), "an object came back twice");
        }
        // then: each came back exactly once (barring a GC cycle that dropped some: never more)
        assertTrue(put.containsAll(got));
        if (PoolCycles.now() == cycles) {   // no GC cycle dropped any
            assertEquals(11, got.size());
        }
        p.checkInvariants();
    }

    @Test
    void aFullPoolDropsWhatItCannotHold() {
        var p = new Pool<Object>(null, 1, 2);
        for (int i = 0; i < 1000; i++) {
            p.put(new Object());
        }
        // then: at most 1 private + 1 stacked per slot plus 2 in the overflow (in primary and victim)
        int bound = 2 * (2 * p.slotCount() + 2);
        int n = 0;
        while (p.get() != null) {
            n++;
        }
        assertTrue(n <= bound, "held " + n + ", bound " + bound);
    }

    @Test
    void anObjectPutByOneThreadIsFoundByAnother() throws Exception {
        // given an object put from one platform thread (its own slot)
        var p = new Pool<Object>();
        Object o = new Object();
        Thread t = Thread.ofPlatform().start(() -> p.put(o));
        t.join();
        // when another thread (another slot, or the same by chance) gets: then it steals it
        var got = new AtomicReference<Object>();
        Thread u = Thread.ofPlatform().start(() -> got.set(p.get()));
        u.join();
        if (got.get() == null) {
            assertTrue(PoolCycles.now() > 0, "the object was lost without any GC cycle");
        } else {
            assertSame(o, got.get());
        }
    }

    @Test
    void aPoolNobodyUsesIsCollected() {
        // given a pool holding objects, then dropped by its user
        var poolRef = new WeakReference<>(filledPool());
        // when cycles run, then both the pool and (with it) what it held are collected
        for (int i = 0; i < 10 && poolRef.get() != null; i++) {
            PoolCycles.awaitNext();
        }
        assertNull(poolRef.get(), "the cleanup registry kept an unused pool alive");
    }

    private static Pool<Object> filledPool() {
        var p = new Pool<Object>();
        for (int i = 0; i < 10; i++) {
            p.put(new Object());
        }
        return p;
    }

    @Test
    void toStringShowsTheGenerations() {
        var p = new Pool<Object>();
        assertEquals("Pool[primary=none, victim=none, newFn=false]", p.toString());
        p.put(new Object());
        assertTrue(p.toString().contains("slots=["), p.toString());
        assertTrue(p.toString().contains("1+0"), p.toString());
    }
}
