package io.gort.sched;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Live goroutines counted by {@link GState} and, for the waiting ones, by {@link WaitReason}: Go's
 * {@code runtime/metrics} {@code /sched/goroutines:goroutines} split by state, plus the
 * wait-reason breakdown a goroutine dump shows.
 *
 * <p>{@link #snapshot()} walks {@link Goroutine#all()} once: O(live goroutines), allocation of one
 * list copy; no lock on any goroutine's path. Each goroutine's state is read with an opaque load,
 * so the counts are recent, not a consistent cut (a goroutine that just woke may still count as
 * waiting). A goroutine blocked in a JDK call gort does not wrap counts as running (see {@link GState}).
 *
 * @param total            live goroutines counted
 * @param byState          counts for RUNNABLE, RUNNING and WAITING (every key present; DEAD omitted)
 * @param waitingByReason  counts of WAITING goroutines by reason (only reasons seen)
 */
public record GoroutineStats(int total, Map<GState, Integer> byState, Map<WaitReason, Integer> waitingByReason) {

    public GoroutineStats {
        byState = Collections.unmodifiableMap(new EnumMap<>(byState));
        waitingByReason = waitingByReason.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(waitingByReason));
    }

    /** Counts the live goroutines of every scheduler now. */
    public static GoroutineStats snapshot() {
        int[] states = new int[GState.values().length];
        int[] reasons = new int[WaitReason.values().length];
        int total = 0;
        for (Goroutine g : Goroutine.all()) {
            GState s = g.state();
            if (s == GState.DEAD) {
                continue;                                  // finished, leaving the registry
            }
            total++;
            states[s.ordinal()]++;
            if (s == GState.WAITING) {
                reasons[g.waitReason().ordinal()]++;
            }
        }
        EnumMap<GState, Integer> byState = new EnumMap<>(GState.class);
        for (GState s : GState.values()) {
            if (s != GState.DEAD) {
                byState.put(s, states[s.ordinal()]);
            }
        }
        EnumMap<WaitReason, Integer> byReason = new EnumMap<>(WaitReason.class);
        for (WaitReason r : WaitReason.values()) {
            if (reasons[r.ordinal()] > 0) {
                byReason.put(r, reasons[r.ordinal()]);
            }
        }
        return new GoroutineStats(total, byState, byReason);
    }

    /** Goroutines in state {@code s} (0 for DEAD). */
    public int count(GState s) {
        return byState.getOrDefault(s, 0);
    }

    /** Waiting goroutines parked for {@code r}. */
    public int waiting(WaitReason r) {
        return waitingByReason.getOrDefault(r, 0);
    }
}
