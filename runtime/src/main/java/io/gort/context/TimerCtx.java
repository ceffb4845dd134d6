package io.gort.context;

import io.gort.Timer;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code timerCtx}: a {@link CancelCtx} with a deadline, cancelled with {@link
 * Context#DEADLINE_EXCEEDED} by a gort timer ({@link io.gort.Time#afterFunc}) when the deadline
 * passes; cancelling it first stops the timer.
 */
final class TimerCtx extends CancelCtx {
    /*
     * State: deadline — final (kept as the Optional that deadline() returns, so asking allocates
     * nothing); timer — under this lock (the CancelCtx monitor): set once by Contexts.withDeadline
     * if the context is not cancelled by then, taken (and nulled) by afterCancel, which stops it.
     * Race: arm vs cancel. The arm checks err under the lock, afterCancel takes the timer under the
     * same lock after err was set, so either the timer is armed and then stopped, or never armed.
     * A timer that fires while being stopped runs cancel, which finds the context cancelled.
     */
    private final Optional<Instant> deadline;
    private Timer timer;

    TimerCtx(Context parent, Instant deadline) {
        super(parent);
        this.deadline = Optional.of(deadline);
    }

    @Override
    public Optional<Instant> deadline() {
        return deadline;
    }

    Instant deadlineInstant() {
        return deadline.get();
    }

    /** Sets the timer unless the context is already cancelled (then stops it at once). */
    void arm(Timer t) {
        synchronized (this) {
            if (err() == null) {   // err() does not wait here: the lock is reentrant and we hold it
                timer = t;
                return;
            }
        }
        t.stop();
    }

    @Override
    void afterCancel() {
        Timer t;
        synchronized (this) {
            t = timer;
            timer = null;
        }
        if (t != null) {
            t.stop();
        }
    }
}
