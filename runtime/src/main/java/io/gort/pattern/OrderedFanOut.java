package io.gort.pattern;

import io.gort.Go;
import io.gort.chan.Case;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import java.util.function.Function;

/**
 * {@link Channels#fanOutOrdered}: a worker pool whose results leave in input order — Go's usual
 * "channel of result channels" idiom for an ordered fan-out.
 */
final class OrderedFanOut {
    /*
     * Goroutines: a dispatcher, `workers` workers, a collector (the stage's goroutine).
     *   dispatcher: for each v of in, makes a slot (a channel of capacity 1), sends it on `slots`
     *     (capacity `workers`: the bound on values in flight), then sends (v, slot) on `jobs`.
     *     On any exit it closes jobs and slots.
     *   worker: for each job, puts fn(v) — or FAILED when fn throws, then rethrows (its panic) —
     *     into the job's slot; the slot has room for exactly that one value, so this never waits.
     *   collector: for each slot, in the order the dispatcher queued them, waits for its value and
     *     sends it on the output; stops at FAILED. On exit (the stage's finish) it closes the output
     *     and cancels `inner`, the context all of them wait on.
     * Leak-freedom: every wait of the three is a Stage.recv/send on `inner`, so cancelling `inner`
     *   ends them; the collector cancels it when it leaves for any reason, and it leaves when `slots`
     *   closes (after in closed) or ctx is done or a job failed. A worker ends when jobs closes.
     * Order: slots carry the order of `in`; a result is sent only after every earlier one.
     * Happens-before: fn(v)'s writes -> slot send -> collector's receive -> output send -> consumer.
     */

    private static final Object FAILED = new Object();

    private OrderedFanOut() { }

    private record Job<T>(T value, Chan<Object> slot) { }

    @SuppressWarnings("unchecked")
    static <T, R> Receiver<R> start(Context ctx, Receiver<T> in, int workers, Function<? super T, ? extends R> fn) {
        CancelContext inner = Context.withCancel(ctx);
        Stage<R> s = Stage.of("fanOutOrdered", inner, 0, 1);
        s.onLastExit(inner::cancel);
        Chan<Job<T>> jobs = Chan.make();
        Chan<Chan<Object>> slots = Chan.make(workers);
        String name = s.stats.name();

        Go.spawn(name + "-dispatch", () -> {
            try {
                Case<T> inCase = Stage.recvCase(in), doneCase = s.doneOnRecv();
                T v;
                while ((v = s.recv(in, inCase, doneCase)) != null) {
                    Chan<Object> slot = Chan.make(1);
                    if (!s.send(slots, slot) || !s.send(jobs, new Job<>(v, slot))) {
                        return;
                    }
                }
            } finally {
                jobs.close();
                slots.close();
            }
        });
        for (int i = 0; i < workers; i++) {
            Go.spawn(name + "-worker", () -> {
                Case<Job<T>> jobCase = Stage.recvCase(jobs), doneCase = s.doneOnRecv();
                Job<T> j;
                while ((j = s.recv(jobs, jobCase, doneCase)) != null) {
                    Object r;
                    try {
                        r = Stage.notNull(fn.apply(j.value()), "fanOutOrdered: fn returned null");
                    } catch (Throwable panic) {
                        j.slot().trySend(FAILED);
                        throw panic;
                    }
                    j.slot().trySend(r);
                }
            });
        }
        s.go(() -> {
            StageStats st = s.stats;
            Case<Chan<Object>> slotCase = Stage.recvCase(slots), doneCase = s.doneOnRecv();
            Case<Object> doneOnValue = s.doneOnRecv();
            Chan<Object> slot;
            while ((slot = s.recv(slots, slotCase, doneCase)) != null) {
                long t = st.begin();
                Object r = s.recv(slot, Stage.recvCase(slot), doneOnValue);
                if (r == null || r == FAILED) {
                    return;
                }
                if (!s.emit((R) r)) {
                    return;
                }
                st.item(t);
            }
        });
        return s.out;
    }
}
