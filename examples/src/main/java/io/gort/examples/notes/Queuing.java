package io.gort.examples.notes;

import io.gort.chan.Chan;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import java.time.Duration;

/**
 * <b>Queuing</b> — the notes' section "📥 11) Queuing": a buffered channel as a bounded queue, a ring
 * buffer, or a priority queue; «الگوی bounded queue با سیاست drop-new» ("a bounded queue with a
 * drop-new policy"): when the queue is full the new task is dropped; the notes add: measure the
 * queue length and the drop rate. The notes' {@code Queue}, line by line: {@code
 * EnqueueNonBlocking} is a select with a default, {@code Dequeue} waits for a task or the context.
 * The program offers five tasks to a queue of three (two dropped), takes three, and then waits for
 * a fourth under a 20 ms timeout.
 */
public final class Queuing {
    private Queuing() { }

    record Task(int id) { }

    static final class Queue {
        final Chan<Task> ch;
        long dropped;   // the notes' drop-rate metric (one producer here)

        Queue(int n) {
            ch = Chan.make(n);
        }

        /** If the queue is full the new task is dropped. */
        boolean enqueueNonBlocking(Task t) {
            boolean ok = Select.select(ch.onSend(t, () -> true), Select.onDefault(() -> false));
            if (!ok) {
                dropped++;
            }
            return ok;
        }

        Recv<Task> dequeue(Context ctx) {
            return Select.select(
                    ch.onRecvOk((t, ok) -> new Recv<>(t, ok)),
                    ctx.done().onRecv(x -> new Recv<Task>(null, false)));   // Task{}, false
        }
    }

    public static void main(String[] args) {
        Queue q = new Queue(3);
        for (int i = 1; i <= 5; i++) {
            System.out.printf("enqueue %d: %b (queue length %d)%n", i, q.enqueueNonBlocking(new Task(i)), q.ch.len());
        }
        System.out.println("dropped: " + q.dropped);
        for (int i = 0; i < 3; i++) {
            Recv<Task> r = q.dequeue(Context.background());
            System.out.printf("dequeue: %s %b%n", r.value(), r.ok());
        }
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
            Recv<Task> r = q.dequeue(ctx);
            System.out.printf("dequeue on an empty queue: ok=%b after %s%n", r.ok(), ctx.err().getMessage());
        }
    }
}
