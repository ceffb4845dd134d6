package io.gort.context;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code backgroundCtx} and {@code todoCtx} (both an {@code emptyCtx}): never cancelled, no
 * values, no deadline, a nil done channel. Two instances, told apart only by their names.
 */
final class EmptyCtx implements Context {
    static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background");
    static final EmptyCtx TODO = new EmptyCtx("context.TODO");

    private final String name;

    private EmptyCtx(String name) {
        this.name = name;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public Receiver<Void> done() {
        return Chan.nil();
    }

    @Override
    public ContextException err() {
        return null;
    }

    @Override
    public <T> T value(Key<T> key) {
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
