package io.gort.context;

/**
 * The errors a {@link Context} reports: {@link CanceledException} or {@link
 * DeadlineExceededException}. Go's are error values; gort's are exceptions so that {@link
 * Context#throwIfDone()} and code that prefers throwing can use them, and their two instances, {@link
 * Context#CANCELED} and {@link Context#DEADLINE_EXCEEDED}, are values that compare with {@code ==}.
 * They carry no stack trace (they are shared) and accept no suppressed exceptions.
 */
public abstract sealed class ContextException extends RuntimeException
        permits CanceledException, DeadlineExceededException {
    ContextException(String message) {
        super(message, null, false, false);
    }
}
