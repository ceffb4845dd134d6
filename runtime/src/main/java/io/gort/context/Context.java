package io.gort.context;

import io.gort.chan.Receiver;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code context.Context}: a deadline, a cancellation signal and request-scoped values, carried
 * down a tree of contexts. Cancelling a context cancels every context derived from it, and no
 * other; a derived context detaches from its parent when it is cancelled.
 *
 * <pre>{@code
 * // Go:  ctx, cancel := context.WithTimeout(parent, 50*time.Millisecond)
 * //      defer cancel()
 * try (CancelContext ctx = Context.withTimeout(parent, Duration.ofMillis(50))) {
 *     String r = Select.select(
 *             results.onRecv(v -> v),
 *             ctx.done().onRecv(x -> "gave up: " + ctx.err().getMessage()));
 * }
 * }</pre>
 *
 * <p>The Java shape of Go's API:
 * <ul>
 *   <li>Go's {@code (ctx, cancel)} pair is one object, a {@link CancelContext}: a context that is
 *       also its cancel function and {@link AutoCloseable}, so try-with-resources plays Go's
 *       {@code defer cancel()}.
 *   <li>{@link #err()} returns Go's error values, {@link #CANCELED} and {@link #DEADLINE_EXCEEDED}
 *       (compare with {@code ==}, as Go's {@code err == context.Canceled}); they are exceptions, so
 *       {@link #throwIfDone()} can throw them and callers can catch {@link CanceledException} or
 *       {@link DeadlineExceededException}.
 *   <li>Values are looked up by typed {@link Key}s, compared by identity (Go recommends an
 *       unexported key type for the same reason).
 * </ul>
 *
 * <p>Memory model (Go's): a call that cancels a context happens-before {@link #done()} is observed
 * closed and before {@link #err()} returns non-null for it and its descendants.
 *
 * <p>All methods are safe for concurrent use from any goroutine or thread.
 */
public interface Context {

    /** Go's {@code context.Canceled}: the error of a context cancelled by its cancel function. */
    CanceledException CANCELED = CanceledException.INSTANCE;

    /** Go's {@code context.DeadlineExceeded}: the error of a context whose deadline passed. */
    DeadlineExceededException DEADLINE_EXCEEDED = DeadlineExceededException.INSTANCE;

    /** The time when work done for this context should be cancelled; empty when there is none. */
    Optional<Instant> deadline();

    /**
     * A channel that is closed when this context is cancelled, for use in {@code select}; it never
     * carries a value. It is made on the first call. A context that can never be cancelled ({@link
     * #background()}, {@link #todo()}, {@link #withoutCancel}) returns a nil channel, which is never
     * ready, as Go's returns nil.
     */
    Receiver<Void> done();

    /**
     * Null while {@link #done()} is open; after, why: {@link #CANCELED} or {@link
     * #DEADLINE_EXCEEDED}. Once non-null it never changes.
     */
    ContextException err();

    /**
     * The value bound to {@code key} by this context or the nearest ancestor that binds it, or null
     * (Go's {@code ctx.Value(key)}).
     */
    <T> T value(Key<T> key);

    /** Throws {@link #err()} if this context is done; returns normally otherwise. */
    default void throwIfDone() {
        ContextException e = err();
        if (e != null) {
            throw e;
        }
    }

    /** True once this context is done (Go's {@code ctx.Err() != nil}). */
    default boolean isDone() {
        return err() != null;
    }

    // ---- Go's package functions ----------------------------------------------------------------

    /** The root context: never cancelled, no values, no deadline (Go's {@code context.Background()}). */
    static Context background() {
        return Contexts.background();
    }

    /** A root context for code that has not decided which context to use (Go's {@code context.TODO()}). */
    static Context todo() {
        return Contexts.todo();
    }

    /**
     * A child of {@code parent} with its own cancel function (Go's {@code context.WithCancel}): it is
     * done when its {@link CancelContext#cancel()} is called or when the parent is done, whichever
     * happens first. Throws {@link NullPointerException} "cannot create context from nil parent" for
     * a null parent.
     */
    static CancelContext withCancel(Context parent) {
        return Contexts.withCancel(parent);
    }

    /**
     * As {@link #withCancel}, with a cancel that records why (Go 1.20's {@code
     * context.WithCancelCause}): {@link CancelContext#cancel(Throwable)} sets {@link #cause}.
     */
    static CancelContext withCancelCause(Context parent) {
        return Contexts.withCancelCause(parent);
    }

    /**
     * A child of {@code parent} that is done by {@code deadline} at the latest (Go's {@code
     * context.WithDeadline}); if the parent's deadline is earlier, it is the same as {@link
     * #withCancel}. A deadline already past gives a context done at once with {@link
     * #DEADLINE_EXCEEDED}. The deadline is measured with gort's timers and {@link io.gort.Time#now()}.
     */
    static CancelContext withDeadline(Context parent, Instant deadline) {
        return Contexts.withDeadline(parent, deadline, null);
    }

    /** As {@link #withDeadline}; when the deadline passes, {@link #cause} is {@code cause} (Go 1.21). */
    static CancelContext withDeadlineCause(Context parent, Instant deadline, Throwable cause) {
        return Contexts.withDeadline(parent, deadline, cause);
    }

    /** {@code withDeadline(parent, Time.now() + timeout)} (Go's {@code context.WithTimeout}). */
    static CancelContext withTimeout(Context parent, Duration timeout) {
        return Contexts.withTimeout(parent, timeout, null);
    }

    /** As {@link #withTimeout}; when the time is up, {@link #cause} is {@code cause} (Go 1.21). */
    static CancelContext withTimeoutCause(Context parent, Duration timeout, Throwable cause) {
        return Contexts.withTimeout(parent, timeout, cause);
    }

    /**
     * A child of {@code parent} that binds {@code key} to {@code value} (Go's {@code
     * context.WithValue}). Null keys are refused ("nil key").
     */
    static <T> Context withValue(Context parent, Key<T> key, T value) {
        return Contexts.withValue(parent, key, value);
    }

    /**
     * A context with the parent's values but never cancelled: no deadline, no error, a nil {@link
     * #done()} (Go 1.21's {@code context.WithoutCancel}).
     */
    static Context withoutCancel(Context parent) {
        return Contexts.withoutCancel(parent);
    }

    /**
     * Why {@code c} was cancelled (Go 1.20's {@code context.Cause}): the cause given to the cancel of
     * the nearest cancelled ancestor-or-self that recorded one, else {@link #err()}; null while {@code
     * c} is not done.
     */
    static Throwable cause(Context c) {
        return Contexts.cause(c);
    }

    /**
     * Arranges for {@code f} to run in its own goroutine once {@code c} is done, at once if it already
     * is (Go 1.21's {@code context.AfterFunc}). The returned {@link AfterFunc#stop()} stops that
     * association: true if it stopped {@code f} from being run.
     */
    static AfterFunc afterFunc(Context c, Runnable f) {
        return Contexts.afterFunc(c, f);
    }

    /** The handle {@link #afterFunc} returns (Go's {@code stop func() bool}). */
    @FunctionalInterface
    interface AfterFunc {
        /**
         * Stops the association of the function with its context: true if the call stopped it from
         * being run; false if it has already been started or already stopped.
         */
        boolean stop();
    }

    /**
     * A typed key for {@link #withValue}; keys are compared by identity.
     *
     * <pre>{@code
     * static final Context.Key<String> USER = Context.Key.named("user");
     * Context ctx = Context.withValue(parent, USER, "gopher");
     * String u = ctx.value(USER);
     * }</pre>
     *
     * @param <T> the type of the values bound to it
     */
    final class Key<T> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        /** A new key, distinct from every other; {@code name} is only for {@code toString}. */
        public static <T> Key<T> named(String name) {
            return new Key<>(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
