package io.gort.errgroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@link Group#await()} throws when a task failed: the error Go's {@code Wait} returns (the
 * first task error) as its {@linkplain #getCause() cause}, and every later, distinct task error as a
 * {@linkplain #getSuppressed() suppressed} exception — Go's {@code errors.Join} idea, which Go's
 * errgroup itself does not do (it keeps only the first).
 *
 * <p>Unchecked, so that {@code await()} can be called anywhere; the cause is the very exception the
 * task threw (identity kept: {@code e.getCause() == myError}), checked or not. A new instance is
 * thrown by each {@code await} call, with the stack of that call, so the task's own stack stays on
 * the cause, untouched: the task's exception is never modified (singletons such as {@link
 * io.gort.context.Context#CANCELED} have suppression disabled and could not carry the others).
 */
public final class GroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GroupException(Throwable first, List<Throwable> others) {
        super(message(first, others.size()), first);
        for (Throwable t : others) {
            addSuppressed(t);
        }
    }

    private static String message(Throwable first, int others) {
        String m = "errgroup: " + first;
        return others == 0 ? m : m + " (and " + others + " more error" + (others == 1 ? "" : "s") + ", suppressed)";
    }

    /** Every task error, first (the cause) then the suppressed ones, in the order they were recorded. */
    public List<Throwable> errors() {
        List<Throwable> all = new ArrayList<>();
        all.add(getCause());
        Collections.addAll(all, getSuppressed());
        return List.copyOf(all);
    }
}
