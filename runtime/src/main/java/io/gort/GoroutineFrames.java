package io.gort;

import java.util.Set;

/**
 * Which frames of a goroutine's stack are gort's runtime and which the JDK's: the split that
 * {@link Go#dump()} uses to hide gort's own frames above the user's call (as Go's traceback hides
 * {@code runtime.*}), public so that tools reading stacks (the leak check's top function) make the
 * same split. Gort's frames are those of the packages {@code io.gort.sched}, {@code io.gort.chan},
 * {@code io.gort.sync} and the runtime classes of {@code io.gort} (their nested classes too);
 * {@code context}, {@code errgroup} and {@code pattern} count as user code, as Go shows its
 * standard library. Stateless.
 */
public final class GoroutineFrames {
    /** The classes of package io.gort that are runtime, not user code. */
    static final Set<String> RUNTIME_CLASSES = Set.of(
            "io.gort.Go", "io.gort.GoroutineDump", "io.gort.Time", "io.gort.Timer", "io.gort.Ticker",
            "io.gort.TimerEngine", "io.gort.TimerNodes", "io.gort.Clock");

    private static final String[] RUNTIME_PACKAGES = {"io.gort.sched.", "io.gort.chan.", "io.gort.sync."};

    private GoroutineFrames() { }

    /** True if {@code f} is a frame of gort's runtime (see the class comment). */
    public static boolean isRuntime(StackTraceElement f) {
        String cls = f.getClassName();
        for (String p : RUNTIME_PACKAGES) {
            if (cls.startsWith(p)) {
                return true;
            }
        }
        int nested = cls.indexOf('$');
        return RUNTIME_CLASSES.contains(nested < 0 ? cls : cls.substring(0, nested));
    }

    /** True if {@code f} is a frame of the JDK ({@code java.*}, {@code jdk.*}, {@code sun.*}). */
    public static boolean isJdk(StackTraceElement f) {
        String cls = f.getClassName();
        return cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.");
    }
}
