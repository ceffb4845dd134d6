package io.gort;

import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Go's goroutine profile ({@code pprof.Lookup("goroutine")}, served by {@code net/http/pprof} as
 * {@code /debug/pprof/goroutine?debug=1}): the live goroutines grouped by identical stacks, each
 * group with its count, largest group first. Where {@link Go#dump()} shows ten thousand goroutines
 * blocked at one line ten thousand times, the profile shows that line once, with {@code 10000 @}.
 *
 * <pre>
 * goroutine profile: total 13
 * 10 @ [chan receive]
 * #	io.gort.chan.Chan.recv	io/gort/chan/Chan.java:418
 * #	com.example.Worker.loop	com/example/Worker.java:27
 *
 * 3 @ [sync.WaitGroup.Wait]
 * #	io.gort.sync.WaitGroup.await	io/gort/sync/WaitGroup.java:97
 * #	com.example.Main.lambda$main$0	com/example/Main.java:12
 * </pre>
 *
 * <p>The stack of each goroutine is the one the dump shows: the same frames hidden (the JDK's park,
 * gort's internals beneath the call the user made, everything from {@code Goroutine.run} down).
 * Frames are compared by class, method, file and line. Go's frame lines are
 * {@code #\t0x4b3c2e\tmain.worker+0x4e\t/src/main.go:27}; Java has no program counters, so gort
 * prints {@code #\tclass.method\tpath:line}, and after the {@code @} it prints the goroutines'
 * state in brackets where Go prints the stack's addresses.
 *
 * <p>Deliberate deviation: Go groups by stack only (and pprof labels, which gort has none of);
 * gort groups by stack <em>and</em> state word ({@code running}, {@code runnable} or the wait
 * reason such as {@code chan receive}, without the minutes). Goroutines at the same frames almost
 * always share the state, so the groups are Go's; when they don't (one of ten receivers was just
 * woken and is {@code runnable}), the split shows what the dump would, which is what a reader
 * chasing a stuck program wants. The {@code created by} line is not part of the key (Go's profile
 * stack does not have it either).
 *
 * <p>Groups are sorted by count, descending; equal counts by their lowest goroutine id. Like the
 * dump it is a snapshot taken without stopping anything: each goroutine is read on its own, so the
 * profile is not one instant, and a goroutine that finishes while it is read is left out.
 */
public final class GoroutineProfile {

    /**
     * Goroutines in one state with identical stacks.
     *
     * @param state  {@code running}, {@code runnable} or Go's wait reason ({@code chan receive} ...)
     * @param frames the stack, top first, as the dump shows it
     * @param ids    the goroutines' ids, ascending
     */
    public record Group(String state, List<StackTraceElement> frames, List<Long> ids) {
        public Group {
            Objects.requireNonNull(state, "state");
            frames = List.copyOf(frames);
            ids = List.copyOf(ids);
        }

        /** How many goroutines share this stack. */
        public int count() {
            return ids.size();
        }
    }

    private final int total;
    private final List<Group> groups;

    private GoroutineProfile(int total, List<Group> groups) {
        this.total = total;
        this.groups = List.copyOf(groups);
    }

    /** The profile of every live goroutine. */
    public static GoroutineProfile take() {
        return take(Goroutine.all());
    }

    /** The profile of the given goroutines that are still live. */
    public static GoroutineProfile take(Collection<Goroutine> goroutines) {
        List<Goroutine> gs = new ArrayList<>(goroutines);
        gs.sort(Comparator.comparingLong(Goroutine::id));
        Map<Key, List<Long>> byStack = new LinkedHashMap<>();      // first seen = lowest id first
        int total = 0;
        for (Goroutine g : gs) {
            GState state = g.state();
            if (state == GState.DEAD) {
                continue;                                           // finished while we looked
            }
            List<StackTraceElement> frames = GoroutineDump.userFrames(g.thread().getStackTrace());
            if (!g.isAlive()) {
                continue;                                           // finished while its stack was read
            }
            Key key = new Key(GoroutineDump.stateWord(g, state), frames.stream().map(Frame::of).toList());
            byStack.computeIfAbsent(key, k -> new ArrayList<>()).add(g.id());
            total++;
        }
        List<Group> groups = new ArrayList<>(byStack.size());
        for (Map.Entry<Key, List<Long>> e : byStack.entrySet()) {
            groups.add(new Group(e.getKey().state(), e.getKey().frames().stream().map(Frame::element).toList(),
                    e.getValue()));
        }
        // Stable sort: equal counts keep first-seen order, i.e. by lowest goroutine id.
        groups.sort(Comparator.comparingInt(Group::count).reversed());
        return new GoroutineProfile(total, groups);
    }

    /** How many goroutines the profile counts (Go's {@code total N}). */
    public int total() {
        return total;
    }

    /** The groups, largest first. */
    public List<Group> groups() {
        return groups;
    }

    /** The profile in Go's {@code debug=1} text form (see the class comment). */
    public String text() {
        StringBuilder b = new StringBuilder("goroutine profile: total ").append(total).append('\n');
        for (Group g : groups) {
            b.append(g.count()).append(" @ [").append(g.state()).append("]\n");
            for (StackTraceElement f : g.frames()) {
                b.append("#\t").append(f.getClassName()).append('.').append(f.getMethodName())
                        .append('\t').append(GoroutineDump.location(f)).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Writes {@link #text()} to {@code out} and flushes it. */
    public void writeTo(PrintStream out) {
        out.print(text());
        out.flush();
    }

    @Override
    public String toString() {
        return text();
    }

    /** A frame as the profile compares it: StackTraceElement.equals also compares class loaders and modules. */
    private record Frame(String cls, String method, String file, int line, StackTraceElement element) {
        static Frame of(StackTraceElement f) {
            return new Frame(f.getClassName(), f.getMethodName(), f.getFileName(), f.getLineNumber(), f);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && cls.equals(f.cls) && method.equals(f.method)
                    && Objects.equals(file, f.file) && line == f.line;
        }

        @Override
        public int hashCode() {
            return Objects.hash(cls, method, file, line);
        }
    }

    private record Key(String state, List<Frame> frames) { }
}
