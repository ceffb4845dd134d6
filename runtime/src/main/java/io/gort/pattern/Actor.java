package io.gort.pattern;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.ChannelClosedException;
import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import io.gort.context.Context;
import io.gort.sched.Goroutine;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Confinement, actor-style ("Concurrency in Go" ch.4, "Confinement"; the mini-actor of the seed
 * notes): one goroutine owns a state {@code S}, and every other goroutine reaches it only by
 * sending that goroutine a message over a channel, the mailbox. No lock guards {@code S}: only the
 * owner touches it, one message at a time.
 *
 * <pre>{@code
 * // Go:  type Counter struct{ cmds chan Command } ... go c.Run(ctx)
 * Actor<int[]> counter = Actor.start(ctx, new int[1], 16);
 * counter.tell(s -> s[0] += 5);                 // Add{N: 5}: fire and forget
 * int v = counter.ask(ctx, s -> s[0]);          // Get{Reply}: request/response
 * counter.close();                              // the owner handles what is queued, then ends
 * }</pre>
 *
 * <p>Messages are handled in the order they entered the mailbox (FIFO), each to completion before
 * the next. {@link #tell} waits while the mailbox is full (back-pressure); {@link #tryTell} does not.
 * {@link #ask} waits for the reply; the function's result is the reply, and an exception it throws
 * is thrown to the asker instead. An exception thrown by a told message is counted ({@link
 * #failed()}) and the actor goes on: no message can kill it.
 *
 * <p>Stopping: {@link #close()} closes the mailbox: the owner handles every message already in it,
 * then ends. When the context given to {@link #start} is done, the owner ends after the message in
 * hand; the messages still in the mailbox are dropped (counted in {@link #dropped()}), and their
 * askers get the context's error. Either way, the mailbox is closed, so a later or waiting tell or
 * ask throws "send on closed channel"; {@link #done()} is closed when the owner goroutine has ended.
 * An actor that is neither closed nor cancelled keeps its (parked) goroutine, as Go's {@code Run}
 * loop would.
 *
 * <p>Memory model: a tell or ask happens-before its message is handled; the handling of a message
 * happens-before the handling of the next, and before its ask returns. So the state needs no
 * synchronization of its own, as long as no reference to it escapes the messages.
 *
 * @param <S> the type of the state the actor owns
 */
public final class Actor<S> implements AutoCloseable {
    /*
     * Design: the seed notes' Counter.Run loop, generic: the mailbox is a buffered Chan of messages
     * (a Tell with a Consumer, or an Ask with a Function and a reply channel of capacity 1, so the
     * owner never waits on an asker that has gone away: Go's version needs a select with ctx.Done
     * there instead). The owner's loop is select(ctx.done, mailbox).
     *
     * State and writers:  state — the owner goroutine only;  the mailbox's closed flag — set by
     *   close() or the owner on a context stop, whichever comes first (the channel's own close, under
     *   its lock: a second close returns only once the first has closed it);  counters — LongAdders
     *   written by the owner (processed, failed, dropped);  done — closed by the owner at its end.
     * Invariants:  I1  every message that entered the mailbox is handled or dropped, exactly once:
     *   the owner either receives it in its loop, or, after its loop, drains the (now closed)
     *   mailbox.  I2  every Ask that entered the mailbox gets exactly one reply.  I3  after the
     *   mailbox is closed no message enters it.
     * Linearization points:  tell/ask — the mailbox send;  handling — the owner's receive;
     *   close — the mailbox close.
     * Races (written out):  T1 ctx is cancelled; T2 a teller's send lands in the mailbox; T1's owner
     *   leaves its loop, closes the mailbox, drains it: T2's message is dropped and counted (it
     *   entered before the close, I1). Had T2 come after the close, its send would have thrown.
     */

    private sealed interface Msg<S> permits Tell, Ask { }

    private record Tell<S>(Consumer<? super S> body) implements Msg<S> { }

    private record Ask<S>(Function<? super S, ?> body, Chan<Reply> reply) implements Msg<S> { }

    private record Reply(Object value, Throwable failure) { }

    private final Context ctx;
    private final S state;                      // owner only
    private final Chan<Msg<S>> mailbox;
    private final Chan<Void> done = Chan.make();
    private final LongAdder processed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final StageStats stats;
    private volatile Goroutine owner;

    private Actor(Context ctx, S state, int mailboxCapacity) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.state = Objects.requireNonNull(state, "state");
        if (mailboxCapacity < 1) {
            throw new IllegalArgumentException("Actor: mailbox capacity must be at least 1, got " + mailboxCapacity);
        }
        this.mailbox = Chan.make(mailboxCapacity);
        this.stats = StageStats.register("actor", this);
        stats.depthFrom(mailbox::len);
    }

    /**
     * Starts an actor that owns {@code state}, with a mailbox of {@code mailboxCapacity} messages,
     * running until it is closed or {@code ctx} is done.
     */
    public static <S> Actor<S> start(Context ctx, S state, int mailboxCapacity) {
        Actor<S> a = new Actor<>(ctx, state, mailboxCapacity);
        Go.spawn("Actor", a::run);
        return a;
    }

    private static final Object STOP = new Object();

    private void run() {
        owner = Go.current();
        try {
            while (!ctx.isDone()) {     // checked first: a stop is not raced by a full mailbox
                Object m = Select.select(ctx.done().onRecv(x -> STOP), mailbox.onRecvOk((v, ok) -> ok ? v : STOP));
                if (m == STOP) {
                    break;
                }
                @SuppressWarnings("unchecked") Msg<S> msg = (Msg<S>) m;
                handle(msg);
            }
        } finally {
            closeMailbox();
            Throwable why = ctx.err();
            for (Recv<Msg<S>> r; (r = mailbox.tryRecv()) != null && r.ok(); ) {
                if (why == null) {
                    handle(r.value());      // closed: handle what was queued (normally empty here)
                } else {
                    dropped.increment();
                    stats.drop();
                    if (r.value() instanceof Ask<S> ask) {
                        ask.reply.send(new Reply(null, why));
                    }
                }
            }
            done.close();
        }
    }

    private void handle(Msg<S> msg) {
        long t = stats.begin();
        switch (msg) {
            case Tell<S> tell -> {
                try {
                    tell.body.accept(state);
                } catch (Throwable e) {
                    failed.increment();
                }
            }
            case Ask<S> ask -> {
                Reply reply;
                try {
                    reply = new Reply(ask.body.apply(state), null);
                } catch (Throwable e) {
                    failed.increment();
                    reply = new Reply(null, e);
                }
                processed.increment();      // before the reply: an asker sees its message counted
                stats.item(t);
                ask.reply.send(reply);      // never waits: capacity 1, one reply per ask
                return;
            }
        }
        processed.increment();
        stats.item(t);
    }

    /**
     * Closes the mailbox unless it is closed already. Not a CAS on a flag and then the close: a
     * close() that lost that CAS would return before the winner closed the mailbox, and a tell that
     * starts after it returned could still get in (ActorLincheckTest found that). The channel's
     * close is atomic, so the loser's "close of closed channel" comes after the mailbox is closed.
     */
    private void closeMailbox() {
        try {
            mailbox.close();
        } catch (ChannelClosedException alreadyClosed) {
            // closed by the other party (close() or the owner): nothing left to do
        }
    }

    // ---- callers -------------------------------------------------------------------------------

    /**
     * Sends {@code message} to be run on the state, waiting while the mailbox is full; returns
     * once it is in the mailbox.
     *
     * @throws ChannelClosedException "send on closed channel" if the actor is closed or stopped
     */
    public void tell(Consumer<? super S> message) {
        tell(Context.background(), message);
    }

    /**
     * As {@link #tell(Consumer)}, waiting until {@code ctx} is done at most.
     *
     * @throws io.gort.context.ContextException {@code ctx.err()} if ctx ended the wait (not sent)
     */
    public void tell(Context ctx, Consumer<? super S> message) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(message, "message");
        send(ctx, new Tell<>(message));
    }

    /** Sends {@code message} if the mailbox has room; false if it is full. */
    public boolean tryTell(Consumer<? super S> message) {
        Objects.requireNonNull(message, "message");
        return mailbox.trySend(new Tell<>(message));
    }

    /** {@code ask(Context.background(), question)}. */
    public <R> R ask(Function<? super S, ? extends R> question) {
        return ask(Context.background(), question);
    }

    /**
     * Runs {@code question} on the state and returns its result, waiting for room in the mailbox and
     * for the reply until {@code ctx} is done. An exception the question throws is thrown here.
     *
     * @throws ChannelClosedException "send on closed channel" if the actor is closed or stopped
     * @throws io.gort.context.ContextException {@code ctx.err()} if ctx ended the wait; or the
     *         actor's context's error, if the actor stopped with the question still in its mailbox
     * @throws IllegalStateException when called from the actor's own goroutine (it would wait for itself)
     */
    @SuppressWarnings("unchecked")
    public <R> R ask(Context ctx, Function<? super S, ? extends R> question) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(question, "question");
        if (Go.current() != null && Go.current() == owner) {
            throw new IllegalStateException("Actor: ask from the actor's own goroutine would wait for itself forever");
        }
        Chan<Reply> reply = Chan.make(1);
        send(ctx, new Ask<>(question, reply));
        Reply r = Select.select(reply.onRecv(), ctx.done().onRecv(x -> null));
        if (r == null) {
            throw ctx.err();
        }
        if (r.failure != null) {
            switch (r.failure) {
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException(r.failure);
            }
        }
        return (R) r.value;
    }

    private void send(Context ctx, Msg<S> m) {
        if (mailbox.trySend(m)) {
            return;
        }
        Boolean sent = Select.select(mailbox.onSend(m, () -> Boolean.TRUE), ctx.done().onRecv(x -> Boolean.FALSE));
        if (!sent) {
            throw ctx.err();
        }
    }

    /**
     * Closes the mailbox: the actor handles every message already in it, then ends (see {@link
     * #done()}). Later tells and asks throw "send on closed channel". Idempotent.
     */
    @Override
    public void close() {
        closeMailbox();
    }

    /** Closed when the actor's goroutine has ended (it never carries a value): for select and waiting. */
    public Receiver<Void> done() {
        return done;
    }

    // ---- counters ------------------------------------------------------------------------------

    /** Messages handled so far (tells and asks, including those that threw). */
    public long processed() {
        return processed.sum();
    }

    /** Messages whose handler threw, so far. */
    public long failed() {
        return failed.sum();
    }

    /** Messages dropped because the context ended while they waited in the mailbox. */
    public long dropped() {
        return dropped.sum();
    }

    /** Messages waiting in the mailbox now. */
    public int mailboxDepth() {
        return mailbox.len();
    }

    /** The mailbox capacity. */
    public int mailboxCapacity() {
        return mailbox.cap();
    }

    /** The actor's {@link StageStats} (kind "actor", findable by {@code StageStats.of(actor)}). */
    public StageStats stats() {
        return stats;
    }

    @Override
    public String toString() {
        return "Actor[mailbox " + mailboxDepth() + "/" + mailboxCapacity() + ", processed " + processed()
                + ", failed " + failed() + ", dropped " + dropped() + "]";
    }
}
