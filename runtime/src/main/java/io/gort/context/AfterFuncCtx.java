package io.gort.context;

import io.gort.Go;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Go's {@code afterFuncCtx}: the node {@link Context#afterFunc} hangs under a context. It is a
 * {@link CancelCtx} (so it is reached by the parent's cancel like any child, and a foreign parent's
 * watcher can end when it is stopped); when cancelled by its parent it starts {@code f} in its own
 * goroutine, once. {@link #stop()} and the start race for the same one-shot flag (Go's {@code
 * sync.Once}): whichever wins decides.
 */
final class AfterFuncCtx extends CancelCtx implements Context.AfterFunc {
    /*
     * State: f — final; once — 0 until the first of {start, stop} CASes it to 1 (its linearization
     * point). Happens-before: the parent's cancel happens-before f starts (the CAS and Go.spawn run
     * in the canceller after the cancel; spawn hb the goroutine's start).
     */
    private static final VarHandle ONCE;
    static {
        try {
            ONCE = MethodHandles.lookup().findVarHandle(AfterFuncCtx.class, "once", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable f;
    private volatile int once;

    AfterFuncCtx(Context parent, Runnable f) {
        super(parent);
        this.f = f;
    }

    @Override
    void afterCancel() {
        if (ONCE.compareAndSet(this, 0, 1)) {
            Go.spawn(f);
        }
    }

    @Override
    public boolean stop() {
        if (!ONCE.compareAndSet(this, 0, 1)) {
            return false;   // already started or already stopped
        }
        cancel(true, Context.CANCELED, null);   // detaches from the parent; ends a foreign watcher
        return true;
    }
}
