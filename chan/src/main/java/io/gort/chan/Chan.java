package io.gort.chan;

import io.gort.chan.internal.ChanInternals;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Go channel: {@link #make()} is {@code make(chan T)} (unbuffered: a send waits for a receiver),
 * {@link #make(int) make(n)} is {@code make(chan T, n)}; {@link #nil()} is a nil channel, on which
 * sends and receives wait forever and whose select cases never fire. Values are delivered in FIFO
 * order; every blocking operation parks the goroutine, never its carrier thread, and works from any
 * thread (a platform thread parks as usual).
 *
 * <p><b>Null elements.</b> A channel carries no nulls: {@code send(null)} throws {@link
 * NullPointerException}. {@link #recv()} returns null only for a closed, drained channel (Go's zero
 * value); {@link #recvOk()} tells the two cases apart. Use {@code Chan<Boolean>} or an enum for
 * Go's {@code chan struct{}}.
 *
 * <p><b>Interrupts.</b> Go has none; Java does. A goroutine (or thread) that is interrupted while it
 * waits in {@code send}, {@code recv} or {@link Select#select} wakes and throws {@link
 * GoInterruptedException} with its interrupt status still set, and the operation did not happen: no
 * value was sent, none was received, no select case ran. If the operation completed concurrently
 * with the interrupt, it returns normally and the interrupt status stays set for the next wait.
 * An operation that does not need to wait ignores the interrupt status, as Go would.
 *
 * <p><b>Misuse</b> throws Go's panics as exceptions and leaves the channel usable:
 * {@link ChannelClosedException} "send on closed channel" and "close of closed channel",
 * {@link IllegalStateException} "close of nil channel", {@link IllegalArgumentException}
 * "makechan: size out of range".
 */
public final class Chan<T> implements Sender<T>, Receiver<T> {
    /*
     * Design: Go's runtime/chan.go (hchan): one short lock per channel, never held across a park,
     * a ring buffer, and two wait queues of parked goroutines (Waiter = sudog) with direct hand-off
     * from a sender to a parked receiver and back. Chosen over the lock-free segment algorithm of
     * Koval, Alistarh and Elizarov (PPoPP 2023; Kotlin, jox) by measurement: docs/adr/0003.
     * Deviations from Go: the lock is a spin lock that yields (the holder never parks inside, and a
     * virtual thread is never preempted, so only a descheduled carrier makes others wait); select
     * needs every lock only to register (Select explains); a waiter is claimed by one CAS on its
     * owner's state, which also settles interrupts.
     *
     * State and writers (all under `lock` unless said):
     *   buf[head .. head+count) (mod capacity) — the buffered values, oldest first.
     *   count — written under the lock, read racily (opaque) by len().
     *   closed — set once under the lock.
     *   recvq, sendq — parked receivers / senders (WaitQueue), FIFO; may hold waiters already
     *                 claimed through another select case or cancelled, which are dropped when met.
     *   toWake — a waiter claimed by the operation in progress, unparked by its caller after unlock.
     *   id — a lock-order key, assigned on first use by a blocking select (CAS, then immutable).
     *   stats — null, or this channel's opt-in counters (ChanStats.enable); written under the lock,
     *           read under it by each operation (so an operation that locks after enable counts).
     *
     * Invariants, whenever the lock is free (checkInvariants):
     *   I1  0 <= count <= capacity, and buf slots outside the live range are null.
     *   I2  count > 0 (or closed) => no receiver in recvq is WAITING.
     *   I3  count < capacity (or closed) => no sender in sendq is WAITING.
     *   I4  a waiter is in at most one queue, and in a queue only while its `queued` flag is set.
     *   I5  (unbuffered) recvq and sendq never both hold a WAITING waiter, except two cases of
     *       one select (Go's "self select"), which cannot complete with each other.
     *
     * Linearization points (every one inside the channel's lock):
     *   send — the buffer store, or the CAS that claims a parked receiver (value hand-off), or for
     *          a parked sender, the CAS by which a receiver (or close) claims it.
     *   recv — the buffer take, or the claim of a parked sender, or for a parked receiver, the CAS
     *          by which a sender (or close) claims it.
     *   close — the store to `closed`; waiters it claims complete "closed" at that point.
     *   an interrupted wait — its own successful cancel CAS; it then happened not at all.
     *
     * Ordering pairs: lock CAS (acquire) <-> unlock setRelease, for all state above;
     *   Waiter.tryClaim CAS (release; elem written before it) <-> Waiter.stateAcquire in the parked
     *   goroutine (then it reads elem); LockSupport.unpark <-> park (the JDK's).
     * Benign races: len() reads count without the lock; mayRecv()/maySend() read count, closed and
     *   the queue heads without it, for a hint that the select's locked second pass corrects.
     * Maintenance: after any change run ChanLincheckTest, the conformance tests, ChanStress (jcstress)
     *   and ChanExactlyOnceStressTest.
     */

    private static final int NORMAL = 0, NIL = 1, TIMER = 2;
    static final int S_DONE = 0, S_BLOCK = 1, S_CLOSED = 2;   // results of sendLocked
    /** recv results that are not elements (an element is never null, so neither can be confused). */
    static final Object CLOSED_MARK = new Object(), WOULD_BLOCK = new Object();

    private static final int SPINS = 128;
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle LOCK, COUNT, ID;
    static {
        try {
            var l = MethodHandles.lookup();
            LOCK = l.findVarHandle(Chan.class, "lock", int.class);
            COUNT = l.findVarHandle(Chan.class, "count", int.class);
            ID = l.findVarHandle(Chan.class, "id", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        ChanInternals.install(new ChanInternals.Bridge() {
            @Override
            public <E> Chan<E> newTimerChan(ChanInternals.TimerHook hook) {
                return new Chan<>(1, TIMER, hook);
            }

            @Override
            public int drain(Chan<?> c) {
                return c.drain();
            }
        });
    }

    private static final Chan<Object> NIL_CHAN = new Chan<>(0, NIL);

    private final int capacity;
    private final Object[] buf;       // null when unbuffered
    private final int kind;
    private int head;
    private int count;
    private boolean closed;
    private final WaitQueue recvq = new WaitQueue();
    private final WaitQueue sendq = new WaitQueue();
    private Waiter toWake;
    /** Opt-in counters ({@link ChanStats#enable}); null unless enabled. Written and read under the lock. */
    ChanStats stats;
    /** A lazy timer's hook (Go 1.23 timer channels); null for every other channel. */
    final ChanInternals.TimerHook timer;
    @SuppressWarnings("unused") private volatile int lock;
    private volatile long id;

    private Chan(int capacity, int kind) {
        this(capacity, kind, null);
    }

    private Chan(int capacity, int kind, ChanInternals.TimerHook timer) {
        this.capacity = capacity;
        this.buf = capacity == 0 ? null : new Object[capacity];
        this.kind = kind;
        this.timer = timer;
    }

    /** {@code make(chan T)}: an unbuffered channel; a send waits until a receiver takes the value. */
    public static <T> Chan<T> make() {
        return new Chan<>(0, NORMAL);
    }

    /**
     * {@code make(chan T, capacity)}: a channel buffering up to {@code capacity} values (0: unbuffered).
     *
     * @throws IllegalArgumentException "makechan: size out of range" if {@code capacity < 0}
     */
    public static <T> Chan<T> make(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("makechan: size out of range");
        }
        return new Chan<>(capacity, NORMAL);
    }

    /**
     * A nil channel ({@code var ch chan T}): send and receive wait forever (until interrupted),
     * {@code close} throws "close of nil channel", and its select cases never fire, so assigning
     * {@code nil()} to a variable disables its case, as in Go.
     */
    @SuppressWarnings("unchecked")
    public static <T> Chan<T> nil() {
        return (Chan<T>) NIL_CHAN;
    }

    /** True for {@link #nil()}. */
    public boolean isNil() {
        return kind == NIL;
    }

    static <T> T checkElement(T value) {
        if (value == null) {
            throw new NullPointerException("a channel carries no null elements (recv returns null for a closed channel)");
        }
        return value;
    }

    static ChannelClosedException sendOnClosed() {
        return new ChannelClosedException("send on closed channel");
    }

    // ---- the lock ------------------------------------------------------------------------------

    void lock() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            lockSlow();
        }
    }

    private void lockSlow() {
        for (int spins = 0; ; spins++) {
            if (lock == 0 && LOCK.compareAndSet(this, 0, 1)) {
                return;
            }
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();   // the holder's carrier was descheduled; let this carrier run others
            }
        }
    }

    void unlock() {
        LOCK.setRelease(this, 0);   // pairs with the acquire of the next lock()'s CAS
    }

    long id() {
        long i = id;
        if (i == 0) {
            i = IDS.incrementAndGet();
            if (!ID.compareAndSet(this, 0L, i)) {
                i = id;
            }
        }
        return i;
    }

    // ---- operations under the lock (also used by Select's second pass) ---------------------------

    /** Sends {@code v} if it can without waiting: S_DONE, S_BLOCK or S_CLOSED. Lock held. */
    int sendLocked(Object v) {
        if (closed) {
            return S_CLOSED;
        }
        Waiter r;
        while ((r = recvq.dequeue()) != null) {
            r.elem = v;                          // before the claim's release
            if (r.tryClaim(false)) {
                toWake = r;
                return S_DONE;
            }
            r.elem = null;                       // claimed elsewhere or cancelled: drop it
        }
        if (count < capacity) {
            int tail = head + count;
            buf[tail >= capacity ? tail - capacity : tail] = v;
            COUNT.setOpaque(this, count + 1);
            return S_DONE;
        }
        return S_BLOCK;
    }

    /** Receives if it can without waiting: an element, CLOSED_MARK or WOULD_BLOCK. Lock held. */
    Object recvLocked() {
        if (count > 0) {
            Object v = buf[head];
            buf[head] = null;
            head = head + 1 == capacity ? 0 : head + 1;
            int n = count - 1;
            Waiter s = claimSender();            // the buffer was full: move a parked sender's value in
            if (s != null) {
                int tail = head + n;
                buf[tail >= capacity ? tail - capacity : tail] = s.elem;
                n++;
                toWake = s;
            }
            COUNT.setOpaque(this, n);
            return v;
        }
        Waiter s = claimSender();
        if (s != null) {
            toWake = s;
            return s.elem;
        }
        return closed ? CLOSED_MARK : WOULD_BLOCK;
    }

    private Waiter claimSender() {
        Waiter s;
        while ((s = sendq.dequeue()) != null) {
            if (s.tryClaim(false)) {
                return s;
            }
        }
        return null;
    }

    /** The waiter the last operation claimed, to unpark after unlock. Lock held. */
    Waiter takeWake() {
        Waiter w = toWake;
        toWake = null;
        return w;
    }

    static void wake(Waiter w) {
        if (w != null) {
            LockSupport.unpark(w.thread);
        }
    }

    void enqueue(Waiter w, boolean send) {
        (send ? sendq : recvq).enqueue(w);
    }

    void remove(Waiter w, boolean send) {
        (send ? sendq : recvq).remove(w);
    }

    /**
     * Might a receive proceed without waiting? A racy look without the lock, for a blocking select's
     * first pass only: a wrong "no" is corrected by the second pass, which looks under every lock,
     * and a wrong "yes" just costs the lock. (Not for trySend/tryRecv or a select with a default,
     * whose answer must be linearizable: they always take the lock.)
     */
    boolean mayRecv() {
        // safety: plain racy reads of fields written under the lock; any value read is acceptable.
        return count > 0 || !sendq.isEmpty() || closed;
    }

    /** Might a send proceed without waiting? As {@link #mayRecv()}. */
    boolean maySend() {
        return closed || !recvq.isEmpty() || count < capacity;
    }

    // ---- send ----------------------------------------------------------------------------------

    @Override
    public void send(T value) {
        Object v = checkElement(value);
        if (kind == NIL) {
            throw parkForever(WaitReason.CHAN_SEND_NIL_CHAN);
        }
        lock();
        int r = sendLocked(v);
        ChanStats st = stats;
        if (r != S_BLOCK) {
            Waiter w = takeWake();
            unlock();
            if (r == S_CLOSED) {
                throw sendOnClosed();
            }
            wake(w);
            if (st != null) {
                st.sent(0);
            }
            return;
        }
        Waiter me = new Waiter(this, v);
        sendq.enqueue(me);
        unlock();
        if ((await(me, true, st) & Waiter.CLOSED) != 0) {
            throw sendOnClosed();
        }
    }

    @Override
    public boolean trySend(T value) {
        Object v = checkElement(value);
        if (kind == NIL) {
            return false;
        }
        return trySend0(v);
    }

    /** Select's first pass and trySend: S_DONE, S_BLOCK, or throws for a closed channel. */
    boolean trySend0(Object v) {
        lock();
        int r = sendLocked(v);
        ChanStats st = stats;
        Waiter w = takeWake();
        unlock();
        if (r == S_CLOSED) {
            throw sendOnClosed();
        }
        wake(w);
        if (r == S_DONE && st != null) {
            st.sent(0);
        }
        return r == S_DONE;
    }

    // ---- receive -------------------------------------------------------------------------------

    /** An element, CLOSED_MARK, or (only when {@code !block}) WOULD_BLOCK. */
    Object recv0(boolean block) {
        if (kind == NIL) {
            if (!block) {
                return WOULD_BLOCK;
            }
            throw parkForever(WaitReason.CHAN_RECEIVE_NIL_CHAN);
        }
        ChanInternals.TimerHook t = timer;
        if (t != null) {
            t.beforeReceive();   // a due lazy timer fires now, into the buffer
        }
        lock();
        Object v = recvLocked();
        ChanStats st = stats;
        if (v != WOULD_BLOCK || !block) {
            Waiter w = takeWake();
            unlock();
            wake(w);
            if (st != null && v != WOULD_BLOCK && v != CLOSED_MARK) {
                st.received(0);
            }
            return v;
        }
        Waiter me = new Waiter(this, null);
        recvq.enqueue(me);
        unlock();
        if (t == null) {
            return (await(me, false, st) & Waiter.CLOSED) != 0 ? CLOSED_MARK : me.elem;
        }
        try {
            t.blocked();
        } catch (RuntimeException | Error e) {
            // The timer could not be armed (no engine thread, out of memory): give up the wait,
            // unless a sender already completed it, in which case the value is ours.
            if (me.tryCancel()) {
                lock();
                remove(me, false);
                unlock();
                throw e;
            }
            return (me.stateAcquire() & Waiter.CLOSED) != 0 ? CLOSED_MARK : me.elem;
        }
        try {
            return (await(me, false, st) & Waiter.CLOSED) != 0 ? CLOSED_MARK : me.elem;
        } finally {
            t.unblocked();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T recv() {
        Object v = recv0(true);
        return v == CLOSED_MARK ? null : (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Recv<T> recvOk() {
        Object v = recv0(true);
        return v == CLOSED_MARK ? Recv.closed() : new Recv<>((T) v, true);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Recv<T> tryRecv() {
        Object v = recv0(false);
        if (v == WOULD_BLOCK) {
            return null;
        }
        return v == CLOSED_MARK ? Recv.closed() : new Recv<>((T) v, true);
    }

    // ---- waiting -------------------------------------------------------------------------------

    /**
     * Parks until {@code me} is claimed; returns its state. Cancels and throws on interrupt. Counts
     * a completed (not closed) operation in {@code st} if it is not null, with the time waited.
     */
    private int await(Waiter me, boolean send, ChanStats st) {
        int s = me.stateAcquire();
        if (s != Waiter.WAITING) {
            countWaited(st, send, s, 0);
            return s;
        }
        long t0 = st != null ? System.nanoTime() : 0;
        try {
            s = park(me, send);
        } catch (GoInterruptedException e) {
            if (st != null) {
                st.blocked(System.nanoTime() - t0);
            }
            throw e;
        }
        countWaited(st, send, s, st != null ? System.nanoTime() - t0 : 0);
        return s;
    }

    private static void countWaited(ChanStats st, boolean send, int state, long nanos) {
        if (st != null) {
            if ((state & Waiter.CLOSED) != 0) {
                st.blocked(nanos);
            } else if (send) {
                st.sent(nanos);
            } else {
                st.received(nanos);
            }
        }
    }

    private int park(Waiter me, boolean send) {
        int s;
        Goroutine g = Goroutine.beginWait(send ? WaitReason.CHAN_SEND : WaitReason.CHAN_RECEIVE, this);
        try {
            while ((s = me.stateAcquire()) == Waiter.WAITING) {
                LockSupport.park(this);
                if (Thread.currentThread().isInterrupted() && me.tryCancel()) {
                    lock();
                    remove(me, send);
                    unlock();
                    // A deadlock victim's wait (ADR 0011) throws DeadlockException instead.
                    throw Goroutine.interruptedIn(g, send ? "interrupted in chan send" : "interrupted in chan receive");
                }
            }
            return s;
        } finally {
            Goroutine.endWait(g);
        }
    }

    /**
     * Select: counts a completed case on this channel in its opt-in counters, if any.
     * {@code nanos}: how long the select waited (0 when it did not).
     */
    void countSelected(boolean send, long nanos) {
        ChanStats st = stats;   // safety: a plain read; a select that raced with enable may go uncounted
        if (st != null) {
            if (send) {
                st.sent(nanos);
            } else {
                st.received(nanos);
            }
        }
    }

    /** True if a case of {@code cases} is on a channel with counters (then a blocking select times its wait). */
    static boolean anyCounted(Case<?>[] cases) {
        for (Case<?> c : cases) {
            if (c.chan != null && c.chan.stats != null) {   // safety: plain reads, a hint
                return true;
            }
        }
        return false;
    }

    /** Waits until interrupted, then throws (a nil channel, a select with no live cases). */
    static RuntimeException parkForever(WaitReason reason) {
        Goroutine g = Goroutine.beginWait(reason, null);
        try {
            for (;;) {
                LockSupport.park();
                if (Thread.currentThread().isInterrupted()) {
                    return Goroutine.interruptedIn(g, "interrupted in " + reason);
                }
            }
        } finally {
            Goroutine.endWait(g);
        }
    }

    // ---- close ---------------------------------------------------------------------------------

    @Override
    public void close() {
        if (kind == NIL) {
            throw new IllegalStateException("close of nil channel");
        }
        lock();
        if (closed) {
            unlock();
            throw new ChannelClosedException("close of closed channel");
        }
        closed = true;
        Waiter first = null, last = null, w;
        // I2/I3: a WAITING receiver means an empty buffer; senders, a full one. Both complete "closed".
        for (WaitQueue q = recvq; q != null; q = q == recvq ? sendq : null) {
            while ((w = q.dequeue()) != null) {
                w.elem = null;
                if (w.tryClaim(true)) {
                    if (last == null) {
                        first = w;
                    } else {
                        last.next = w;         // unlinked, so next is free to chain the wake list
                    }
                    last = w;
                }
            }
        }
        unlock();
        while (first != null) {
            Waiter n = first.next;
            first.next = null;
            wake(first);
            first = n;
        }
    }

    // ---- the rest ------------------------------------------------------------------------------

    @Override
    public int len() {
        return kind == TIMER ? 0 : (int) COUNT.getOpaque(this);
    }

    @Override
    public int cap() {
        return kind == TIMER ? 0 : capacity;   // Go 1.23: a timer's channel reports cap 0
    }

    /** Drops every buffered value (a timer's stop and reset); returns how many. */
    private int drain() {
        lock();
        int n = count;
        for (int i = 0; i < n; i++) {
            int k = head + i;
            buf[k >= capacity ? k - capacity : k] = null;
        }
        head = 0;
        COUNT.setOpaque(this, 0);
        unlock();
        return n;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Object next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    Object v = recv0(true);
                    if (v == CLOSED_MARK) {
                        done = true;
                    } else {
                        next = v;
                    }
                }
                return next != null;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed");
                }
                T v = (T) next;
                next = null;
                return v;
            }
        };
    }

    @Override
    public <R> Case<R> onSend(T value, Supplier<? extends R> then) {
        return new Case.SendCase<>(this, value, Objects.requireNonNull(then, "then"));
    }

    @Override
    public <R> Case<R> onSend(T value) {
        return new Case.SendCase<>(this, value, null);
    }

    @Override
    public <R> Case<R> onRecv(Function<? super T, ? extends R> then) {
        return Case.recv(this, then);
    }

    @Override
    public Case<T> onRecv() {
        return Case.recv(this, Function.<T>identity());
    }

    @Override
    public <R> Case<R> onRecvOk(RecvOkFunction<? super T, ? extends R> then) {
        return Case.recvOk(this, then);
    }

    /** Waiters in the receive queue (claimed or not); for tests. */
    int queuedReceivers() {
        lock();
        try {
            return recvq.size();
        } finally {
            unlock();
        }
    }

    /** Waiters in the send queue (claimed or not); for tests. */
    int queuedSenders() {
        lock();
        try {
            return sendq.size();
        } finally {
            unlock();
        }
    }

    /** Checks I1–I4 under the lock; throws AssertionError naming the broken one. For tests. */
    void checkInvariants() {
        lock();
        try {
            if (count < 0 || count > capacity) {
                throw new AssertionError("I1 corrupted: count " + count + " capacity " + capacity);
            }
            for (int i = count; i < capacity; i++) {
                int k = head + i;
                if (buf[k >= capacity ? k - capacity : k] != null) {
                    throw new AssertionError("I1 corrupted: a value outside the live range at " + k);
                }
            }
            if ((count > 0 || closed) && recvq.hasWaiting()) {
                throw new AssertionError("I2 corrupted: a receiver waits while " + this);
            }
            if ((count < capacity || closed) && sendq.hasWaiting()) {
                throw new AssertionError("I3 corrupted: a sender waits while " + this);
            }
        } finally {
            unlock();
        }
    }

    @Override
    public String toString() {
        if (kind == NIL) {
            return "Chan[nil]";
        }
        // safety: racy reads (checkInvariants calls this with the lock held, so it cannot take it).
        return "Chan[len " + len() + ", cap " + capacity + (closed ? ", closed" : "")
                + ", " + recvq.size() + " receivers, " + sendq.size() + " senders queued]";
    }
}
