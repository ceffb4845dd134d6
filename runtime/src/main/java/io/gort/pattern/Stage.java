package io.gort.pattern;

import io.gort.Go;
import io.gort.chan.Case;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.chan.Sender;
import io.gort.context.Context;
import io.gort.sched.GoInterruptedException;
import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One running pattern stage, as the book writes each one: a goroutine (or a few) that receives
 * from its input and sends on its output, every receive and every send in a {@code select} with
 * {@code <-done}. Here the done channel is the stage's {@link Context#done()}; the output is closed
 * when the stage's last goroutine ends, whatever ends it (input closed, context done, a panic).
 * The select is what the stage means; what it runs is a plain receive or send that a cancel of the
 * context interrupts — only there, never inside the user's function (see the comment below).
 *
 * <p>Package-private: the building block of {@link Pipeline} and {@link Channels}.
 */
final class Stage<T> {
    /*
     * The per-item path, which the pipeline benchmark measures, is kept to plain channel operations.
     *
     * Cancel by interrupt (the goroutines that go() starts, with a cancellable context). Each such
     * goroutine has a Worker: its Thread and a state word, IDLE / IN_OP / CANCELLING / CANCELLED.
     *   recv — CAS IDLE->IN_OP; ctx.err() (one read); plain in.recv(); CAS IN_OP->IDLE.
     *   send — CAS IDLE->IN_OP; ctx.err(); plain to.send(v); CAS IN_OP->IDLE.
     *   The canceller, one Context.afterFunc(ctx, ...) per stage (registered by the first go(),
     *   stopped by the last finish()), runs for each live Worker: CAS IDLE->CANCELLED (nothing else:
     *   the goroutine's next enter CAS fails), or CAS IN_OP->CANCELLING, thread.interrupt(), then
     *   CANCELLED. A goroutine whose enter CAS fails is cancelled: recv returns null, send false.
     * Transitions: IDLE->IN_OP and IN_OP->IDLE only by the goroutine; IDLE->CANCELLED,
     *   IN_OP->CANCELLING and CANCELLING->CANCELLED only by the canceller; the goroutine's retire
     *   (end of its body) is IDLE->CANCELLED. CANCELLED is final.
     * Invariant: the canceller interrupts the thread only between its IN_OP->CANCELLING CAS and its
     *   CANCELLED write, and only a thread whose state was IN_OP. While the state is IN_OP or
     *   CANCELLING the goroutine is between its enter and leave CAS of one Stage.recv/send, running
     *   nothing but ctx.err() and one Chan operation: no user code (fn, pred, supplier, a panic
     *   handler) runs there. And the goroutine never leaves an operation with the canceller's
     *   interrupt status set: its leave CAS fails exactly when the canceller got CANCELLING, and then
     *   it waits for CANCELLED (so the interrupt() call has returned: the status is set) and clears it
     *   with Thread.interrupted(). Hence a cancel never interrupts user code, nor leaves an interrupt
     *   for it to find later (a Go.sleep or Mutex in a map function runs to its end; the stage ends at
     *   its next operation).
     * What the interrupted operation did, by Chan's contract: if the goroutine was parked and woke by
     *   the interrupt, it throws GoInterruptedException and did not happen (no value taken or given):
     *   recv returns null (nothing in hand), send false (the value counted dropped). If it completed
     *   anyway (it needed no wait, or a partner took it first), it returns normally; the failed leave
     *   CAS then says ctx is done: a received value is counted dropped and recv returns null; a sent
     *   value was delivered, send returns true and the next enter fails.
     * Linearization points: of a cancel reaching a goroutine, the canceller's successful CAS (IDLE->
     *   CANCELLED or IN_OP->CANCELLING). Of an operation, the Chan's own (its hand-off).
     * An interrupt that is not the canceller's (someone called interrupt on a stage goroutine) finds
     *   the state IN_OP: the leave CAS succeeds and the GoInterruptedException propagates as before.
     * No cancel is lost: a Worker adds itself to `workers` (a ConcurrentLinkedQueue) before its first
     *   enter, and ctx.err() is read after each enter CAS. Done (err set) happens-before the
     *   canceller runs; if its walk of `workers` missed a Worker, the add came after the walk, so that
     *   Worker's err() read sees done. If the walk found it, the two CASes decide.
     * Why the ctx.err() look: besides the missed-walk case, the plain operations never look at done,
     *   and a consumer that keeps reading would keep a generator's send succeeding for ever after a
     *   cancel until the canceller's goroutine runs; Go's select notices by its random choice.
     * Other callers (tee's goroutine, fanOutOrdered's dispatcher and workers: spawned without go())
     *   have no Worker (the ThreadLocal WORKER is empty or another stage's) and take the select path:
     *   recv — ctx.err(), then tryRecv (one channel lock); only when nothing is there,
     *          select(in, ctx.done()) with both cases built once per stage.
     *   send — ctx.err(), then trySend (one lock); only when it would block, select(out <- v,
     *          ctx.done()): the one case built per call is the send's.
     * A context that cannot be cancelled (background: a nil done channel) skips all of it: plain
     *   recv/send, no Worker, no canceller.
     *
     * Leak-freedom: every wait of a stage goroutine is (a) one of these recv/send operations, which
     * end when ctx is done (the canceller's interrupt, or done in the select), or when the input
     * closes (recv) / a receiver takes the value (send), or (b)
     * a user function. So with (b) returning, a stage goroutine ends when its input closes or its
     * context is done; `finish` closes the output exactly once, after the last goroutine of the stage
     * leaves (a count of live goroutines), in a finally block so that a panic closes it too.
     *
     * State: out — the stage's output channel, closed once by the last goroutine to finish (running
     *   counts them down; the decrement to zero is the close's only caller). stats — the counters
     *   (LongAdders: any goroutine of the stage). onLastExit — written by the creator before the
     *   first go(); read by the last goroutine out.
     * Invariant: running > 0 while the output is open; it reaches 0 exactly once.
     * Happens-before: the channels' own, and the Worker state word's (volatile CAS/set pairs above). The send that delivers v to the stage happens-before
     *   the stage's receive returns v; the stage then runs the user function and sends its result
     *   (program order), so everything done before sending v happens-before the consumer sees fn(v).
     *   Every goroutine's last action before finish() happens-before the close (the AtomicInteger
     *   decrement chain), and the close happens-before the consumer's receive of "closed".
     */

