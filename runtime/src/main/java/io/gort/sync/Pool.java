package io.gort.sync;

import io.gort.sched.CarrierId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Supplier;
import org.jctools.queues.MpmcArrayQueue;

/**
 * A set of temporary objects that may be saved and retrieved individually: Go's {@code sync.Pool}.
 * It caches allocated but unused objects for later reuse, relieving pressure on the garbage
 * collector; it is safe for use by many goroutines (and platform threads) at once, and it never
 * parks the caller.
 *
 * <p><b>Invariants.</b> Every object given to {@link #put} is, until a {@link #get} takes it, in at
 * most one place of the pool, and every move out of that place is one atomic step; so a value
 * put once is returned by at most one {@code get} (two calls to {@code get} never share an object
 * unless it was put twice). Any object in the pool may be dropped at any time without
 * notice: the pool keeps what it holds for about two garbage collections, then lets the
 * collector have it (Go's primary and victim caches; see {@code docs/adr/0006-pool.md}). A pool
 * is bounded: objects put while its places are full are dropped.
 *
 * <p><b>Memory ordering.</b> A call to {@code put(x)} happens-before a call to {@code get}
 * returning that same value {@code x}. Similarly, a call to the {@code newFn} supplier returning
 * {@code x} happens-before the {@code get} that returns {@code x} (it runs in that call). So a
 * goroutine may fill or reset an object, put it, and the goroutine that gets it sees those writes.
 *
 * <p>{@code get} may choose to ignore the pool and treat it as empty: callers should not assume any
 * relation between the values passed to {@code put} and those returned by {@code get}. A pool is
 * for objects that are expensive to make and cheap to reset (buffers, encoders), shared by
 * goroutines that do not know each other; a free list of a short-lived object owned by one
 * component is better kept by that component.
 *
 * <p>Differences from Go: {@code put(null)} is ignored (as Go ignores {@code Put(nil)}) and a pool
 * without a supplier returns {@code null} when empty; the "GC" that ages the pool is a JVM
 * collection seen through a {@link java.lang.ref.Cleaner} sentinel, so the pool shrinks after
 * collections of any generation (a young collection counts); and the pool is bounded (a Go pool
 * grows until the next GC).
 *
 * @param <T> the type of the pooled objects
 */
public final class Pool<T> {
    /*
     * Design (Go's sync/pool.go, go1.13+ with the victim cache; ADR 0006 has the numbers):
     *
     *   Pool ── primary: Locals ──┬─ slots[carrierId & mask]: Slot ── priv (one object, xchg/CAS)
     *        │   (null until the   │                              └─ stack[0, top) under a CAS try-lock
     *        │    first put after  └─ overflow: MpmcArrayQueue (lazily; any carrier offers/polls)
     *        └─ victim: Locals  (the previous primary; read by get, never put to on purpose)
     *
     * put: own slot's priv if empty (CAS null -> x), else own slot's stack (try-lock; no spinning),
     *      else the overflow queue, else drop. get: own priv (xchg), own stack (pop, LIFO), then
     *      getSlow: overflow, the other slots (priv and stack), then the victim the same way; a
     *      victim found empty everywhere is unlinked (Go's victimSize = 0).
     * Each GC cycle (PoolCleanup, one thread): pools that had a victim drop it; pools whose primary
     * was installed since the last cycle get victim := primary, primary := null.
     *
     * Deliberate deviations from Go:
     *   D1  Go's private slot and shared dequeue are owned by a P that the goroutine pins (no
     *       preemption, one writer). A gort carrier id is a hint (a goroutine may move carriers;
     *       two threads may share an index: platform threads, ForkJoin carriers of two pools, more
     *       carriers than slots), so every slot access is atomic: priv by CAS/xchg, the stack under
     *       a try-lock. An uncontended CAS on a line the carrier owns costs ~5 ns; Go pays nothing.
     *   D2  Go's shared part is an unbounded lock-free dequeue chain per P, stolen from the tail.
     *       Here: a bounded array stack per slot (LOCAL_CAPACITY) plus one bounded MPMC overflow per
     *       generation. A thread that finds a slot's lock taken never waits: put goes on to the
     *       overflow, get to the next place; so nothing here blocks or spins.
     *   D3  Stealing also takes other slots' priv: it is atomic here, and an object taken from a
     *       neighbour is one object less made by newFn.
     *
     * State and writers:
     *   primary   CAS null -> L by put (primaryForPut); getAndSet L -> null by the cycle.
     *   victim    set by the cycle (release); CAS v -> null by a get that found v empty.
     *   Slot.priv CAS null -> x by put; getAndSet x -> null by get (own slot or stealing).
     *   Slot.lock CAS 0 -> 1 by whoever pushes or pops; setRelease 0 by the same thread.
     *   Slot.top, Slot.stack[]  under the lock only (top is read opaquely as a hint outside it).
     *   Locals.overflow  CAS null -> queue, once per generation.
     * Invariants:
     *   I1  an object put once is in at most one of: a priv, a stack[0, top), an overflow queue,
     *       or the hands of one getter (each move is one CAS, xchg, locked pop or queue poll).
     *   I2  stack[i] == null for i >= top whenever the lock is free (no stale references).
     *   I3  0 <= top <= stack.length.
     * Linearization points:
     *   put  the priv CAS, or the lock release after stack[top] is written, or the queue offer.
     *   get  the priv xchg returning non-null, or the locked pop, or the queue poll; or newFn.
     * Ordering pairs:  casPriv (put) <-> getAndSetPriv (get);  setLockRelease (push) <-> casLock
     *   (pop); MpmcArrayQueue offer (ordered element store) <-> poll (acquire load);
     *   setVictimRelease / getAndSetPrimary (cycle) <-> victimAcquire / primaryAcquire (get, put).
     * Benign races:
     *   - the plain-null check of priv and the opaque read of top before the CAS are hints; a stale
     *     hint makes put use the next place, or get miss one object (treated as empty, allowed).
     *   - a put that read primary L just before the cycle demoted L lands in the victim: it is
     *     still found by get, and dropped one cycle later. A put into a victim being dropped, or
     *     into one a get just unlinked as empty, is lost: a pool may drop anything at any time.
     * Maintenance: after any change run PoolTest, PoolExactlyOnceTest and the stress tier
     *   (mvn -o -pl runtime -am verify -Pstress -Dtest='Pool*').
     */

