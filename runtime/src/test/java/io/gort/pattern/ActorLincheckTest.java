package io.gort.pattern;

import io.gort.Time;
import io.gort.chan.ChannelClosedException;
import io.gort.chan.Select;
import io.gort.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link Actor}'s {@code tell}, {@code ask} and {@code close} against {@link
 * SequentialList}, a plain list: the actor's state is a list, a tell appends its value, an ask
 * returns the list as it is when the actor handles the ask. Linearization point of tell and ask:
 * the mailbox send (the mailbox is a FIFO channel and one goroutine handles it in order, so an
 * ask's answer holds exactly the tells sent before it); of close: the mailbox close (messages sent
 * before it are still handled; later tells and asks throw "send on closed channel").
 *
 * <p>Stress mode only: the actor's owner is a goroutine (a virtual thread on gort's scheduler),
 * which Lincheck's model checker cannot track. {@code tell} and {@code ask} wait (for room, for the
 * reply), but the owner always makes progress, so every wait ends. Left out: {@code tryTell}, whose
 * "mailbox full" answer depends on how far the owner has got, which no sequential model of the
 * state can say (it is a channel's {@code trySend}, which ChanLincheckTest checks). Each scenario's
 * actor is closed, and its goroutine's end awaited, by {@link #closeAndAwaitEnd}.
 *
 * <p>Found: two {@code close()} calls racing, the loser returned before the winner had closed the
 * mailbox (a flag CAS, then the close), so an {@code ask} started after the loser's close returned
 * was still answered. Fixed in Actor.closeMailbox; on the old code {@link #stressLarge} failed in
 * the one run tried, the default {@link #stress} in one run of three.
 */
public class ActorLincheckTest {
    private final Actor<List<Integer>> actor = Actor.start(Context.background(), new ArrayList<>(), 2);

    /** Lincheck creates one instance per scenario. */
    public ActorLincheckTest() { }

    @Operation
    public String tell(@Param(gen = IntGen.class, conf = "1:9") int v) {
        try {
            actor.tell(s -> s.add(v));
            return "told";
        } catch (ChannelClosedException e) {
            return e.getMessage();
        }
    }

    @Operation
    public String ask() {
        try {
            return actor.ask(List::toString);
        } catch (ChannelClosedException e) {
            return e.getMessage();
        }
    }

    @Operation
    public String close() {
        actor.close();
        return "closed";
    }

    /** After every scenario: the actor ends once closed, and it handled every tell and ask it accepted. */
    @Validate
    public void closeAndAwaitEnd() {
        actor.close();
        boolean ended = Select.select(actor.done().onRecv(x -> true), Time.after(Duration.ofSeconds(30)).onRecv(x -> false));
        if (!ended) {
            throw new AssertionError("the actor did not end within 30 s of close: " + actor);
        }
        if (actor.dropped() != 0 || actor.failed() != 0 || actor.mailboxDepth() != 0) {
            throw new AssertionError("closed actor dropped or failed messages: " + actor);
        }
    }

    /** The actor's state, one message at a time. */
    public static class SequentialList {
        private final List<Integer> state = new ArrayList<>();
        private boolean closed;

        public SequentialList() { }

        public String tell(int v) {
            if (closed) {
                return "send on closed channel";
            }
            state.add(v);
            return "told";
        }

        public String ask() {
            return closed ? "send on closed channel" : state.toString();
        }

        public String close() {
            closed = true;
            return "closed";
        }
    }

    private static StressOptions stress(int iterations, int invocations) {
        return new StressOptions().iterations(iterations).invocationsPerIteration(invocations)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .sequentialSpecification(SequentialList.class);
    }

    @Test
    void stress() {
        stress(6, 500).check(getClass());
    }

    @Test
    @Tag("stress")
    void stressLarge() {
        int m = Math.max(1, Integer.getInteger("gort.stress", 1));
        stress(10 * m, 2_000).check(getClass());
    }
}
