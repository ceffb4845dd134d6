package io.gort.context;

import io.gort.chan.Receiver;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code valueCtx}: binds one key to one value and delegates everything else to its parent.
 * Immutable, so safe for concurrent use; lookups walk up the chain iteratively ({@link
 * Contexts#lookup}), as Go's {@code value} function does.
 */
final class ValueCtx implements Context {
    final Context parent;
    final Key<?> key;
    final Object val;

    ValueCtx(Context parent, Key<?> key, Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    @Override
    public Optional<Instant> deadline() {
        return Contexts.deadlineOf(parent);
    }

    @Override
    public Receiver<Void> done() {
        return parent.done();
    }

    @Override
    public ContextException err() {
        return parent.err();
    }

    @Override
    public <T> T value(Key<T> k) {
        return Contexts.lookup(this, k);
    }

    @Override
    public String toString() {
        return Contexts.nameOf(this);
    }
}