    /** Objects a slot's stack holds besides its private one ({@code -Dgort.pool.local}). */
    static final int LOCAL_CAPACITY = Math.max(1, Integer.getInteger("gort.pool.local", 64));
    /** Objects the overflow queue of one generation holds ({@code -Dgort.pool.overflow}). */
    static final int OVERFLOW_CAPACITY = Math.max(2, Integer.getInteger("gort.pool.overflow", 1024));
    /** The most slots a generation has, whatever the number of carriers. */
    private static final int MAX_SLOTS = 256;

    private static final VarHandle PRIMARY;
    private static final VarHandle VICTIM;
    private static final VarHandle PRIV;
    private static final VarHandle LOCK;
    private static final VarHandle TOP;
    private static final VarHandle OVERFLOW;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRIMARY = l.findVarHandle(Pool.class, "primary", Locals.class);
            VICTIM = l.findVarHandle(Pool.class, "victim", Locals.class);
            PRIV = l.findVarHandle(SlotFields.class, "priv", Object.class);
            LOCK = l.findVarHandle(SlotFields.class, "lock", int.class);
            TOP = l.findVarHandle(SlotFields.class, "top", int.class);
            OVERFLOW = l.findVarHandle(Locals.class, "overflow", MpmcArrayQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        PoolCleanup.start();
    }

    private final Supplier<? extends T> newFn;       // may be null
    private final int localCapacity;
    private final int overflowCapacity;
    private volatile Locals primary;                  // see "State and writers"
    private volatile Locals victim;

    /** An empty pool whose {@link #get} returns {@code null} when it has nothing (Go's Pool without New). */
    public Pool() {
        this(null, LOCAL_CAPACITY, OVERFLOW_CAPACITY);
    }

    /** An empty pool whose {@link #get} returns {@code newFn.get()} when it has nothing (Go's {@code New}). */
    public Pool(Supplier<? extends T> newFn) {
        this(java.util.Objects.requireNonNull(newFn, "newFn"), LOCAL_CAPACITY, OVERFLOW_CAPACITY);
    }

    /** For tests: small capacities. */
    Pool(Supplier<? extends T> newFn, int localCapacity, int overflowCapacity) {
        this.newFn = newFn;
        this.localCapacity = localCapacity;
        this.overflowCapacity = Math.max(2, overflowCapacity);
    }

