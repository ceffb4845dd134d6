package io.gort.examples.notes;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Preventing Goroutine Leaks</b> — the notes' section "🛑 3) Preventing Goroutine Leaks": the usual
 * causes are «{@code range} روی کانالی که هرگز بسته نمیشود» ("ranging over a channel that is never
 * closed"), a send with no receiver, and {@code time.After} in a loop; the cure: «همیشه
 * {@code ctx.Done()} را در {@code select} بگذار» ("always put {@code ctx.Done()} in the select").
 * The notes' consumer, line by line:
 * <pre>{@code
 * func consume(ctx context.Context, in <-chan Item) {
 *     for {
 *         select {
 *         case <-ctx.Done(): return
 *         case it, ok := <-in:
 *             if !ok { return }
 *             _ = process(it)
 *         }
 *     }
 * }
 * }</pre>
 * The program first shows the leak: a consumer ranging over a channel nobody closes stays parked
 * on "chan receive" after its producer is gone (it is then freed by closing the channel, so the
 * program itself leaks nothing). Then {@code consume} with a context returns when cancelled, and
 * returns when its input is closed.
 */
public final class PreventingGoroutineLeaks {
    private PreventingGoroutineLeaks() { }

    record Item(int id) { }

    static final AtomicInteger processed = new AtomicInteger();

    static void process(Item it) {
        processed.incrementAndGet();
    }

    static void consume(Context ctx, Receiver<Item> in) {
        for (;;) {
            boolean more = Select.select(
                    ctx.done().onRecv(x -> false),
                    in.onRecvOk((it, ok) -> {
                        if (!ok) {
                            return false;
                        }
                        process(it);
                        return true;
                    }));
            if (!more) {
                return;
            }
        }
    }

    public static void main(String[] args) {
        processed.set(0);
        // The leak: range over a channel that is never closed.
        Chan<Item> never = Chan.make();
        Goroutine leaky = Go.spawn("leaky consumer", () -> {
            for (Item it : never) {
                process(it);
            }
        });
        never.send(new Item(1));
        never.send(new Item(2));   // the producer is done, but forgets to close
        waitParked(leaky);
        System.out.println("ranging consumer after its producer finished: " + leaky.state() + " [" + leaky.waitReason() + "]: a leak");
        never.close();             // what the producer should have done
        leaky.join();
        System.out.println("closing the channel lets it return: alive = " + leaky.isAlive());

        // consume with a context: cancelling it ends the consumer.
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Item> in = Chan.make();
        Goroutine c1 = Go.spawn("consume", () -> consume(ctx, in));
        in.send(new Item(3));
        ctx.cancel();
        c1.join();
        System.out.println("consume after cancel: returned");

        // consume returns when its input closes.
        Chan<Item> in2 = Chan.make(2);
        in2.send(new Item(4));
        in2.send(new Item(5));
        in2.close();
        Goroutine c2 = Go.spawn("consume", () -> consume(Context.background(), in2));
        c2.join();
        System.out.println("consume after close: returned; items processed in all: " + processed.get());
    }

    private static void waitParked(Goroutine g) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (g.state() != GState.WAITING && System.nanoTime() < until) {
            Go.sleep(Duration.ofMillis(1));
        }
    }
}
