package io.gort.sched;

/**
 * Thrown from a blocked gort call when the deadlock detector ({@code io.gort.Deadlocks}, policy
 * {@code throw}) has proved that the wait can never end: Go's {@code fatal error: all goroutines
 * are asleep - deadlock!}, which Go reports by killing the process, turned into an exception in
 * the waiting thread (a {@code main} or a test), or the victim of a cycle of goroutines each
 * waiting for a {@code Mutex} the next one holds (as a database picks a deadlock victim).
 *
 * <p>The wait was cancelled before this is thrown: nothing was received, sent or locked. The
 * thread's interrupt status, used to deliver it, is cleared. The message starts with Go's words
 * and carries the report, dump included.
 */
public final class DeadlockException extends RuntimeException {
    public DeadlockException(String message) {
        super(message);
    }
}
