package io.gort;

import io.gort.sched.DeadlockException;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import io.gort.sched.WaitReason;
import io.gort.sync.Mutex;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Deadlock detection: Go's {@code checkdead} ({@code fatal error: all goroutines are asleep -
 * deadlock!}), plus two partial deadlocks gort can prove and Go cannot: a cycle of goroutines each
 * waiting for a {@link Mutex} the next one holds, and goroutines blocked forever on something no
 * live goroutine can reach (found by the GC, under {@code -Djdk.trackAllThreads=false}). See
 * docs/adr/0011-deadlock-detection.md and docs/HACKING.md, "Deadlock detection".
 *
 * <p><b>Policy</b>, {@code -Dgort.deadlock=report|throw|exit|off} or {@link #setPolicy}:
 * <ul>
 *   <li>{@code report} (the default): the report — Go's headline and the dump of the goroutines
 *       and threads involved — goes to the {@linkplain #setHandler handler}, by default printed on
 *       {@code System.err}, once per distinct deadlock;</li>
 *   <li>{@code throw}: reported, and then the waiting threads that are not goroutines ({@code main},
 *       a test) get a {@link DeadlockException} from their blocked gort call; for a Mutex cycle, the
 *       youngest waiter's {@code lock()} throws it, so its unlocks in {@code finally} free the
 *       others (a database's deadlock victim). Collected goroutines are only reported: they are gone;</li>
 *   <li>{@code exit}: reported, then {@code Runtime.exit(2)}, as Go exits with status 2;</li>
 *   <li>{@code off}: nothing is started, nothing is checked.</li>
 * </ul>
 *
 * <p><b>The whole-program deadlock</b> is reported when all of these hold, twice, {@value
 * #CONFIRM_MILLIS} ms apart, with no goroutine's or thread's wait having changed in between: at
 * least one thread that is not a goroutine waits in a gort primitive (the "main"); every live
 * goroutine waits in a gort primitive for a reason that only another goroutine can end (channel,
 * select, Mutex, RWMutex, Cond, WaitGroup, semaphore, join — never a sleep or a wait with a
 * deadline, and never RUNNING, which is what a goroutine in socket I/O or plain {@code
 * LockSupport.park} shows); no gort timer is pending (Go gives up then too); every live non-daemon
 * platform thread is such a waiting thread; and every work-stealing scheduler is quiescent (no
 * queued work, every carrier parked). Daemon platform threads and plain virtual threads (which
 * are daemons) are assumed not to feed goroutines: gort cannot see what they will do.
 *
 * <p><b>When it looks</b>: a daemon platform thread, {@code gort-deadlock}, started by the first
 * use of {@link Go} (or the first wait of a thread that is not a goroutine), looks when told that a
 * deadlock may have formed — a work-stealing scheduler's carriers all went idle, a thread that is
 * not a goroutine began to wait, a goroutine began to wait for a Mutex whose holder waits for a
 * Mutex — after letting such signals settle for {@value #SETTLE_MILLIS} ms; and once a second
 * otherwise, for the other schedulers and for collected goroutines, which costs nothing while no
 * thread that is not a goroutine waits. It never walks all goroutines more often than that.
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
public final class Deadlocks {
    /** What the detector does with a deadlock it proved. */
    public enum Policy {
        REPORT, THROW, EXIT, OFF;

        /** {@code report}, {@code throw}, {@code exit} or {@code off}, any case; null or empty is REPORT. */
        public static Policy parse(String s) {
            if (s == null || s.isBlank()) {
                return REPORT;
            }
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.err.println("gort: -Dgort.deadlock=" + s + " is not report, throw, exit or off; using report");
                return REPORT;
            }
        }
    }

    static final long CONFIRM_MILLIS = 50;
    static final long SETTLE_MILLIS = 20;
    static final long POLL_MILLIS = Long.getLong("gort.deadlock.poll", 1000);
    /** Distinct deadlocks remembered, so that each is reported once. */
    private static final int REMEMBERED = 256;
    private static final int MAX_SUSPECTS = 1024;
    private static final int MAX_CHAIN = 10_000;

    /** Reasons for which only another goroutine (or thread) can end the wait. */
    private static final Set<WaitReason> FOREVER = EnumSet.of(
            WaitReason.CHAN_RECEIVE, WaitReason.CHAN_RECEIVE_NIL_CHAN, WaitReason.CHAN_SEND,
            WaitReason.CHAN_SEND_NIL_CHAN, WaitReason.SELECT, WaitReason.SELECT_NO_CASES,
            WaitReason.WAIT_GROUP, WaitReason.MUTEX_LOCK, WaitReason.RW_MUTEX_RLOCK,
            WaitReason.RW_MUTEX_LOCK, WaitReason.COND_WAIT, WaitReason.SEMACQUIRE, WaitReason.JOIN);
    /** Waits that can be cancelled by {@link Goroutine#armDeadlock} (an RWMutex's cannot). */
    private static final Set<WaitReason> CANCELLABLE = EnumSet.of(
            WaitReason.CHAN_RECEIVE, WaitReason.CHAN_RECEIVE_NIL_CHAN, WaitReason.CHAN_SEND,
            WaitReason.CHAN_SEND_NIL_CHAN, WaitReason.SELECT, WaitReason.SELECT_NO_CASES,
            WaitReason.WAIT_GROUP, WaitReason.MUTEX_LOCK, WaitReason.COND_WAIT, WaitReason.SEMACQUIRE,
            WaitReason.JOIN);

    private static final Consumer<DeadlockReport> PRINT = r -> {
        System.err.print(r.text());
        System.err.flush();
    };

    private static volatile Policy policy = Policy.parse(System.getProperty("gort.deadlock"));
    private static volatile Consumer<DeadlockReport> handler = PRINT;
    private static volatile Thread detector;                  // started once (install)
    /** The goroutine that showed, at the last look, that the program was not deadlocked. */
    private static volatile java.lang.ref.WeakReference<Goroutine> witness;
    private static volatile boolean kicked;
    private static final ConcurrentLinkedQueue<Goroutine> SUSPECTS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger SUSPECT_COUNT = new AtomicInteger();
    private static final Set<String> REPORTED = new LinkedHashSet<>();   // guarded by itself

    static {
        install();
    }

    private Deadlocks() { }

    // ---- configuration ---------------------------------------------------------------------------

    /** Starts the detector unless the policy is off (called by {@link Go}'s static initializer). */
    static void install() {
        if (policy != Policy.OFF) {
            start();
        }
    }

    private static synchronized void start() {
        if (detector != null) {
            return;
        }
        Thread t = Thread.ofPlatform().daemon().name("gort-deadlock").unstarted(Deadlocks::loop);
        detector = t;
        Goroutine.setDeadlockProbe(Deadlocks::probe);
        t.start();
    }

    /** The policy in force. */
    public static Policy policy() {
        return policy;
    }

    /** Sets the policy (off stops the checks; another policy starts the detector if need be); returns the previous one. */
    public static Policy setPolicy(Policy p) {
        Policy previous = policy;
        policy = p == null ? Policy.REPORT : p;
        install();
        return previous;
    }

    /**
     * Sets what receives each report (null: print it on {@code System.err}, the default); returns the
     * previous handler. Under {@code throw} and {@code exit} the handler runs first.
     */
    public static Consumer<DeadlockReport> setHandler(Consumer<DeadlockReport> h) {
        Consumer<DeadlockReport> previous = handler;
        handler = h == null ? PRINT : h;
        return previous;
    }

    /**
     * Looks for a deadlock now, on the calling thread, and returns the first it proves, or null:
     * the whole-program deadlock (the calling thread is not counted as a non-daemon thread that
     * could still act), then a Mutex cycle among all Mutex waiters, then goroutines the GC
     * collected while they waited. It confirms each with a second look {@value #CONFIRM_MILLIS} ms
     * later, and applies the policy to what it found, as the background thread would (a deadlock
     * already reported is not reported again, but is still returned). Returns null under {@code off}.
     */
    public static DeadlockReport check() {
        if (policy == Policy.OFF) {
            return null;
        }
        DeadlockReport r = wholeProgram(Thread.currentThread());
        if (r == null) {
            r = anyMutexCycle();
        }
        if (r == null) {
            r = collected();
        }
        return r;
    }

    // ---- the detector thread ------------------------------------------------------------------

    /** The probe gort's waits call (Goroutine.setDeadlockProbe): cheap, on the waiting thread. */
    private static void probe(Goroutine suspect) {
        if (suspect != null && SUSPECT_COUNT.incrementAndGet() <= MAX_SUSPECTS) {
            SUSPECTS.add(suspect);
        } else if (suspect != null) {
            SUSPECT_COUNT.decrementAndGet();
        }
        if (!kicked) {
            kicked = true;
            LockSupport.unpark(detector);
        }
    }

    private static void loop() {
        for (;;) {
            if (!kicked) {
                LockSupport.parkNanos(Deadlocks.class, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            }
            if (kicked) {
                sleep(SETTLE_MILLIS);                // let a burst of signals settle into one look
                kicked = false;
            }
            if (policy == Policy.OFF) {
                SUSPECTS.clear();
                SUSPECT_COUNT.set(0);
                continue;
            }
            try {
                collected();
                for (Goroutine s; (s = SUSPECTS.poll()) != null; ) {
                    SUSPECT_COUNT.decrementAndGet();
                    mutexCycleFrom(s);
                }
                if (Goroutine.anyForeignWaiter()) {
                    wholeProgram(null);
                }
            } catch (Throwable e) {
                System.err.println("gort-deadlock: the detector failed; it keeps running");
                e.printStackTrace();
            }
        }
    }

    private static void sleep(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(Deadlocks.class, left);
        }
    }

    // ---- the whole-program deadlock (Go's checkdead) -------------------------------------------

    /** The waits of the records seen, by record: each wait's start time identifies it. */
    private record Look(List<Goroutine> goroutines, List<Goroutine> threads, Map<Goroutine, Long> since) {
        boolean sameAs(Look other) {
            return other != null && since.equals(other.since);
        }
    }

    private static DeadlockReport wholeProgram(Thread caller) {
        Look first = lookAll(caller);
        if (first == null) {
            return null;
        }
        sleep(CONFIRM_MILLIS);
        Look second = lookAll(caller);
        if (!first.sameAs(second)) {
            return null;
        }
        StringBuilder text = new StringBuilder("fatal error: all goroutines are asleep - deadlock!\n\n");
        text.append(GoroutineDump.dump(second.threads()));          // the "main"s first, as Go's goroutine 1
        if (!second.goroutines().isEmpty()) {
            text.append('\n').append(GoroutineDump.dump(second.goroutines()));
        }
        DeadlockReport r = new DeadlockReport(DeadlockReport.Kind.ALL_ASLEEP, text.toString(),
                List.copyOf(second.goroutines()), List.copyOf(second.threads()), List.of(), null);
        act(r, key(second.since()), () -> {
            String message = r.text().substring("fatal error: ".length());
            for (Goroutine t : second.threads()) {
                if (CANCELLABLE.contains(t.waitReason())) {
                    t.armDeadlock(new DeadlockException(message), second.since().get(t));
                }
            }
        });
        return r;
    }

    /** One look at everything; null as soon as something shows the program is not deadlocked. */
    private static Look lookAll(Thread caller) {
        List<Goroutine> threads = Goroutine.foreignWaiters();
        if (threads.isEmpty()) {
            return null;
        }
        Map<Goroutine, Long> since = new HashMap<>();   // not Identity: its values compare by ==
        for (Goroutine t : threads) {
            if (!blockedForever(t, since)) {
                return null;
            }
        }
        if (TimerEngine.global().pending() > 0) {
            return null;                             // Go: "if there is a timer, it is not a deadlock"
        }
        // The goroutine that disproved the last look, if it still does, disproves this one at O(1):
        // a program whose main waits for its lifetime is looked at every second, never walked whole.
        java.lang.ref.WeakReference<Goroutine> w = witness;
        Goroutine last = w == null ? null : w.get();
        if (last != null && last.isAlive() && !blockedForever(last, new HashMap<>())) {
            return null;
        }
        List<Goroutine> gs = new ArrayList<>();
        Set<Scheduler> schedulers = Collections.newSetFromMap(new IdentityHashMap<>());
        boolean all = Goroutine.forEachLive(g -> {
            if (!blockedForever(g, since)) {
                witness = new java.lang.ref.WeakReference<>(g);   // weak: never keeps a goroutine alive
                return false;
            }
            gs.add(g);
            schedulers.add(g.scheduler());
            return true;
        });
        if (!all) {
            return null;
        }
        for (Scheduler s : schedulers) {
            if (!s.isQuiescent()) {
                return null;
            }
        }
        Thread self = Thread.currentThread();
        for (Thread t : platformThreads()) {
            if (t.isDaemon() || !t.isAlive() || t == caller || t == self || t == detector
                    || t.getName().equals("DestroyJavaVM")) {
                continue;
            }
            Goroutine r = Goroutine.ofThread(t);
            if (r == null || !r.isForeign() || !since.containsKey(r)) {
                return null;                         // a non-daemon thread that may still act
            }
        }
        return new Look(gs, threads, since);
    }

    /** Records {@code g}'s wait in {@code since} if it is one that only another goroutine can end. */
    private static boolean blockedForever(Goroutine g, Map<Goroutine, Long> since) {
        if (g.state() != GState.WAITING) {
            return false;
        }
        long s = g.waitSinceNanos();
        if (g.isTimedWait() || !FOREVER.contains(g.waitReason()) || g.state() != GState.WAITING) {
            return false;
        }
        since.put(g, s);
        return true;
    }

    private static List<Thread> platformThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] ts;
        int n;
        do {
            ts = new Thread[root.activeCount() + 8];
            n = root.enumerate(ts, true);
        } while (n == ts.length);
        return java.util.Arrays.asList(ts).subList(0, n);
    }

    // ---- Mutex cycles -----------------------------------------------------------------------------

    /** Every Mutex waiter as a start (check() only: the detector thread starts from the suspects). */
    private static DeadlockReport anyMutexCycle() {
        List<Goroutine> candidates = new ArrayList<>(Goroutine.foreignWaiters());
        candidates.addAll(Goroutine.all());
        Set<Goroutine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Goroutine g : candidates) {
            if (!seen.contains(g) && g.state() == GState.WAITING && g.waitReason() == WaitReason.MUTEX_LOCK) {
                List<Goroutine> path = new ArrayList<>();
                DeadlockReport r = mutexCycleFrom(g, path);
                seen.addAll(path);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static DeadlockReport mutexCycleFrom(Goroutine start) {
        return mutexCycleFrom(start, new ArrayList<>());
    }

    /** A cycle: each member waits for a Mutex whose owner is the next member. */
    private record Cycle(List<Goroutine> members, List<Mutex> mutexes, Map<Goroutine, Long> since) {
        boolean sameAs(Cycle other) {
            return other != null && since.equals(other.since) && mutexes.equals(other.mutexes);
        }
    }

    private static DeadlockReport mutexCycleFrom(Goroutine start, List<Goroutine> path) {
        Cycle first = cycleFrom(start, path);
        if (first == null) {
            return null;
        }
        sleep(CONFIRM_MILLIS);
        Cycle second = cycleFrom(first.members().get(0), new ArrayList<>());
        if (!first.sameAs(second)) {
            return null;
        }
        List<Goroutine> members = second.members();
        Goroutine victim = members.get(0);
        for (Goroutine g : members) {
            if (second.since().get(g) > second.since().get(victim)) {
                victim = g;                          // the youngest wait: the one that closed the cycle
            }
        }
        StringBuilder text = new StringBuilder("fatal error: ").append(members.size() == 1
                ? "a goroutine waits for a sync.Mutex it holds itself - deadlock!\n"
                : members.size() + " goroutines wait in a cycle for sync.Mutexes they hold - deadlock!\n");
        for (int i = 0; i < members.size(); i++) {
            Goroutine g = members.get(i);
            text.append('\t').append(who(g)).append(" waits for ").append(name(second.mutexes().get(i)))
                    .append(", held by ").append(who(members.get((i + 1) % members.size()))).append('\n');
        }
        text.append('\n').append(GoroutineDump.dump(members));
        List<Goroutine> gs = new ArrayList<>(), ts = new ArrayList<>();
        for (Goroutine g : members) {
            (g.isForeign() ? ts : gs).add(g);
        }
        Goroutine v = victim;
        DeadlockReport r = new DeadlockReport(DeadlockReport.Kind.MUTEX_CYCLE, text.toString(),
                List.copyOf(gs), List.copyOf(ts), List.of(), v);
        act(r, key(second.since()), () -> v.armDeadlock(new DeadlockException(
                r.text().substring("fatal error: ".length()) + "\n" + who(v) + " is the victim: its lock() throws"),
                second.since().get(v)));
        return r;
    }

    private static Cycle cycleFrom(Goroutine start, List<Goroutine> path) {
        Map<Goroutine, Integer> index = new IdentityHashMap<>();
        Map<Goroutine, Long> since = new HashMap<>();   // not Identity: its values compare by ==
        List<Mutex> mutexes = new ArrayList<>();
        for (Goroutine g = start; g != null && path.size() < MAX_CHAIN; ) {
            Integer at = index.get(g);
            if (at != null) {
                List<Goroutine> members = List.copyOf(path.subList(at, path.size()));
                Map<Goroutine, Long> s = new HashMap<>();
                for (Goroutine m : members) {
                    s.put(m, since.get(m));
                }
                return new Cycle(members, List.copyOf(mutexes.subList(at, mutexes.size())), s);
            }
            if (g.state() != GState.WAITING) {
                return null;
            }
            long t = g.waitSinceNanos();
            if (g.isTimedWait() || g.waitReason() != WaitReason.MUTEX_LOCK || !(g.waitingOn() instanceof Mutex m)
                    || g.state() != GState.WAITING) {
                return null;
            }
            index.put(g, path.size());
            path.add(g);
            mutexes.add(m);
            since.put(g, t);
            g = Goroutine.ofThread(m.owner());
        }
        return null;
    }

    private static String who(Goroutine g) {
        return g.isForeign() ? "thread \"" + g.name() + "\"" : "goroutine " + g.id();
    }

    private static String name(Object o) {
        return o.getClass().getName().replace("io.gort.sync.", "sync.") + "@" + Integer.toHexString(System.identityHashCode(o));
    }

    // ---- goroutines the GC collected while they waited ------------------------------------------

    private static DeadlockReport collected() {
        List<Goroutine.Collected> cs = Goroutine.drainCollected();
        if (cs.isEmpty()) {
            return null;
        }
        long now = System.nanoTime();
        StringBuilder text = new StringBuilder("fatal error: ").append(cs.size() == 1
                ? "a goroutine is" : cs.size() + " goroutines are")
                .append(" asleep forever: what they wait on is unreachable (collected by the GC) - deadlock!\n");
        for (Goroutine.Collected c : cs) {
            long minutes = TimeUnit.NANOSECONDS.toMinutes(now - c.waitSinceNanos());
            text.append('\n').append("goroutine ").append(c.id())
                    .append(c.name() == null || c.name().isEmpty() ? "" : " \"" + c.name() + "\"")
                    .append(" [").append(c.waitReason()).append(minutes >= 1 ? ", " + minutes + " minutes" : "")
                    .append("]: blocked forever on ").append(what(c))
                    .append(" no live goroutine can reach (collected by the GC)\n");
            StackTraceElement site = c.createdAt();
            String by = site != null ? site.getClassName() + "." + site.getMethodName() : creator(c.taskClass());
            text.append("created by ").append(by).append(c.parentId() == 0 ? "" : " in goroutine " + c.parentId()).append('\n');
            if (site != null) {
                text.append('\t').append(GoroutineDump.location(site)).append('\n');
            }
        }
        DeadlockReport r = new DeadlockReport(DeadlockReport.Kind.UNREACHABLE, text.toString(), List.of(), List.of(),
                List.copyOf(cs), null);
        act(r, null, null);
        return r;
    }

    private static String what(Goroutine.Collected c) {
        String on = c.waitingOnClass();
        if (on == null) {
            return switch (c.waitReason()) {
                case SELECT, SELECT_NO_CASES -> "the chans of a select";
                default -> "something";
            };
        }
        if (on.startsWith("io.gort.chan.")) {
            return "a chan";
        }
        return "a " + on.replace("io.gort.sync.", "sync.");
    }

    private static String creator(Class<?> task) {
        if (task == null) {
            return "?";
        }
        String by = task.getName();
        int lambda = by.indexOf("$$Lambda");
        return lambda >= 0 ? by.substring(0, lambda) : by;
    }

    // ---- the policy -------------------------------------------------------------------------------

    private static String key(Map<Goroutine, Long> since) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Goroutine, Long> e : since.entrySet()) {
            parts.add(e.getKey().id() + "@" + e.getValue());
        }
        Collections.sort(parts);
        return String.join(",", parts);
    }

    /** Reports {@code r} unless {@code key} was reported before, then applies the policy. */
    private static void act(DeadlockReport r, String key, Runnable thrower) {
        Policy p = policy;
        if (p == Policy.OFF) {
            return;
        }
        if (key != null) {
            synchronized (REPORTED) {
                if (!REPORTED.add(key)) {
                    return;
                }
                if (REPORTED.size() > REMEMBERED) {
                    var it = REPORTED.iterator();
                    it.next();
                    it.remove();
                }
            }
        }
        try {
            handler.accept(r);
        } catch (Throwable e) {
            System.err.println("gort-deadlock: the deadlock handler threw");
            e.printStackTrace();
        }
        if (p == Policy.THROW && thrower != null) {
            thrower.run();
        } else if (p == Policy.EXIT) {
            Runtime.getRuntime().exit(2);
        }
    }
}

