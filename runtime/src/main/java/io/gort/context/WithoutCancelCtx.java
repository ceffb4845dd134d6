package io.gort.context;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code withoutCancelCtx}: the parent's values, but never cancelled (no deadline, no error, a
 * nil done channel). Immutable. It hides the parent's cancelCtx from {@link Contexts#cause} and
 * from children looking for a context to hang under, as Go's does.
 */
final class WithoutCancelCtx implements Context {
    final Context parent;

    WithoutCancelCtx(Context parent) {
        this.parent = parent;
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
        return Contexts.lookup(this, key);
    }

    @Override
    public String toString() {
        return Contexts.nameOf(this);
    }
}
