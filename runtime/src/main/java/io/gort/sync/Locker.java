package io.gort.sync;

/**
 * Something that can be locked and unlocked: Go's {@code sync.Locker}. {@link Mutex}, {@link RWMutex}
 * and {@link RWMutex#rLocker()} are Lockers; a {@link Cond} is bound to one.
 */
public interface Locker {
    /** Acquires the lock, parking the calling goroutine until it is available. */
    void lock();

    /** Releases the lock. */
    void unlock();
}
