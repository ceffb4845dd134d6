package io.gort.sched;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Run by {@link PanicTest} with {@code -Dgort.panic=exit}: a goroutine panics; main would otherwise exit 0. */
public final class PanicMain {
    private PanicMain() { }

    public static void main(String[] args) throws InterruptedException {
        Scheduler s = Scheduler.workStealing(2);
        s.spawn("doomed", () -> {
            throw new IllegalStateException("boom");
        });
        // The panic exits the JVM with status 2 before this wait ends.
        new CountDownLatch(1).await(30, TimeUnit.SECONDS);
        System.out.println("still alive");
    }
}
