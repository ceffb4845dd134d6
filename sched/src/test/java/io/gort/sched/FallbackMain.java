package io.gort.sched;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Run by {@link FallbackTest} in a JVM started without {@code --add-opens}: spawns a goroutine
 * on a work-stealing scheduler (which falls back to the JDK's) and prints what it computed.
 */
public final class FallbackMain {
    private FallbackMain() { }

    public static void main(String[] args) {
        AtomicReference<String> result = new AtomicReference<>();
        try (Scheduler s = Scheduler.workStealing(2)) {
            Scheduler again = Scheduler.workStealing(2);   // a second fallback must not warn again
            Goroutine g = s.spawn(() -> result.set("6*7=" + (6 * 7) + " virtual=" + Thread.currentThread().isVirtual()));
            g.join();
            again.spawn(() -> { }).join();
            System.out.println(result.get());
            System.out.println("kind=" + s.kind() + " supported=" + Loom.supported());
        }
    }
}
