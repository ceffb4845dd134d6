package io.gort.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Turns a hung actor into a failed jcstress test instead of a hung run. A lost wake-up in a
 * Continuous test leaves an actor parked for ever. jcstress bounds that only in the main phase of a
 * fork (TIMEOUT_ERROR after max(10 × iteration time, 30 s)); its API check and its stride (resource)
 * estimation, which run the actors tens of thousands of times first, join the actor threads with no
 * limit, so a hang there stops the whole run with no report (seen with a test that skips one
 * {@code done()} in 50,000).
 *
 * <p>So every Continuous state here extends {@link Guarded}, whose class initializer starts this
 * daemon thread once per forked VM. Once a second it samples every thread; a thread found parked
 * ({@link LockSupport#getBlocker}) on the same {@code io.gort.sync} object at
 * {@value #DEFAULT_LIMIT_SECONDS} consecutive samples (property {@code gort.jcstress.hangSeconds}) is
 * hung: in a correct run every park here ends within microseconds, because each blocked actor's
 * partner is running the same state. The guard prints the thread, the object's {@code toString()}
 * (its state word) and the stack to stderr, then halts the VM; jcstress reports the test as failed
 * (a VM error) and shows that output. The sampling touches no test code, so it adds no ordering to
 * the races under test. Termination tests do not use it: their lost wake-up is the STALE outcome.
 * It cannot see goroutines ({@link Thread#getAllStackTraces} lists no virtual threads): a test whose
 * goroutine may block joins it with a time limit instead.
 */
final class HangGuard {
    static final int DEFAULT_LIMIT_SECONDS = 10;
    static final int HALT_STATUS = 97;
    private static final int LIMIT_SECONDS = Integer.getInteger("gort.jcstress.hangSeconds", DEFAULT_LIMIT_SECONDS);

    static {
        Thread t = new Thread(HangGuard::watch, "gort-hang-guard");
        t.setDaemon(true);
        t.start();
    }

    /** Base class of the Continuous states: loading it starts the guard. */
    abstract static class Guarded {
        static {
            started();
        }
    }

    private HangGuard() { }

    /** Starts the guard if it is not running yet (class initialization does it once). */
    static void started() { }

    private static void watch() {
        Map<Thread, Object> last = new HashMap<>();
        Map<Thread, Integer> seen = new HashMap<>();
        for (;;) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            Map<Thread, Object> now = new HashMap<>();
            Map<Thread, Integer> count = new HashMap<>();
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread t = e.getKey();
                Object blocker = LockSupport.getBlocker(t);
                if (blocker == null || !blocker.getClass().getName().startsWith("io.gort.sync.")) {
                    continue;
                }
                int n = last.get(t) == blocker ? seen.get(t) + 1 : 1;
                now.put(t, blocker);
                count.put(t, n);
                if (n >= LIMIT_SECONDS) {
                    hung(t, blocker, n, e.getValue());
                }
            }
            last = now;
            seen = count;
        }
    }

    private static void hung(Thread t, Object blocker, int seconds, StackTraceElement[] stack) {
        StringBuilder sb = new StringBuilder()
                .append("HangGuard: lost wake-up? thread \"").append(t.getName()).append("\" has been parked on ")
                .append(blocker).append(" for ").append(seconds).append(" s; halting the VM\n");
        for (StackTraceElement f : stack) {
            sb.append("\tat ").append(f).append('\n');
        }
        System.err.print(sb);
        System.out.print(sb);
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