    private static final Supplier<Boolean> SENT = () -> Boolean.TRUE;

    final Context ctx;
    final Chan<T> out;
    final StageStats stats;
    final Receiver<Void> done;
    final boolean cancellable;
    private final Case<Boolean> doneOnSend;
    private final AtomicInteger running;
    private Runnable onLastExit;   // written before the goroutines start (Go.spawn orders it)
    /** The stage's goroutines now running their body (each adds itself first, removes itself last). */
    private final ConcurrentLinkedQueue<Worker> workers = new ConcurrentLinkedQueue<>();
    /** The canceller, registered by the first go() of a cancellable stage; stopped by the last finish(). */
    private Context.AfterFunc canceller;   // written before the goroutines start, read by the last one out

    /** The Worker of the running goroutine, if it is one of a stage's (a goroutine belongs to one stage). */
    private static final ThreadLocal<Worker> WORKER = new ThreadLocal<>();

    private Stage(String kind, Context ctx, int capacity, int goroutines, Function<Chan<T>, Object> statsKey) {
        this.ctx = ctx;
        this.out = Chan.make(capacity);
        this.stats = StageStats.register(kind, statsKey == null ? out : statsKey.apply(out));
        if (capacity > 0) {
            // Weakly: the counters are the value of a weak map keyed by the output, and a value that
            // held its key strongly would keep both for ever.
            WeakReference<Chan<T>> o = new WeakReference<>(out);
            stats.depthFrom(() -> {
                Chan<T> c = o.get();
                return c == null ? 0 : c.len();
            });
        }
        this.done = ctx.done();
        this.cancellable = !(done instanceof Chan<?> c && c.isNil());
        this.doneOnSend = done.onRecv(x -> Boolean.FALSE);
        this.running = new AtomicInteger(goroutines);
    }

