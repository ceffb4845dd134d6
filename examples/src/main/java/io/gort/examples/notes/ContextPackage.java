package io.gort.examples.notes;

import io.gort.Ticker;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.context.ContextException;
import io.gort.errgroup.Group;
import java.time.Duration;

/**
 * <b>The {@code context} package</b> — the notes' section "🧰 12) پکیج {@code context}" ("the context
 * package"). Its golden rules: {@code ctx} is the first argument; do not keep it in a struct;
 * {@code Background()} only at the root; never nil — use {@code TODO()}; {@code WithTimeout}/{@code
 * WithDeadline} for timeouts, {@code WithCancel} for manual cancel; {@code WithValue} only for light
 * request-scoped data under a type-safe key; since Go 1.20 {@code WithCancelCause} and {@code Cause}.
 * Its two programs, line by line: cascading cancellation with an errgroup,
 * <pre>{@code
 * func doAll(ctx context.Context) error {
 *     g, ctx := errgroup.WithContext(ctx)
 *     g.Go(func() error { return taskA(ctx) })
 *     g.Go(func() error { return taskB(ctx) })
 *     return g.Wait()   // if one fails, ctx is cancelled for the others
 * }
 * }</pre>
 * and the loop every long-running task has: {@code for { select { case <-ctx.Done(): return ctx.Err();
 * case msg := <-ch: _ = handle(ctx, msg) } } } (taskB below). Then one line per rule: a timeout,
 * a value under a typed key, a cancel with a cause.
 */
public final class ContextPackage {
    private ContextPackage() { }

    /** A type-safe key for request-scoped data. */
    static final Context.Key<String> TRACE_ID = Context.Key.named("trace-id");

    static void taskA(Context ctx) throws Exception {
        Select.select(Time.after(Duration.ofMillis(10)).onRecv(t -> null), ctx.done().onRecv(x -> null));
        throw new Exception("taskA: boom");
    }

    static void taskB(Context ctx, Receiver<String> ch) {
        for (;;) {
            ContextException err = Select.select(
                    ctx.done().onRecv(x -> ctx.err()),
                    ch.onRecv(msg -> null));      // _ = handle(ctx, msg)
            if (err != null) {
                System.out.println("taskB stopped: " + err.getMessage());
                throw err;
            }
        }
    }

    static Throwable doAll(Context parent) {
        Group g = Group.withContext(parent);
        Context ctx = g.context();
        Chan<String> messages = Chan.make();
        Ticker producer = Time.newTicker(Duration.ofMillis(1));
        try {
            g.go(() -> taskA(ctx));
            g.go(() -> taskB(ctx, messagesFrom(ctx, producer, messages)));
            return g.awaitError();
        } finally {
            producer.stop();
        }
    }

    /** Feeds taskB a message per tick until ctx is done. */
    private static Receiver<String> messagesFrom(Context ctx, Ticker ticker, Chan<String> out) {
        io.gort.Go.spawn(() -> {
            for (;;) {
                boolean stop = Select.select(
                        ticker.c().onRecv(t -> Select.select(out.onSend("msg", () -> false), ctx.done().onRecv(x -> true))),
                        ctx.done().onRecv(x -> true));
                if (stop) {
                    return;
                }
            }
        });
        return out;
    }

    public static void main(String[] args) {
        Throwable err = doAll(Context.background());
        System.out.println("doAll: " + err.getMessage());

        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(10))) {
            ctx.done().recv();
            System.out.println("WithTimeout(10ms): " + ctx.err().getMessage());
        }
        Context req = Context.withValue(Context.todo(), TRACE_ID, "req-42");
        System.out.println("WithValue: trace-id = " + req.value(TRACE_ID));
        CancelContext ctx = Context.withCancelCause(Context.background());
        ctx.cancel(new IllegalStateException("shutting down"));
        System.out.println("WithCancelCause: err = " + ctx.err().getMessage() + ", cause = " + Context.cause(ctx).getMessage());
    }
}
