package io.gort.examples.notes;

import io.gort.Go;
import io.gort.Ticker;
import io.gort.Time;
import io.gort.Timer;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.chan.Sender;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>for-select Loop</b> — the notes' section "🔄 2) for-select Loop": «حلقهی بینهایت با {@code select}
 * برای multiplex روی چند کانال + cancel» ("an endless loop with a select that multiplexes several
 * channels plus cancellation"); for timeouts use {@code time.NewTimer}/{@code time.Ticker}, not
 * {@code time.After} in a tight loop, and use {@code default} with care. The notes' {@code serve},
 * line by line: it upper-cases what arrives on {@code in}, sends "ping" on every heartbeat, and
 * returns on cancel, on an idle timeout (reset by every message) or when {@code in} closes.
 * <pre>{@code
 * func serve(ctx context.Context, in <-chan string, out chan<- string) error {
 *     defer close(out)
 *     heartbeat := time.NewTicker(5 * time.Second); defer heartbeat.Stop()
 *     idle := time.NewTimer(30 * time.Second);      defer idle.Stop()
 *     for { select {
 *         case <-ctx.Done(): return ctx.Err()
 *         case <-heartbeat.C: select { case out <- "ping": case <-ctx.Done(): return ctx.Err() }
 *         case <-idle.C: return errors.New("idle timeout")
 *         case msg, ok := <-in: if !ok { return nil }; resetIdle(); select { case out <- strings.ToUpper(msg): ... }
 *     } }
 * }
 * }</pre>
 * Scaled: a 10 ms heartbeat; the idle timeout (30 s in the notes) is a parameter: 100 ms for the
 * idle run, 30 s for the others (a cold JVM may take that long to pass the first message). Three runs: the input closes (serve returns
 * nil), nothing arrives (idle timeout, after some pings), the context is cancelled. The number of
 * pings depends on timing and is not printed; the messages and results are.
 */
public final class ForSelectLoop {
    private ForSelectLoop() { }

    static final Duration HEARTBEAT = Duration.ofMillis(10);

    /** What serve returns in place of Go's error: null for nil. */
    static Exception serve(Context ctx, Receiver<String> in, Sender<String> out, Duration idleTimeout) {
        Ticker heartbeat = Time.newTicker(HEARTBEAT);
        Timer idle = Time.newTimer(idleTimeout);
        try {
            Runnable resetIdle = () -> {
                if (!idle.stop()) {
                    idle.c().tryRecv();                 // select { case <-idle.C: default: }
                }
                idle.reset(idleTimeout);
            };
            for (;;) {
                // Each case's body returns what serve returns, or CONTINUE to go round.
                Exception result = Select.select(
                        ctx.done().onRecv(x -> ctx.err()),
                        heartbeat.c().onRecv(t -> Select.select(
                                out.onSend("ping", () -> CONTINUE),
                                ctx.done().onRecv(x -> ctx.err()))),
                        idle.c().onRecv(t -> new Exception("idle timeout")),
                        in.onRecvOk((msg, ok) -> {
                            if (!ok) {
                                return null;
                            }
                            resetIdle.run();
                            return Select.select(
                                    out.onSend(msg.toUpperCase(), () -> CONTINUE),
                                    ctx.done().onRecv(x -> ctx.err()));
                        }));
                if (result != CONTINUE) {
                    return result;
                }
            }
        } finally {
            idle.stop();
            heartbeat.stop();
            out.close();
        }
    }

    private static final Exception CONTINUE = new Exception("continue");

    /** Runs serve in a goroutine, feeds it {@code msgs}, collects what it sends until it closes out. */
    static void run(String title, CancelContext ctx, boolean closeIn, List<String> msgs, Duration cancelAfter,
            Duration idleTimeout) {
        Chan<String> in = Chan.make(), out = Chan.make();
        Chan<String> result = Chan.make(1);
        Go.spawn(() -> {
            Exception err = serve(ctx, in, out, idleTimeout);
            result.send(err == null ? "<nil>" : err.getMessage());
        });
        Go.spawn(() -> {
            for (String m : msgs) {
                in.send(m);
            }
            if (closeIn) {
                in.close();
            }
            if (cancelAfter != null) {
                Go.sleep(cancelAfter);
                ctx.cancel();
            }
        });
        List<String> got = new ArrayList<>();
        int pings = 0;
        for (String s : out) {
            if (s.equals("ping")) {
                pings++;
            } else {
                got.add(s);
            }
        }
        System.out.printf("%s: out=%s, serve returned: %s%n", title, got, result.recv());
        if (msgs.isEmpty()) {
            System.out.printf("  it sent heartbeats while idle: %b%n", pings > 0);
        }
        ctx.cancel();
    }

    public static void main(String[] args) {
        run("input closes", Context.withCancel(Context.background()), true, List.of("hello", "gort"), null, Duration.ofSeconds(30));
        run("input idle", Context.withCancel(Context.background()), false, List.of(), null, Duration.ofMillis(100));
        run("cancelled", Context.withCancel(Context.background()), false, List.of("bye"), Duration.ofMillis(30), Duration.ofSeconds(30));
    }
}