    /** A stage of {@code goroutines} goroutines, not started yet; its output is buffered by {@code capacity}. */
    static <T> Stage<T> of(String kind, Context ctx, int capacity, int goroutines) {
        return new Stage<>(kind, ctx, capacity, goroutines, null);
    }

    /** As {@link #of}, with the counters registered under {@code statsKey(output)} instead of the output. */
    static <T> Stage<T> of(String kind, Context ctx, int capacity, int goroutines, Function<Chan<T>, Object> statsKey) {
        return new Stage<>(kind, ctx, capacity, goroutines, statsKey);
    }

    /**
     * Starts one of the stage's goroutines running {@code body}; when the body returns or throws, the
     * goroutine counts itself out and the last one closes the output. A throw is then the goroutine's
     * panic (it reaches the panic handler).
     */
    void go(Runnable body) {
        if (cancellable && canceller == null) {
            canceller = Context.afterFunc(ctx, this::cancelWorkers);
        }
        Go.spawn(stats.name(), () -> {
            Worker w = cancellable ? new Worker(this, Thread.currentThread()) : null;
            try {
                if (w != null) {
                    workers.add(w);
                    WORKER.set(w);
                }
                body.run();
            } finally {
                if (w != null) {
                    WORKER.remove();
                    w.retire();
                    workers.remove(w);
                }
                finish();
            }
        });
    }

    /** The canceller's body: cancels every goroutine of the stage now in its body (see Worker). */
    private void cancelWorkers() {
        for (Worker w : workers) {
            w.cancel();
        }
    }

    /** Counts one goroutine of the stage out; the last one closes the output. */
    void finish() {
        if (running.decrementAndGet() == 0) {
            if (canceller != null) {
                canceller.stop();
            }
            out.close();
            if (onLastExit != null) {
                onLastExit.run();
            }
        }
    }

    /** Has the last goroutine of the stage run {@code r} after closing the output; call before {@link #go}. */
    void onLastExit(Runnable r) {
        onLastExit = r;
    }

    /** A receive case on {@code in} whose result is the value, or null when {@code in} is closed; build once. */
    static <E> Case<E> recvCase(Receiver<E> in) {
        return in.onRecv();
    }

    /** A receive case on done whose result is null; build once, next to {@link #recvCase}. */
    <E> Case<E> doneOnRecv() {
        return done.onRecv(x -> null);
    }

    /**
     * The next value from {@code in}, or null when {@code in} is closed and drained or the context is
     * done (Go's {@code select { case v, ok := <-in: ...; case <-done: return }}). {@code inCase} and
     * {@code doneCase} are {@link #recvCase recvCase(in)} and {@link #doneOnRecv()}, built once.
     */
    <E> E recv(Receiver<E> in, Case<E> inCase, Case<E> doneCase) {
        if (!cancellable) {
            return in.recv();
        }
        Worker w = WORKER.get();
        if (w != null && w.stage == this) {
            return w.recv(in);
        }
        if (ctx.err() != null) {
            return null;
        }
        Recv<E> r = in.tryRecv();
        if (r != null) {
            return r.value();
        }
        return Select.select(inCase, doneCase);
    }

    /**
     * Sends {@code v} on {@code to} unless the context is done first (Go's {@code select { case to <-
     * v: case <-done: return }}): true if sent; false if not, and then {@code v} is counted dropped.
     */
    <E> boolean send(Sender<E> to, E v) {
        if (!cancellable) {
            to.send(v);
            return true;
        }
        Worker w = WORKER.get();
        if (w != null && w.stage == this) {
            if (w.send(to, v)) {
                return true;
            }
            stats.drop();
            return false;
        }
        if (ctx.err() == null) {
            if (to.trySend(v) || Select.select(to.onSend(v, SENT), doneOnSend)) {
                return true;
            }
        }
        stats.drop();
        return false;
    }

