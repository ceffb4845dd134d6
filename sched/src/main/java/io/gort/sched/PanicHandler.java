package io.gort.sched;

/**
 * Receives what escapes a goroutine's body: Go's panic that nobody recovered. The default
 * handler prints Go's report ({@code panic: ...}, then {@code goroutine N [running]:} and the
 * stack) to standard error and lets the program go on; with {@code -Dgort.panic=exit} it then
 * exits with status 2, as Go does. Install another with {@link Goroutine#setPanicHandler}.
 */
@FunctionalInterface
public interface PanicHandler {
    /** Called on the panicking goroutine's own thread, after its body threw {@code panic}. */
    void panicked(Goroutine goroutine, Throwable panic);
}
