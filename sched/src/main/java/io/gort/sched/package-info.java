/**
 * Goroutines, their records and gort's schedulers.
 *
 * <h2>Public API</h2>
 * {@link io.gort.sched.Scheduler} (work-stealing, single global queue, a ForkJoinPool, the JDK
 * default), {@link io.gort.sched.Goroutine} (the record Go calls a G: id, state, wait reason,
 * where it was created), {@link io.gort.sched.WaitReason}, {@link io.gort.sched.PanicHandler}.
 *
 * <h2>Legend for the lock-free internals</h2>
 * Memory-mode accessors spell out the VarHandle mode, as JCTools does but without its prefixes:
 * {@code headAcquire()} is a {@code getAcquire}, {@code setTailRelease(t)} a {@code setRelease},
 * {@code casHead(e, n)} a {@code compareAndSet} (volatile semantics), {@code tailPlain()} a plain
 * read, {@code schedTickOpaque()} a {@code getOpaque}. "owner only" marks what one carrier thread may
 * touch; every release store names the acquire it pairs with.
 */
package io.gort.sched;
