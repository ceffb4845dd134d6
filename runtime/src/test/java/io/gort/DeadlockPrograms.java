package io.gort;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.sched.DeadlockException;
import java.time.Duration;

/**
 * Whole programs that deadlock, run in a fresh JVM by {@link DeadlockProgramsTest}: the ports of Go's
 * {@code src/runtime/testdata/testprog/deadlock.go} (SimpleDeadlock, InitDeadlock, LockedDeadlock,
 * LockedDeadlock2) plus gort's own. The argument names the program. In Go, {@code select {}} with
 * no cases blocks forever; here {@code Select.select()}.
 */
public final class DeadlockPrograms {
    private DeadlockPrograms() { }

    /** Go's InitDeadlock blocks in a package init; Java's nearest is a static initializer. */
    static final class InitBlocks {
        static {
            Select.select();
        }

        static void touch() { }
    }

    private static void lockBoth(io.gort.sync.Mutex first, io.gort.sync.Mutex second, io.gort.sync.WaitGroup both) {
        first.lock();
        both.done();
        both.await();
        second.lock();
    }

    public static void main(String[] args) {
        switch (args[0]) {
            // select {} in main.
            case "SimpleDeadlock" -> Select.select();
            // init() { select {} }: the class initializer of what main uses never finishes.
            case "InitDeadlock" -> InitBlocks.touch();
            // runtime.LockOSThread(); select {}: main is a platform thread in Java already.
            case "LockedDeadlock" -> Select.select();
            // A goroutine that locked its thread blocks forever, then main does too.
            case "LockedDeadlock2" -> {
                Go.spawn(() -> Select.select());
                Go.sleep(Duration.ofMillis(1));
                Select.select();
            }
            // gort: main receives from a channel that its only goroutine will never send on.
            case "ChanDeadlock" -> {
                Chan<Integer> c = Chan.make();
                Chan<Integer> never = Chan.make();
                Go.spawn("worker", () -> c.send(never.recv()));
                System.out.println(c.recv());
            }
            // gort, -Dgort.deadlock=throw: main's blocked receive throws; exit 3 says it was caught.
            case "ThrowInMain" -> {
                Chan<Integer> c = Chan.make();
                Go.spawn("worker", () -> Chan.<Integer>make().recv());
                try {
                    c.recv();
                } catch (DeadlockException e) {
                    System.out.println("caught: " + e.getMessage().lines().findFirst().orElse(""));
                    System.exit(3);
                }
            }
            // gort: two goroutines lock two Mutexes in opposite orders while main sleeps (a timed
            // wait): not a whole-program deadlock, but the background detector finds the cycle.
            case "MutexCycle" -> {
                io.gort.sync.Mutex a = new io.gort.sync.Mutex(), b = new io.gort.sync.Mutex();
                io.gort.sync.WaitGroup both = new io.gort.sync.WaitGroup();
                both.add(2);
                Go.spawn(() -> lockBoth(a, b, both));
                Go.spawn(() -> lockBoth(b, a, both));
                Go.sleep(Duration.ofMinutes(1));          // timed: no whole-program deadlock
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("not reached");
    }
}
