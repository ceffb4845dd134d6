package io.gort.sched;

/**
 * Why a goroutine is parked, with the words Go prints in a goroutine dump
 * ({@code runtime/runtime2.go}, {@code waitReasonStrings}).
 */
public enum WaitReason {
    NONE(""),
    CHAN_RECEIVE("chan receive"),
    CHAN_RECEIVE_NIL_CHAN("chan receive (nil chan)"),
    CHAN_SEND("chan send"),
    CHAN_SEND_NIL_CHAN("chan send (nil chan)"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    SLEEP("sleep"),
    WAIT_GROUP("sync.WaitGroup.Wait"),
    MUTEX_LOCK("sync.Mutex.Lock"),
    RW_MUTEX_RLOCK("sync.RWMutex.RLock"),
    RW_MUTEX_LOCK("sync.RWMutex.Lock"),
    COND_WAIT("sync.Cond.Wait"),
    SEMACQUIRE("semacquire"),
    IO_WAIT("IO wait"),
    JOIN("goroutine join"),
    /** Go's waitReasonSynctestWait: in {@code Synctest.await()}. */
    SYNCTEST_WAIT("synctest.Wait");

    private final String text;

    WaitReason(String text) {
        this.text = text;
    }

    /** Go's wording, e.g. {@code "chan receive"}. */
    @Override
    public String toString() {
        return text;
    }
}
