package io.gort.context;

import java.time.Duration;
import java.time.Instant;

/** The implementations behind {@link Context}'s static methods. Being written (issue 5). */
final class Contexts {
    private Contexts() { }

    static Context background() { throw new UnsupportedOperationException("context: being written"); }
    static Context todo() { throw new UnsupportedOperationException("context: being written"); }
    static CancelContext withCancel(Context parent) { throw new UnsupportedOperationException("context: being written"); }
    static CancelContext withCancelCause(Context parent) { throw new UnsupportedOperationException("context: being written"); }
    static CancelContext withDeadline(Context parent, Instant d, Throwable cause) { throw new UnsupportedOperationException("context: being written"); }
    static CancelContext withTimeout(Context parent, Duration t, Throwable cause) { throw new UnsupportedOperationException("context: being written"); }
    static <T> Context withValue(Context parent, Context.Key<T> key, T value) { throw new UnsupportedOperationException("context: being written"); }
    static Context withoutCancel(Context parent) { throw new UnsupportedOperationException("context: being written"); }
    static Throwable cause(Context c) { throw new UnsupportedOperationException("context: being written"); }
    static Context.AfterFunc afterFunc(Context c, Runnable f) { throw new UnsupportedOperationException("context: being written"); }
}
