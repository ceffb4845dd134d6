package io.gort.context;

/**
 * Go's {@code context.DeadlineExceeded}: "context deadline exceeded", a timeout ({@link #timeout()}
 * is true, as Go's {@code Timeout()}). The one instance is {@link Context#DEADLINE_EXCEEDED}.
 */
public final class DeadlineExceededException extends ContextException {
    static final DeadlineExceededException INSTANCE = new DeadlineExceededException();

    private DeadlineExceededException() {
        super("context deadline exceeded");
    }

    /** True: the error is a timeout (Go's {@code net.Error.Timeout()}). */
    public boolean timeout() {
        return true;
    }
}
