package io.gort.sync;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Performs exactly one action: Go's {@code sync.Once}, plus Go 1.21's {@code OnceFunc},
 * {@code OnceValue} and {@code OnceValues} as static factories. {@code once.doOnce(f)} is Go's
 * {@code once.Do(f)} ({@code do} is a Java keyword).
 *
 * <p><b>Memory model</b>: the return of the one call of {@code f} happens before the return of every
 * {@link #doOnce} call on this Once. With the factories: the first call's run of {@code f} happens
 * before every call returns.
 *
 * <p>If {@code f} throws, {@code doOnce} rethrows it, and the Once still counts as done: later calls
 * do not call {@code f} again (Go: "if f panics, Do considers it to have returned"). The functions
 * made by {@link #onceFunc}, {@link #onceValue} and {@link #onceValues} instead rethrow the same
 * exception object on every call, as Go's re-panic with the same value. A {@code doOnce} that is
 * still running {@code f} makes the other callers park (they show as {@code sync.Mutex.Lock} in a
 * dump, as in Go); a {@code f} that calls {@code doOnce} on its own Once deadlocks, as in Go.
 *
 * <p>State: a volatile {@code done} flag read on the fast path, and a {@link Mutex} that serializes
 * the slow path. Invariant O1: {@code done} is set, after f has returned or thrown, by the only caller
 * that ran f; O2: f runs only while the Mutex is held and done is clear, so at most once. Ordering:
 * the volatile write of {@code done} pairs with the fast path's volatile read; callers on the slow
 * path are ordered by the Mutex.
 */
public final class Once {
    private volatile boolean done;
    private final Mutex m = new Mutex();

    /** A Once that has not run anything yet. */
    public Once() { }

    /**
     * Calls {@code f} if and only if this is the first call of doOnce on this Once, even if
     * {@code f} differs between calls; every call returns only after that one {@code f} has
     * returned (or thrown).
     */
    public void doOnce(Runnable f) {
        if (!done) {
            doSlow(f);
        }
    }

    private void doSlow(Runnable f) {
        m.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true;
                }
            }
        } finally {
            m.unlock();
        }
    }

    /** Whether the action has run (or is known to have thrown); a Java convenience. */
    public boolean done() {
        return done;
    }

    /**
     * A function that runs {@code f} only once, however many times and from however many goroutines
     * it is called (Go's {@code sync.OnceFunc}). If {@code f} throws, every call rethrows the same
     * exception.
     */
    public static Runnable onceFunc(Runnable f) {
        Objects.requireNonNull(f, "f");
        var v = new OnceCell<Void>(() -> {
            f.run();
            return null;
        });
        return v::get;
    }

    /**
     * A function that calls {@code f} only once and returns its value on every call (Go's
     * {@code sync.OnceValue}). If {@code f} throws, every call rethrows the same exception.
     */
    public static <T> Supplier<T> onceValue(Supplier<? extends T> f) {
        Objects.requireNonNull(f, "f");
        return new OnceCell<T>(f)::get;
    }

    /**
     * A function that calls {@code f} only once and returns its two values on every call (Go's
     * {@code sync.OnceValues}, whose usual second value is an error). If {@code f} throws, every call
     * rethrows the same exception.
     */
    public static <A, B> Supplier<Values<A, B>> onceValues(Supplier<? extends Values<A, B>> f) {
        return onceValue(f);
    }

    /** Two values, the result of a {@link #onceValues} function: Go's {@code (T1, T2)}. */
    public record Values<A, B>(A first, B second) { }

    /** The shared body of the factories: one Once, the value or the exception it ended with. */
    private static final class OnceCell<T> implements Runnable {
        private final Once once = new Once();
        private Supplier<? extends T> f;   // dropped after the call, as Go drops f
        private T value;                   // written before once's done; read after it
        private Throwable thrown;

        OnceCell(Supplier<? extends T> f) {
            this.f = f;
        }

        T get() {
            once.doOnce(this);   // `this`, not a method reference: nothing allocated per call
            if (thrown != null) {
                throw sneaky(thrown);
            }
            return value;
        }

        @Override
        public void run() {
            try {
                value = f.get();
            } catch (Throwable t) {
                thrown = t;
            } finally {
                f = null;
            }
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
            throw (E) t;
        }
    }
}
