package io.gort;

import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Go's goroutine dump ({@code runtime.Stack(buf, true)}, the SIGQUIT traceback) for gort's live
 * goroutines: what {@link Go#dump()} returns.
 *
 * <pre>
 * goroutine 41 [chan receive, 3 minutes]:
 * io.gort.chan.Chan.recv(...)
 * 	io/gort/chan/Chan.java:418
 * com.example.Worker.loop(...)
 * 	com/example/Worker.java:27
 * created by com.example.Main.main in goroutine 1
 * 	com/example/Main.java:12
 *
 * goroutine 42 "ticker" [sleep]:
 * ...
 * </pre>
 *
 * Goroutines come in ascending id order, one block each, separated by a blank line. The header is
 * Go's: the state in brackets ({@code running}, {@code runnable}, or Go's wait reason such as
 * {@code chan receive}, {@code select}, {@code sync.Mutex.Lock}), with {@code , N minutes} once the
 * wait has lasted a minute; a goroutine spawned with a name shows it quoted after the id (Go has no
 * names). Each frame takes two lines, as in Go: the function with {@code (...)} for its arguments
 * (Java keeps none), then a tab and the source path relative to its source root, with the line.
 * Last comes {@code created by} — the spawning frame under {@code -Dgort.creationsite=true},
 * otherwise the class that wrote the task — and {@code in goroutine P} when the parent was one.
 *
 * <p>Hidden frames, as Go hides the runtime's: the JDK's park frames above gort's (Go keeps
 * {@code runtime.gopark}; a virtual thread's is several frames of {@code Continuation} and
 * {@code LockSupport}), gort's internal frames above the gort call the user made (so a blocked
 * {@code mu.lock()} shows {@code io.gort.sync.Mutex.lock}, not the semaphore beneath it), and
 * everything from {@code io.gort.sched.Goroutine.run} down (the scoped value, the virtual thread,
 * the continuation), plus gort frames just above it (a {@code wg.go} wrapper). Gort's frames are
 * those of the packages {@code io.gort.sched}, {@code io.gort.chan}, {@code io.gort.sync} and the
 * runtime classes of {@code io.gort} ({@link GoroutineFrames}); {@code context}, {@code errgroup}
 * and {@code pattern} are shown like user code, as Go shows its standard library.
 *
 * <p>It is a snapshot: each goroutine's state and stack are read separately, without stopping
 * anything, so a goroutine that moves while it is read may show a header and a stack from
 * different moments (a running goroutine's stack is whatever its thread was doing then).
 */
final class GoroutineDump {
    private GoroutineDump() { }

    /** The dump of every live goroutine, in ascending id order. */
    static String dump() {
        return dump(Goroutine.all());
    }

    /** The dump of the given goroutines that are still live, in ascending id order. */
    static String dump(java.util.Collection<Goroutine> goroutines) {
        List<Goroutine> gs = new ArrayList<>(goroutines);
        gs.sort(Comparator.comparingLong(Goroutine::id));
        StringBuilder out = new StringBuilder();
        for (Goroutine g : gs) {
            String block = block(g);
            if (block == null) {
                continue;   // finished while we looked
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(block);
        }
        return out.toString();
    }

    /** One goroutine's block, ending in a newline; null if it is dead. */
    static String block(Goroutine g) {
        GState state = g.state();
        if (state == GState.DEAD) {
            return null;
        }
        StackTraceElement[] stack = g.thread().getStackTrace();
        StringBuilder b = new StringBuilder(header(g, state, System.nanoTime()));
        for (StackTraceElement f : userFrames(stack)) {
            frame(b, f.getClassName() + "." + f.getMethodName() + "(...)", f);
        }
        if (!g.isForeign()) {
            created(b, g);                            // a thread that is not a goroutine: no "created by"
        }
        return b.toString();
    }

    /** {@code goroutine 7 [chan receive, 3 minutes]:}, with the name quoted after the id if it has one. */
    static String header(Goroutine g, GState state, long nowNanos) {
        String what = stateWord(g, state);
        if (state == GState.WAITING) {
            long minutes = TimeUnit.NANOSECONDS.toMinutes(nowNanos - g.waitSinceNanos());
            what = minutes >= 1 ? what + ", " + minutes + " minutes" : what;
        }
        String name = g.name();
        if (g.isForeign()) {
            return "thread \"" + name + "\" [" + what + "]:\n";   // a deadlock report's main (ADR 0011)
        }
        return "goroutine " + g.id() + (name == null || name.isEmpty() ? "" : " \"" + name + "\"")
                + " [" + what + "]:\n";
    }

    /** The header's state without the minutes: Go's wait reason ({@code chan receive}), {@code running} or {@code runnable}. */
    static String stateWord(Goroutine g, GState state) {
        return switch (state) {
            case WAITING -> g.waitReason().toString();
            case RUNNING -> "running";
            case RUNNABLE -> "runnable";
            case DEAD -> "dead";
        };
    }

    /** The frames to show, top first: see the class comment for what is hidden. */
    static List<StackTraceElement> userFrames(StackTraceElement[] stack) {
        int end = stack.length;                       // exclusive: cut at Goroutine.run
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().startsWith("io.gort.sched.Goroutine")
                    && stack[i].getMethodName().equals("run")) {
                end = i;
                break;
            }
        }
        while (end > 0 && (GoroutineFrames.isRuntime(stack[end - 1]) || GoroutineFrames.isJdk(stack[end - 1]))) {
            end--;                                    // ScopedValue frames, wrappers such as wg.go
        }
        int start = 0;
        int firstGort = -1;
        for (int i = 0; i < end; i++) {
            if (GoroutineFrames.isRuntime(stack[i])) {
                firstGort = i;
                break;
            }
        }
        if (firstGort >= 0) {
            int lastGort = firstGort;                  // the gort call the user made: the last of the run
            while (lastGort + 1 < end && GoroutineFrames.isRuntime(stack[lastGort + 1])) {
                lastGort++;
            }
            // The JDK frames above gort's are its park; if user frames come first, the goroutine is
            // running user code and gort frames lower down are not the top of its stack.
            boolean parkedInGort = true;
            for (int i = 0; i < firstGort; i++) {
                if (!GoroutineFrames.isJdk(stack[i])) {
                    parkedInGort = false;
                    break;
                }
            }
            if (parkedInGort) {
                start = lastGort;
            }
        }
        if (start >= end) {                           // nothing but gort and the JDK: show the stack whole
            return List.of(stack);
        }
        return List.of(stack).subList(start, end);
    }

    private static void created(StringBuilder b, Goroutine g) {
        StackTraceElement site = g.createdAt();
        String by;
        if (site != null) {
            by = site.getClassName() + "." + site.getMethodName();
        } else {
            by = g.taskClass().getName();
            int lambda = by.indexOf("$$Lambda");
            if (lambda >= 0) {
                by = by.substring(0, lambda);
            }
        }
        String line = "created by " + by + (g.parentId() == 0 ? "" : " in goroutine " + g.parentId());
        if (site != null) {
            frame(b, line, site);
        } else {
            b.append(line).append('\n');
        }
    }

    /** Go's two-line frame: {@code first}, then a tab and {@code pkg/path/File.java:line}. */
    private static void frame(StringBuilder b, String first, StackTraceElement f) {
        b.append(first).append('\n').append('\t').append(location(f)).append('\n');
    }

    static String location(StackTraceElement f) {
        String file = f.getFileName();
        if (file == null) {
            return f.isNativeMethod() ? "(native)" : "?";
        }
        String cls = f.getClassName();
        int dot = cls.lastIndexOf('.');
        String path = dot < 0 ? file : cls.substring(0, dot).replace('.', '/') + "/" + file;
        return f.getLineNumber() >= 0 ? path + ":" + f.getLineNumber() : path;
    }
}
