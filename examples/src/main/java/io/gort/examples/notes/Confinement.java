package io.gort.examples.notes;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.chan.Sender;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sync.WaitGroup;

/**
 * <b>Confinement (Actor-style Ownership)</b> — the notes' section "🔒 1) Confinement": «یک goroutine «مالک»
 * داده است؛ بقیه فقط از طریق پیام (channel) با این مالک حرف میزنند. قفلها (mutex) به حداقل میرسند»
 * ("one goroutine owns the data; the others talk to the owner only by messages on a channel; locks
 * shrink to a minimum"). The notes' mini-actor, line by line: a {@code Counter} whose {@code Run}
 * loop is the only code that touches {@code val}; {@code Add} and {@code Get} are commands; a
 * {@code Get} carries its reply channel, and every blocking step also watches {@code ctx.Done()}.
 * The program adds 1 from 100 goroutines ten times each, reads 1000, cancels, and shows that a
 * {@code Get} after the cancel returns {@code (0, false)} instead of blocking.
 */
public final class Confinement {
    private Confinement() { }

    /** Go's {@code type Command interface{}}, closed over the two commands. */
    sealed interface Command permits Get, Add { }

    record Get(Sender<Integer> reply) implements Command { }

    record Add(int n) implements Command { }

    /** Go's {@code (int, bool)} result of {@code Get}. */
    record IntOk(int value, boolean ok) { }

    static final class Counter {
        private final Chan<Command> cmds;

        Counter(int buffer) {                                  // NewCounter
            cmds = Chan.make(buffer);
        }

        void run(Context ctx) {
            int val = 0;                                       // confined to this goroutine
            for (;;) {
                Command cmd = Select.select(
                        ctx.done().onRecv(x -> null),
                        cmds.onRecv());
                if (cmd == null) {
                    return;                                    // case <-ctx.Done(): return
                }
                switch (cmd) {
                    case Add m -> val += m.n();
                    case Get m -> {
                        // non-blocking safety: if the consumer crashed, do not deadlock
                        boolean cancelled = Select.select(
                                m.reply().onSend(val, () -> false),
                                ctx.done().onRecv(x -> true));
                        if (cancelled) {
                            return;
                        }
                    }
                }
            }
        }

        void add(int n) {
            cmds.send(new Add(n));
        }

        IntOk get(Context ctx) {
            Chan<Integer> reply = Chan.make(1);
            boolean sent = Select.select(
                    cmds.onSend(new Get(reply), () -> true),
                    ctx.done().onRecv(x -> false));
            if (!sent) {
                return new IntOk(0, false);
            }
            return Select.select(
                    reply.onRecv(v -> new IntOk(v, true)),
                    ctx.done().onRecv(x -> new IntOk(0, false)));
        }
    }

    public static void main(String[] args) {
        CancelContext ctx = Context.withCancel(Context.background());
        Counter c = new Counter(16);
        WaitGroup actor = new WaitGroup();
        actor.go(() -> c.run(ctx));

        WaitGroup clients = new WaitGroup();
        for (int g = 0; g < 100; g++) {
            clients.go(() -> {
                for (int i = 0; i < 10; i++) {
                    c.add(1);
                }
            });
        }
        clients.await();
        IntOk v = c.get(ctx);
        System.out.printf("after 100 goroutines x 10 Adds: Get = (%d, %b)%n", v.value(), v.ok());

        ctx.cancel();
        actor.await();
        IntOk after = c.get(ctx);
        System.out.printf("after cancel the actor has stopped; Get = (%d, %b)%n", after.value(), after.ok());
    }
}
