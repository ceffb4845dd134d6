package io.gort.sched;

/**
 * Thrown when a goroutine (or any thread) blocked in a gort call is interrupted. Go has no
 * interrupts; Java does, and a Java caller expects the blocked call to end. The thread's
 * interrupt status is set again before this is thrown, so an outer loop can still see it.
 */
public final class GoInterruptedException extends RuntimeException {
    public GoInterruptedException(InterruptedException cause) {
        super(cause.getMessage() == null ? "interrupted" : cause.getMessage(), cause);
    }

    public GoInterruptedException(String message) {
        super(message);
    }
}
