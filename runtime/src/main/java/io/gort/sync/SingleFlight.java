package io.gort.sync;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.sched.GoInterruptedException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Duplicate call suppression: Go's {@code golang.org/x/sync/singleflight.Group}. While a call for
 * a key is in flight, later calls for the same key do not run their function: they wait for the
 * first one and get its result (value or exception). Once it completes the key is forgotten, and
 * the next call runs its function again. A typical use: many goroutines miss a cache for the same
 * key at once, and only one of them loads it.
 *
 * <p><b>Shape.</b> Go's {@code Do} returns {@code (v, err, shared)}. A Java caller wants the value
 * or the exception, so {@link #doCall} returns the value or throws what the function threw, as
 * {@link Callable#call()} does; {@link #doCallResult} is Go's triple as a {@link Result}, for a
 * caller that needs {@code shared} or prefers not to catch. {@link #doChan} is Go's {@code DoChan}.
 * Go separates errors (returned) from panics (re-panicked in every waiter); Java has only
 * exceptions, so every exception or error the function throws is the call's result: the same
 * instance is thrown by {@code doCall}, and carried by {@code Result.error()}, for every caller
 * that shared the call. Its stack trace is the one of the goroutine that ran the function.
 *
 * <p><b>Where the function runs.</b> {@code doCall}/{@code doCallResult}: in the first caller's
 * goroutine, as in Go. {@code doChan}: in a new goroutine ({@link Go#spawn}). A function that
 * throws under {@code doChan} does not crash the program, as it does in Go (which cannot leave
 * the channels empty and cannot let the panic be recovered): the exception is delivered in every
 * channel's {@code Result}, and thrown to the {@code doCall} callers that shared the call.
 *
 * <p><b>Memory model.</b> The function's return (or throw) happens before every caller that
 * shared the call returns (or throws) its result, and before the {@code Result} is received from
 * a {@code doChan} channel.
 *
 * <p><b>Interrupts.</b> A caller waiting for another's call that is interrupted throws {@link
 * GoInterruptedException} with its interrupt status set; the call goes on for the others (and
 * still counts this caller for {@code shared}). The function itself runs uninterruptibly as far as
 * this class is concerned: if it throws because its goroutine was interrupted, that exception is
 * the call's result, shared like any other.
 *
 * <p>Keys are compared with {@code equals}/{@code hashCode} and must not be null; values may be.
 * {@code runtime.Goexit} has no Java analogue, so Go's {@code errGoexit} case does not exist here.
 */
public final class SingleFlight<K, V> {
    /*
     * Design: singleflight.go, a mutex-guarded map from key to the in-flight call, and Go's
     * per-call sync.WaitGroup (gort's, counter 1 from the start; its waits record the group as
     * what they wait on). The lock is a ReentrantLock rather than a spin lock: user code (the key's
     * hashCode and equals) runs under it.
     *
     * State and writers:
     *   calls — under `lock`. A call is in the map from its creation until it completes or is
     *     forgotten, whichever is first; it is never put back.
     *   Call.dups, Call.chans — under `lock` while the call is in the map; read by the completer
     *     under `lock` when it takes the call out, and never written after.
     *   Call.value, Call.error — written by the goroutine running the function, before `wg.done()`.
     * Invariant (under the lock): I1 a call in `calls` has not been completed (its wg is at 1).
     * Linearization points: a caller that runs the function — its `calls.put`; a caller that
     *   shares — finding the call in the map (it then gets that call's result); completion — the
     *   removal from the map (if not forgotten), then `wg.done()`.
     * Ordering pairs: value/error writes -> wg.done() <-> the sharer's wg.await() return (WaitGroup's
     *   guarantee); for a channel, the Chan's send/receive.
     * Race, written out (completion vs join): T1 completes: lock, remove from map, take chans,
     *   unlock, wg.done(). T2 joins: lock, finds the call in the map. Under the lock T2 either runs
     *   before T1 (it then waits on the wg that T1 will count down, or sends to T2's channel) or
     *   after (the call is no longer in the map: T2 starts a new call). Nothing is lost.
     */

    /**
     * The result of a call, Go's {@code singleflight.Result}: the function's value (null if it
     * threw), what it threw (null if it returned), and whether the result was given to more than
     * one caller.
     */
    public record Result<V>(V value, Throwable error, boolean shared) {
        /** The value, or throws {@link #error()} (an Exception or Error as it is). */
        public V get() throws Exception {
            if (error == null) {
                return value;
            }
            if (error instanceof Exception e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            throw new UndeclaredThrowableException(error);
        }
    }

    private static final class Call<V> {
        final WaitGroup wg = new WaitGroup();   // at 1 until the call completes
        V value;               // written by the runner before wg.done()
        Throwable error;       // written by the runner before wg.done()
        int dups;              // under the group lock
        List<Chan<Result<V>>> chans;   // under the group lock; null unless doChan

        Call() {
            wg.add(1);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<K, Call<V>> calls = new HashMap<>();   // under lock

    /** An empty group (Go's zero {@code Group}). */
    public SingleFlight() { }

    /**
     * Runs {@code fn} for {@code key} unless a call for {@code key} is in flight, in which case it
     * waits for that call; returns the value, or throws what the function threw (to every caller
     * that shared the call).
     *
     * @throws GoInterruptedException if interrupted while waiting for another caller's call
     * @throws Exception what {@code fn} threw
     */
    public V doCall(K key, Callable<? extends V> fn) throws Exception {
        return doCallResult(key, fn).get();
    }

    /**
     * Go's {@code Do}: like {@link #doCall}, but returns the outcome, whatever the function threw
     * included, as a {@link Result}; {@code shared} tells whether it went to more than one caller.
     *
     * @throws GoInterruptedException if interrupted while waiting for another caller's call
     */
    public Result<V> doCallResult(K key, Callable<? extends V> fn) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fn, "fn");
        lock.lock();
        Call<V> c = calls.get(key);
        if (c != null) {
            c.dups++;
            lock.unlock();
            c.wg.await(this);   // interrupted: GoInterruptedException; the call goes on for the others
            return new Result<>(c.value, c.error, true);
        }
        c = new Call<>();
        calls.put(key, c);
        lock.unlock();
        return run(c, key, fn);
    }

    /**
     * Go's {@code DoChan}: like {@link #doCallResult}, but does not wait: the result arrives on the
     * returned channel (buffered, one value, never closed). If no call for {@code key} is in
     * flight, {@code fn} runs in a new goroutine. If it throws, the exception is in the Result.
     */
    public Receiver<Result<V>> doChan(K key, Callable<? extends V> fn) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fn, "fn");
        Chan<Result<V>> ch = Chan.make(1);
        lock.lock();
        Call<V> c = calls.get(key);
        if (c != null) {
            c.dups++;
            if (c.chans == null) {
                c.chans = new ArrayList<>(2);
            }
            c.chans.add(ch);
            lock.unlock();
            return ch;
        }
        Call<V> mine = new Call<>();
        mine.chans = new ArrayList<>(2);
        mine.chans.add(ch);
        calls.put(key, mine);
        lock.unlock();
        Go.spawn(() -> run(mine, key, fn));
        return ch;
    }

    /**
     * Go's {@code Forget}: later calls for {@code key} run their function instead of waiting for
     * the call now in flight. That call still completes, and its callers still get its result.
     */
    public void forget(K key) {
        lock.lock();
        try {
            calls.remove(key);
        } finally {
            lock.unlock();
        }
    }

    // ---- internals -------------------------------------------------------------------------------

    /** Runs the function, completes the call, wakes its waiters, fills its channels. */
    private Result<V> run(Call<V> c, K key, Callable<? extends V> fn) {
        try {
            c.value = fn.call();
        } catch (Throwable t) {
            c.error = t;
        }
        List<Chan<Result<V>>> chans;
        boolean shared;
        lock.lock();
        try {
            if (calls.get(key) == c) {
                calls.remove(key);
            }
            chans = c.chans;
            shared = c.dups > 0;
        } finally {
            lock.unlock();
        }
        c.wg.done();   // after value/error: the sharers' await returns see them
        Result<V> r = new Result<>(c.value, c.error, shared);
        if (chans != null) {
            for (Chan<Result<V>> ch : chans) {
                ch.send(r);   // each channel has room for exactly this one value: never waits
            }
        }
        return r;
    }

    /** The number of callers sharing the call in flight for {@code key}, or -1 if none (tests). */
    int duplicates(K key) {
        lock.lock();
        try {
            Call<V> c = calls.get(key);
            return c == null ? -1 : c.dups;
        } finally {
            lock.unlock();
        }
    }

    /** The number of keys with a call in flight (tests). */
    int inFlight() {
        lock.lock();
        try {
            return calls.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "SingleFlight[" + calls.size() + " in flight]";
        } finally {
            lock.unlock();
        }
    }
}