    /**
     * Adds {@code x} to the pool; {@code null} is ignored. The caller must not use {@code x} after
     * this call: it may be handed to another goroutine at once. Never parks.
     */
    public void put(T x) {
        if (x == null) {
            return;
        }
        Locals l = primaryForPut();
        Slot s = l.slot(CarrierId.current());
        if (s.priv == null && PRIV.compareAndSet(s, null, x)) {   // pairs with getAndSet in takePriv
            return;
        }
        if (s.tryPush(x)) {
            return;
        }
        l.overflow().offer(x);   // false when full: the object is dropped
    }

    /**
     * Removes an arbitrary object from the pool and returns it; when the pool has none, returns
     * {@code newFn.get()} if the pool has a supplier, else {@code null}. Prefers the object the
     * calling carrier put last. Never parks (the supplier may).
     */
    @SuppressWarnings("unchecked")
    public T get() {
        int id = CarrierId.current();
        Locals l = primary;
        if (l != null) {
            Slot s = l.slot(id);
            Object x = s.takePriv();
            if (x == null) {
                x = s.tryPop();
            }
            if (x != null) {
                return (T) x;
            }
        }
        Object x = getSlow(l, id);
        if (x == null && newFn != null) {
            return newFn.get();
        }
        return (T) x;
    }

    private Object getSlow(Locals l, int id) {
        if (l != null) {
            Object x = l.pollOverflow();
            if (x == null) {
                x = l.steal(id);
            }
            if (x != null) {
                return x;
            }
        }
        Locals v = victim;
        if (v == null) {
            return null;
        }
        Slot s = v.slot(id);
        Object x = s.takePriv();
        if (x == null) {
            x = s.tryPop();
        }
        if (x == null) {
            x = v.pollOverflow();
        }
        if (x == null) {
            x = v.steal(id);
        }
        if (x == null) {
            VICTIM.compareAndSet(this, v, null);   // empty everywhere: later misses skip it (Go's victimSize = 0)
        }
        return x;
    }

    private Locals primaryForPut() {
        Locals l = primary;
        if (l != null) {
            return l;
        }
        Locals fresh = new Locals(localCapacity, overflowCapacity);
        Locals won = (Locals) PRIMARY.compareAndExchange(this, (Locals) null, fresh);
        if (won != null) {
            return won;
        }
        PoolCleanup.register(this);   // once per generation: the next cycle ages it
        return fresh;
    }

    /** GC cycle, {@link PoolCleanup}'s thread only: the primary becomes the victim (the old victim is dropped). */
    void demotePrimary() {
        Locals l = (Locals) PRIMARY.getAndSet(this, (Locals) null);
        VICTIM.setRelease(this, l);   // pairs with the volatile read of victim in getSlow
    }

    /** GC cycle, {@link PoolCleanup}'s thread only: the victim is dropped. */
    void dropVictim() {
        VICTIM.setRelease(this, (Locals) null);
    }

    /** For tests: the objects the pool holds now, primary and victim (racy while others use it). */
    int size() {
        return sizeOf(primary) + sizeOf(victim);
    }

    private static int sizeOf(Locals l) {
        if (l == null) {
            return 0;
        }
        int n = 0;
        for (Slot s : l.slots) {
            n += (s.priv != null ? 1 : 0) + (int) TOP.getOpaque(s);
        }
        MpmcArrayQueue<Object> q = l.overflow;
        return n + (q == null ? 0 : q.size());
    }

    /** For tests: slots in the primary generation, else the victim (0 when there is neither). */
    int slotCount() {
        Locals l = primary;
        if (l == null) {
            l = victim;
        }
        return l == null ? 0 : l.slots.length;
    }

