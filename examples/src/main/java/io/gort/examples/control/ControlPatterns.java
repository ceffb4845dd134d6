package io.gort.examples.control;

import io.gort.chan.Chan;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.pattern.Actor;
import io.gort.pattern.BoundedQueue;
import io.gort.pattern.Heartbeat;
import io.gort.pattern.PriorityChan;
import io.gort.pattern.Replicated;
import io.gort.pattern.Steward;
import io.gort.pattern.Ward;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control patterns, one paragraph each; {@code ControlPatternsTest} checks the output:
 * <pre>
 * queue: 3 4 5 (dropped 2)
 * priority: request report cleanup
 * actor: {a=3, b=2, c=1}
 * replicated: the fast one
 * heartbeat: pulse, then 1 4 9
 * steward: ward unhealthy; restarting (1)
 * steward: ward unhealthy; restarting (2)
 * </pre>
 */
public final class ControlPatterns {
    private ControlPatterns() { }

    public static void main(String[] args) {
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            // A sampler that keeps the newest: a full queue evicts its oldest item.
            BoundedQueue<Integer> q = BoundedQueue.make(3, BoundedQueue.Policy.DROP_OLDEST);
            for (int i = 1; i <= 5; i++) {
                q.offer(i);
            }
            q.close();
            StringBuilder got = new StringBuilder();
            for (int v : q.receiver()) {
                got.append(v).append(' ');
            }
            System.out.println("queue: " + got + "(dropped " + q.dropped() + ")");

            // Receivers get the highest priority waiting.
            PriorityChan<String> jobs = PriorityChan.make(ctx, 8);
            jobs.send("cleanup", 0);
            jobs.send("request", 10);
            jobs.send("report", 5);
            jobs.close();
            System.out.println("priority: " + String.join(" ", jobs.receiver()));

            // One goroutine owns the map; others send it messages.
            Actor<Map<String, Integer>> counter = Actor.start(ctx, new HashMap<>(), 16);
            for (String w : "a b a c a b".split(" ")) {
                counter.tell(m -> m.merge(w, 1, Integer::sum));
            }
            System.out.println("actor: " + counter.ask(ctx, TreeMap::new));
            counter.close();

            // The same request three times; the first answer wins, the others are cancelled.
            AtomicInteger tickets = new AtomicInteger();
            Replicated.Answer<String> a = Replicated.first(ctx, 3, c -> {
                if (tickets.getAndIncrement() == 1) {
                    return "the fast one";
                }
                c.done().recv();        // slow: waits until cancelled
                throw c.err();
            });
            System.out.println("replicated: " + a.value());

            // The deterministic-test trick: wait for the first pulse, then read the results.
            Chan<Integer> in = Chan.make(3);
            for (int i = 1; i <= 3; i++) {
                in.send(i);
            }
            in.close();
            Heartbeat.Beating<Integer> w = Heartbeat.perUnit(ctx, in, x -> x * x);
            w.heartbeat().recv();
            StringBuilder squares = new StringBuilder();
            for (int r : w.results()) {
                squares.append(' ').append(r);
            }
            System.out.println("heartbeat: pulse, then" + squares);

            // A ward that never beats is restarted every timeout; the steward stops after two restarts.
            CancelContext stewardCtx = Context.withCancel(ctx);
            Ward irresponsible = (wardCtx, pulse) -> null;
            Steward steward = new Steward(Duration.ofMillis(20), irresponsible, n -> {
                System.out.println("steward: ward unhealthy; restarting (" + n + ")");
                if (n == 2) {
                    stewardCtx.cancel();
                }
            });
            for (var pulse : steward.start(stewardCtx, Duration.ofSeconds(1))) {
                // the book's `for range doWorkWithSteward(done, 4*time.Second) {}`: until the steward ends
            }
        }
    }
}
