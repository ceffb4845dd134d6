package io.gort.sync;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The short lock that {@link Sema}, {@link Cond} and {@link Semaphore} guard their waiter queues with,
 * as a superclass so that the lock word lives in the object it guards (as
 * {@code AbstractStringBuilder} does for {@code StringBuilder}): a CAS, then test-and-test-and-set
 * spinning on a plain read, yielding the carrier after {@value #SPINS} tries (the holder's carrier
 * was descheduled). A holder never parks or unparks while it holds it, and a virtual thread is not
 * preempted, so critical sections are a few field writes. Ordering: {@link #unlock}'s release store
 * pairs with the acquiring CAS of the next {@link #lock}.
 */
abstract class SpinLock {
    private static final int SPINS = 64;
    private static final VarHandle LOCK;
    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(SpinLock.class, "lockWord", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int lockWord;

    final void lock() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            lockSlow();
        }
    }

    private void lockSlow() {
        for (int spins = 0; (int) LOCK.getOpaque(this) != 0 || !LOCK.weakCompareAndSetAcquire(this, 0, 1); spins++) {
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    final void unlock() {
        LOCK.setRelease(this, 0);
    }
}
