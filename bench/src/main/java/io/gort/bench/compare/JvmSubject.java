package io.gort.bench.compare;

import java.time.Duration;

/**
 * A JVM subject written as a handful of Go primitives — {@code go f()}, {@code make(chan T, n)},
 * {@code select} over receives, {@code sync.Mutex}, {@code sync.WaitGroup}, {@code select} with a
 * {@code time.After} — that {@link Programs} writes the twelve workloads once against. Each
 * subclass maps them onto its own library in that library's idiom: gort ({@link GortSubject}),
 * java.util.concurrent on virtual or platform threads ({@link JucSubject}), jox ({@link JoxSubject}).
 *
 * <p>Who calls what: {@link Fork}'s main thread calls {@link #run}, which starts the program's
 * root goroutine with {@link #spawn}; every other method is called from the program's goroutines.
 */
public abstract class JvmSubject implements Subject {
    /** Go's {@code chan T}: send, receive (null once closed and drained), close. */
    public interface Ch<T> {
        void send(T v) throws InterruptedException;

        /** The next value, or null when the channel is closed (Go's {@code v, ok := <-c} with ok false). */
        T recv() throws InterruptedException;

        /**
         * Go's {@code close(c)}. {@code receivers} is how many goroutines will see the close: a
         * java.util.concurrent queue has no close, so its subjects put one end marker per receiver
         * (the "poison pill" idiom); channels with a real close ignore it.
         */
        void close(int receivers) throws InterruptedException;
    }

    /** Go's {@code sync.WaitGroup} with the count given up front (add(n) before the goroutines start). */
    public interface Group {
        void done();

        void await() throws InterruptedException;
    }

    /** Go's {@code sync.Mutex}. */
    public interface Lock {
        void lock() throws InterruptedException;

        void unlock();
    }

    private final String name;

    protected JvmSubject(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public boolean supports(Workload w) {
        return true;
    }

    @Override
    public final double run(Workload w, Size size, int procs) throws Exception {
        if (!supports(w)) {
            throw new UnsupportedOperationException("unsupported: " + name + " has no program for " + w.id);
        }
        start(procs);
        return Programs.run(this, w, size);
    }

    /** Makes the carriers ({@code procs} of them) on the first call; later calls check procs is the same. */
    protected abstract void start(int procs);

    /** {@code go task()}: starts a goroutine (a thread of this subject) and returns its thread. */
    protected abstract Thread spawn(Runnable task);

    /** {@code make(chan T, capacity)}. */
    protected abstract <T> Ch<T> make(int capacity);

    /**
     * {@code select { case v := <-from[0]: ... case v := <-from[1]: ... }}: the value of whichever
     * receive is ready first (no channel here is closed while selected on).
     */
    protected abstract <T> T selectRecv(Ch<T>[] from) throws InterruptedException;

    /**
     * {@code select { case <-never: return false; case <-time.After(timeout): return true }}: true
     * when the timeout won.
     */
    protected abstract boolean recvOrTimeout(Ch<?> never, Duration timeout) throws InterruptedException;

    /** A new {@code sync.WaitGroup} after {@code add(count)}. */
    protected abstract Group group(int count);

    /** A new {@code sync.Mutex}. */
    protected abstract Lock mutex();

    @Override
    public String toString() {
        return name;
    }
}
