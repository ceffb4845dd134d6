package io.gort.context;

/** Go's {@code context.Canceled}: "context canceled". The one instance is {@link Context#CANCELED}. */
public final class CanceledException extends ContextException {
    static final CanceledException INSTANCE = new CanceledException();

    private CanceledException() {
        super("context canceled");
    }
}