    /** {@link #send} to the stage's output. */
    boolean emit(T v) {
        return send(out, v);
    }

    /** The {@code v} a user function returned, checked: a channel carries no nulls. */
    static <V> V notNull(V v, String what) {
        return Objects.requireNonNull(v, what);
    }

    /**
     * One goroutine of a cancellable stage, as its canceller sees it: the state machine that lets a
     * cancel interrupt the goroutine only while it is inside one of Stage's own channel operations.
     * See the class comment ("Cancel by interrupt").
     */
    static final class Worker {
        static final int IDLE = 0, IN_OP = 1, CANCELLING = 2, CANCELLED = 3;

        final Stage<?> stage;
        final Thread thread;
        final AtomicInteger state = new AtomicInteger(IDLE);

        Worker(Stage<?> stage, Thread thread) {
            this.stage = stage;
            this.thread = thread;
        }

        /** Goroutine: IDLE -> IN_OP; false when cancelled (the canceller got here first). */
        private boolean enter() {
            return state.compareAndSet(IDLE, IN_OP);
        }

        /**
         * Goroutine: IN_OP -> IDLE; true if so. False when the canceller moved IN_OP -> CANCELLING:
         * then waits for CANCELLED (its interrupt() call is in flight) and clears the interrupt status
         * that the canceller set, so none survives the operation.
         */
        private boolean leave() {
            if (state.compareAndSet(IN_OP, IDLE)) {
                return true;
            }
            while (state.get() != CANCELLED) {
                Thread.yield();
            }
            Thread.interrupted();
            return false;
        }

        /** Goroutine, at the end of its body (always IDLE or CANCELLED there): never interruptible again. */
        void retire() {
            state.compareAndSet(IDLE, CANCELLED);
        }

        /** Canceller: IDLE -> CANCELLED, or IN_OP -> CANCELLING, interrupt, -> CANCELLED. */
        void cancel() {
            for (;;) {
                int s = state.get();
                if (s == IDLE && state.compareAndSet(IDLE, CANCELLED)) {
                    return;
                }
                if (s == IN_OP && state.compareAndSet(IN_OP, CANCELLING)) {
                    try {
                        thread.interrupt();
                    } finally {
                        state.set(CANCELLED);
                    }
                    return;
                }
                if (s >= CANCELLING) {
                    return;
                }
            }
        }

        /** Stage.recv's body for this goroutine: the value, or null when in is closed or ctx is done. */
        <E> E recv(Receiver<E> in) {
            if (!enter()) {
                return null;
            }
            E v;
            try {
                v = stage.ctx.err() == null ? in.recv() : null;
            } catch (GoInterruptedException e) {
                if (leave()) {
                    throw e;      // not the canceller's interrupt: as before, the goroutine's own
                }
                return null;      // the canceller's: the receive did not happen
            } catch (Throwable t) {
                leave();
                throw t;
            }
            if (!leave() && v != null) {
                stage.stats.drop();   // received, but ctx is done: the item goes no further
                return null;
            }
            return v;
        }

        /** Stage.send's body for this goroutine: true if sent; false if ctx was done first. */
        <E> boolean send(Sender<E> to, E v) {
            if (!enter()) {
                return false;
            }
            boolean sent = false;
            try {
                if (stage.ctx.err() == null) {
                    to.send(v);
                    sent = true;
                }
            } catch (GoInterruptedException e) {
                if (leave()) {
                    throw e;
                }
                return false;     // the canceller's interrupt: the send did not happen
            } catch (Throwable t) {
                leave();
                throw t;
            }
            leave();              // false: sent (or not) and ctx is done; the next enter() says so
            return sent;
        }
    }
}
