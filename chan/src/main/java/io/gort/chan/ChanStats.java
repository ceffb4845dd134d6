package io.gort.chan;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opt-in counters of one channel: values sent, values received, and the time goroutines spent
 * blocked on it. Go has no such counters (its tracer records every block event instead); they are
 * for dashboards: {@code ChanStats.enable(jobs, "jobs")} and the Micrometer binder exports
 * {@code gort_chan_sends_total{chan="jobs"}}, {@code gort_chan_receives_total},
 * {@code gort_chan_blocked_seconds_total}.
 *
 * <p><b>What counts.</b> A send counts when its value was delivered (into the buffer or to a
 * receiver); a receive when it took a value (a receive that saw the channel closed does not count).
 * Both count whether made by {@code send}/{@code recv}, {@code trySend}/{@code tryRecv} or a select
 * case. Blocked time is added only by an operation that found no counterpart and waited (registered
 * in the channel's wait queue): from then until it completed, failed on close, or was interrupted;
 * a select that waited adds its wait to the channel of the case that fired.
 *
 * <p><b>Cost.</b> A channel without counters pays one field load and a null test per operation,
 * read under the channel's lock it already holds (no extra cache line, no atomic). A channel with
 * counters pays a {@link LongAdder} increment per operation and, on the wait path only, two
 * {@code System.nanoTime()} calls. Why opt-in per channel rather than a JVM-wide switch: counters
 * on every channel would put one Prometheus series per channel (thousands of short-lived ones) in
 * the scrape, unnamed; a name is needed anyway, so enabling is naming. The disabled path is
 * already a predictable branch next to a lock CAS, so a static flag to remove it too would buy
 * nothing measurable (see HACKING.md, "Metrics and tracing").
 *
 * <p>Memory model: counts are {@link LongAdder}s; {@link #sends()} and the others return a recent
 * sum, not an atomic snapshot of the three. Operations that lock the channel after {@link #enable}
 * returns are counted; one racing with it may not be. The registry holds channels weakly: an
 * unreachable channel's counters leave {@link #all()} with it.
 */
public final class ChanStats {
    private static final Map<Chan<?>, ChanStats> BY_CHAN = new WeakHashMap<>();   // guarded by itself

    private final String name;
    private final WeakReference<Chan<?>> chan;
    private final LongAdder sends = new LongAdder();
    private final LongAdder receives = new LongAdder();
    private final LongAdder blockedNanos = new LongAdder();

    private ChanStats(String name, Chan<?> chan) {
        this.name = name;
        this.chan = new WeakReference<>(chan);
    }

    /**
     * Turns counting on for {@code ch} under {@code name} (the {@code chan} label of the exported
     * metrics) and returns its counters; if already on, returns the existing counters (the first
     * name stays). A nil channel cannot be counted.
     */
    public static ChanStats enable(Chan<?> ch, String name) {
        Objects.requireNonNull(ch, "ch");
        Objects.requireNonNull(name, "name");
        if (ch.isNil()) {
            throw new IllegalArgumentException("nil channel has no counters");
        }
        synchronized (BY_CHAN) {
            ChanStats st = BY_CHAN.get(ch);
            if (st != null) {
                return st;
            }
            st = new ChanStats(name, ch);
            ch.lock();
            ch.stats = st;                 // under the lock: every operation that locks after this sees it
            ch.unlock();
            BY_CHAN.put(ch, st);
            return st;
        }
    }

    /** The counters of {@code ch}, if {@link #enable enabled}. */
    public static Optional<ChanStats> of(Chan<?> ch) {
        synchronized (BY_CHAN) {
            return Optional.ofNullable(BY_CHAN.get(ch));
        }
    }

    /** The counters of every channel with counters that is still reachable. */
    public static List<ChanStats> all() {
        synchronized (BY_CHAN) {
            return new ArrayList<>(BY_CHAN.values());
        }
    }

    void sent(long waitedNanos) {
        sends.increment();
        if (waitedNanos != 0) {
            blockedNanos.add(waitedNanos);
        }
    }

    void received(long waitedNanos) {
        receives.increment();
        if (waitedNanos != 0) {
            blockedNanos.add(waitedNanos);
        }
    }

    void blocked(long waitedNanos) {
        blockedNanos.add(waitedNanos);
    }

    /** The name given to {@link #enable}. */
    public String name() {
        return name;
    }

    /** The channel, or empty once it has been garbage-collected. */
    public Optional<Chan<?>> channel() {
        return Optional.ofNullable(chan.get());
    }

    /** Values sent on the channel since counting began. */
    public long sends() {
        return sends.sum();
    }

    /** Values received from the channel since counting began. */
    public long receives() {
        return receives.sum();
    }

    /** Nanoseconds goroutines (and threads) spent waiting on the channel, summed over waiters. */
    public long blockedNanos() {
        return blockedNanos.sum();
    }

    /** The counters, each read once (not an atomic snapshot). */
    public Snapshot snapshot() {
        return new Snapshot(name, sends(), receives(), blockedNanos());
    }

    /** The counters of one channel, read at one time. */
    public record Snapshot(String name, long sends, long receives, long blockedNanos) { }

    @Override
    public String toString() {
        return "ChanStats" + snapshot();
    }
}
