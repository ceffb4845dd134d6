package io.gort.testing;

import io.gort.GoroutineFrames;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;

/**
 * What the leak check's ignores read from a goroutine's stack (goleak's {@code stack.Stack}:
 * {@code FirstFunction}, {@code HasFunction}, {@code State}). Gort reads the goroutine's thread's
 * stack trace rather than parsing a text dump; a function is {@code class.method} with the binary
 * class name. Stateless; each call takes a fresh stack trace, so two calls may see two moments of a
 * running goroutine.
 */
final class Stacks {
    private Stacks() { }

    /** Go's word for what the goroutine is doing: its wait reason when waiting, else running or runnable. */
    static String state(Goroutine g) {
        GState s = g.state();
        return s == GState.WAITING ? g.waitReason().toString() : s.name().toLowerCase();
    }

    /** The goroutine's own frames, top first: everything above {@code Goroutine.run} (empty if it has ended). */
    static StackTraceElement[] frames(Goroutine g) {
        StackTraceElement[] stack = g.thread().getStackTrace();
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals("io.gort.sched.Goroutine") && stack[i].getMethodName().equals("run")) {
                return java.util.Arrays.copyOf(stack, i);
            }
        }
        return stack;
    }

    /**
     * The topmost frame that is neither gort's runtime nor the JDK, as {@code class.method}; if there
     * is none, the topmost frame that is not the JDK's, else the top frame, else the empty string.
     */
    static String topFunction(Goroutine g) {
        StackTraceElement[] frames = frames(g);
        StackTraceElement firstNotJdk = null;
        for (StackTraceElement f : frames) {
            if (GoroutineFrames.isJdk(f)) {
                continue;
            }
            if (!GoroutineFrames.isRuntime(f)) {
                return name(f);
            }
            if (firstNotJdk == null) {
                firstNotJdk = f;
            }
        }
        if (firstNotJdk != null) {
            return name(firstNotJdk);
        }
        return frames.length > 0 ? name(frames[0]) : "";
    }

    /** True if {@code function} ({@code class.method}) is on the goroutine's stack, at any depth. */
    static boolean hasFunction(Goroutine g, String function) {
        for (StackTraceElement f : frames(g)) {
            if (function.equals(name(f))) {
                return true;
            }
        }
        return false;
    }

    static String name(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName();
    }
}
