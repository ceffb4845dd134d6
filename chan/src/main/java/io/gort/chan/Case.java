package io.gort.chan;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One case of a {@link Select#select select}: a receive ({@link Receiver#onRecv}, {@link
 * Receiver#onRecvOk}), a send ({@link Sender#onSend}) or the default ({@link Select#onDefault}).
 * A case is an immutable description: it may be built once and used in many selects, also
 * concurrently. Its body runs on the selecting goroutine after the case has happened, and its
 * result is what {@code select} returns.
 *
 * @param <R> the type of the body's result
 */
public abstract sealed class Case<R> permits Case.RecvCase, Case.SendCase, Case.DefaultCase {
    final Chan<?> chan;       // null only for the default case

    private Case(Chan<?> chan) {
        this.chan = chan;
    }

    // ---- the kinds ------------------------------------------------------------------------------

    static final class RecvCase<T, R> extends Case<R> {
        private final Function<? super T, ? extends R> then;      // one of these two is null
        private final RecvOkFunction<? super T, ? extends R> thenOk;

        RecvCase(Chan<T> chan, Function<? super T, ? extends R> then, RecvOkFunction<? super T, ? extends R> thenOk) {
            super(chan);
            this.then = then;
            this.thenOk = thenOk;
        }

        /** Runs the body for a received element, or for a closed channel when {@code elem} is null. */
        @SuppressWarnings("unchecked")
        R complete(Object elem) {
            T v = (T) elem;
            return then != null ? then.apply(v) : thenOk.apply(v, elem != null);
        }
    }

    static final class SendCase<T, R> extends Case<R> {
        final T value;
        private final Supplier<? extends R> then;   // null: the result is null

        SendCase(Chan<T> chan, T value, Supplier<? extends R> then) {
            super(chan);
            this.value = Chan.checkElement(value);
            this.then = then;
        }

        R complete() {
            return then == null ? null : then.get();
        }
    }

    static final class DefaultCase<R> extends Case<R> {
        private final Supplier<? extends R> then;

        DefaultCase(Supplier<? extends R> then) {
            super(null);
            this.then = then;
        }

        R complete() {
            return then == null ? null : then.get();
        }
    }

    static <T, R> Case<R> recv(Chan<T> chan, Function<? super T, ? extends R> then) {
        return new RecvCase<>(chan, Objects.requireNonNull(then, "then"), null);
    }

    static <T, R> Case<R> recvOk(Chan<T> chan, RecvOkFunction<? super T, ? extends R> then) {
        return new RecvCase<>(chan, null, Objects.requireNonNull(then, "then"));
    }
}
