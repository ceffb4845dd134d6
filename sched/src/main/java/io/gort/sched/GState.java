package io.gort.sched;

/**
 * What a goroutine is doing, as far as gort knows (Go's {@code _Grunnable}, {@code _Grunning},
 * {@code _Gwaiting}, {@code _Gdead}).
 *
 * <pre>
 *  from       to         when
 *  RUNNABLE   RUNNING    its body starts on a carrier (Goroutine.run)
 *  RUNNING    WAITING    it parks in a gort primitive (Goroutine.beginWait): channel, select, sleep, sync
 *  WAITING    RUNNING    the wait ends (Goroutine.endWait), whether by hand-off, close, timeout or interrupt
 *  RUNNING    DEAD       its body returned or threw (the record leaves the registry)
 * </pre>
 *
 * A goroutine blocked in a JDK call that gort does not wrap (a socket read, a {@code ReentrantLock})
 * stays RUNNING here; its virtual thread's {@link Thread#getState()} tells the rest.
 */
public enum GState {
    /** Created, not yet started running. */
    RUNNABLE,
    /** Its body is executing (or blocked in a call gort does not record). */
    RUNNING,
    /** Parked in a gort primitive; {@link Goroutine#waitReason()} says on what. */
    WAITING,
    /** Finished. */
    DEAD
}