    /** For tests, with no concurrent use: throws if I2 or I3 is broken. */
    void checkInvariants() {
        for (Locals l : new Locals[] {primary, victim}) {
            if (l == null) {
                continue;
            }
            for (Slot s : l.slots) {
                if (s.lock != 0) {
                    throw new AssertionError("pool corrupted: a slot lock is held while the pool is quiescent: " + this);
                }
                if (s.top < 0 || s.top > s.stack.length) {
                    throw new AssertionError("pool corrupted: top out of range (I3): " + this);
                }
                for (int i = s.top; i < s.stack.length; i++) {
                    if (s.stack[i] != null) {
                        throw new AssertionError("pool corrupted: a stale reference above top (I2): " + this);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Pool[primary=" + describe(primary) + ", victim=" + describe(victim)
                + ", newFn=" + (newFn != null) + "]";
    }

    private static String describe(Locals l) {
        if (l == null) {
            return "none";
        }
        StringBuilder b = new StringBuilder("{slots=");
        for (int i = 0; i < l.slots.length; i++) {
            Slot s = l.slots[i];
            b.append(i == 0 ? "[" : ", ").append(s.priv != null ? "1+" : "0+").append((int) TOP.getOpaque(s));
        }
        MpmcArrayQueue<Object> q = l.overflow;
        return b.append("], overflow=").append(q == null ? 0 : q.size()).append('}').toString();
    }

    /** One generation: a slot per carrier index (a power of two of them) and the overflow queue. */
    static final class Locals {
        final Slot[] slots;
        final int mask;
        private final int overflowCapacity;
        volatile MpmcArrayQueue<Object> overflow;   // null until the first overflow of this generation

        Locals(int localCapacity, int overflowCapacity) {
            int carriers = Math.max(Runtime.getRuntime().availableProcessors(), CarrierId.bound());
            int n = Math.min(MAX_SLOTS, carriers <= 1 ? 1 : Integer.highestOneBit(carriers - 1) << 1);
            this.slots = new Slot[n];
            for (int i = 0; i < n; i++) {
                slots[i] = new Slot(localCapacity);
            }
            this.mask = n - 1;
            this.overflowCapacity = overflowCapacity;
        }

        Slot slot(int carrierId) {
            return slots[carrierId & mask];
        }

        MpmcArrayQueue<Object> overflow() {
            MpmcArrayQueue<Object> q = overflow;
            if (q == null) {
                MpmcArrayQueue<Object> fresh = new MpmcArrayQueue<>(overflowCapacity);
                @SuppressWarnings("unchecked")
                MpmcArrayQueue<Object> won = (MpmcArrayQueue<Object>) OVERFLOW.compareAndExchange(this, (MpmcArrayQueue<Object>) null, fresh);
                q = won != null ? won : fresh;
            }
            return q;
        }

        Object pollOverflow() {
            MpmcArrayQueue<Object> q = overflow;
            return q == null ? null : q.poll();
        }

        /** Takes one object from the slots other than {@code carrierId}'s, starting after it. */
        Object steal(int carrierId) {
            int n = slots.length;
            for (int i = 1; i < n; i++) {
                Slot s = slots[(carrierId + i) & mask];
                Object x = s.tryPop();
                if (x == null) {
                    x = s.takePriv();
                }
                if (x != null) {
                    return x;
                }
            }
            return null;
        }
    }

    /** Padding so that two slots never share a cache line (JCTools' layout by inheritance). */
    abstract static class SlotPadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07;
        long p10, p11, p12, p13, p14, p15, p16, p17;
    }

    abstract static class SlotFields extends SlotPadBefore {
        volatile Object priv;    // see "State and writers"
        volatile int lock;       // 0 free, 1 held by a push or pop (never across anything that can block)
        int top;                 // under lock
        final Object[] stack;    // under lock

        SlotFields(int capacity) {
            this.stack = new Object[capacity];
        }

        /** Takes the private object, or null. */
        final Object takePriv() {
            return priv == null ? null : PRIV.getAndSet(this, (Object) null);   // pairs with casPriv in put
        }

        /** Pushes under the try-lock; false when the lock is taken or the stack is full (nobody waits). */
        final boolean tryPush(Object x) {
            if ((int) TOP.getOpaque(this) >= stack.length || !LOCK.compareAndSet(this, 0, 1)) {
                return false;
            }
            int t = top;
            boolean pushed = t < stack.length;
            if (pushed) {
                stack[t] = x;
                TOP.setOpaque(this, t + 1);
            }
            LOCK.setRelease(this, 0);   // pairs with the lock CAS of the next push or pop
            return pushed;
        }

        /** Pops the newest object under the try-lock; null when empty or the lock is taken. */
        final Object tryPop() {
            if ((int) TOP.getOpaque(this) == 0 || !LOCK.compareAndSet(this, 0, 1)) {
                return null;
            }
            int t = top;
            Object x = null;
            if (t > 0) {
                x = stack[--t];
                stack[t] = null;   // I2
                TOP.setOpaque(this, t);
            }
            LOCK.setRelease(this, 0);
            return x;
        }
    }

    static final class Slot extends SlotFields {
        long q00, q01, q02, q03, q04, q05, q06, q07;
        long q10, q11, q12, q13, q14, q15, q16, q17;

        Slot(int capacity) {
            super(capacity);
        }
    }
}
