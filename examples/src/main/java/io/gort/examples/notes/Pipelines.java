package io.gort.examples.notes;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>Pipelines</b> — the notes' section "📦 6) Pipelines": «داده از چند مرحله میگذرد؛ هر مرحله goroutine
 * خودش را دارد و از channel برای انتقال استفاده میکند» ("data passes through several stages; each
 * stage has its own goroutine and hands data on by channel"); each stage closes its output when its
 * input ends and passes cancellation on. The notes' {@code gen}, {@code sq} and {@code pipeline},
 * line by line: {@code sq(sq(gen(1,2,3,4)))} gives 1, 16, 81, 256. Then the same pipeline with a
 * context cancelled after the first value: every stage returns, nothing leaks.
 */
public final class Pipelines {
    private Pipelines() { }

    static Receiver<Integer> gen(Context ctx, int... ns) {
        Chan<Integer> out = Chan.make();
        Go.spawn(() -> {
            try {                                         // defer close(out)
                for (int n : ns) {
                    boolean done = Select.select(out.onSend(n, () -> false), ctx.done().onRecv(x -> true));
                    if (done) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    static Receiver<Integer> sq(Context ctx, Receiver<Integer> in) {
        Chan<Integer> out = Chan.make();
        Go.spawn(() -> {
            try {
                for (int n : in) {
                    boolean done = Select.select(out.onSend(n * n, () -> false), ctx.done().onRecv(x -> true));
                    if (done) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    static List<Integer> pipeline(Context ctx) {
        List<Integer> res = new ArrayList<>();
        for (int v : sq(ctx, sq(ctx, gen(ctx, 1, 2, 3, 4)))) {
            res.add(v);
        }
        return res;
    }

    public static void main(String[] args) {
        System.out.println("sq(sq(gen(1, 2, 3, 4))) = " + pipeline(Context.background()));

        CancelContext ctx = Context.withCancel(Context.background());
        Receiver<Integer> out = sq(ctx, sq(ctx, gen(ctx, 1, 2, 3, 4)));
        System.out.println("first value: " + out.recv());
        ctx.cancel();
        for (int v : out) {   // the stages see the cancel and close their outputs; in-flight values may come
        }
        System.out.println("after cancel every stage returned and closed its output");
    }
}
