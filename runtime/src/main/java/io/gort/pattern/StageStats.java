package io.gort.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The counters of one running pattern stage: items it passed on, items it dropped, how long an item
 * spent in it (sampled), and how many wait in its buffer. Every pattern that starts goroutines makes
 * one, findable by the channel the stage returns ({@link #of}) or among all live stages ({@link
 * #all}), for the metrics exporter to read.
 *
 * <p>Cost: {@link #item(long)} is one {@link LongAdder} increment; the latency is measured on one
 * item in {@value #SAMPLE_EVERY} ({@link #begin()} returns 0 for the others), so a stage pays two
 * {@code nanoTime} calls per {@value #SAMPLE_EVERY} items. Stages are registered once, when they
 * start, in a weak map keyed by their output: an unreferenced stage's counters are garbage with it.
 */
public final class StageStats {
    /** One item in this many has its latency measured. */
    public static final int SAMPLE_EVERY = 64;

    private static final Map<Object, StageStats> BY_OUTPUT = new WeakHashMap<>();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String name;
    private final LongAdder items = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder sampled = new LongAdder();
    private final LongAdder sampledNanos = new LongAdder();
    private final AtomicLong maxNanos = new AtomicLong();
    private volatile LongSupplier depth = () -> 0;
    private int tick;   // racy on purpose: it only spreads the samples

    private StageStats(String name) {
        this.name = name;
    }

    /**
     * Registers the counters of a new stage of kind {@code kind} ("map", "fanIn", …) whose output is
     * {@code output} (its channel, or the object that stands for the stage).
     */
    static StageStats register(String kind, Object output) {
        StageStats s = new StageStats(kind + "#" + SEQUENCE.incrementAndGet());
        synchronized (BY_OUTPUT) {
            BY_OUTPUT.put(output, s);
        }
        return s;
    }

    /** The counters of the stage whose output is {@code output}, if a pattern made it. */
    public static Optional<StageStats> of(Object output) {
        synchronized (BY_OUTPUT) {
            return Optional.ofNullable(BY_OUTPUT.get(output));
        }
    }

    /** The counters of every stage whose output is still referenced. */
    public static List<StageStats> all() {
        synchronized (BY_OUTPUT) {
            return new ArrayList<>(BY_OUTPUT.values());
        }
    }

    /** Starts timing an item: {@code System.nanoTime()} for one item in {@value #SAMPLE_EVERY}, else 0. */
    long begin() {
        return (++tick & (SAMPLE_EVERY - 1)) == 0 ? System.nanoTime() : 0;
    }

    /** Counts one item passed on; {@code began} is what {@link #begin()} returned for it. */
    void item(long began) {
        items.increment();
        if (began != 0) {
            long d = System.nanoTime() - began;
            sampled.increment();
            sampledNanos.add(d);
            maxNanos.accumulateAndGet(d, Math::max);
        }
    }

    /** Counts one item dropped (a full queue's policy, a cancelled stage's item in hand). */
    void drop() {
        dropped.increment();
    }

    /** Sets where {@link #queueDepth()} reads from (a buffered stage's {@code len}). */
    void depthFrom(LongSupplier depth) {
        this.depth = depth;
    }

    /** The stage's name: its kind and a number unique in this JVM, e.g. {@code "map#3"}. */
    public String name() {
        return name;
    }

    /** Items the stage passed on so far. */
    public long items() {
        return items.sum();
    }

    /** Items the stage dropped so far. */
    public long dropped() {
        return dropped.sum();
    }

    /** Items waiting in the stage's buffer now (0 for a stage without one). */
    public long queueDepth() {
        return depth.getAsLong();
    }

    /** The mean time an item spent in the stage, in nanoseconds, over the sampled items (0 if none). */
    public double meanLatencyNanos() {
        long n = sampled.sum();
        return n == 0 ? 0 : (double) sampledNanos.sum() / n;
    }

    /** The longest time a sampled item spent in the stage, in nanoseconds. */
    public long maxLatencyNanos() {
        return maxNanos.get();
    }

    /** All counters at once (each read separately; not an atomic snapshot). */
    public Snapshot snapshot() {
        return new Snapshot(name, items(), dropped(), queueDepth(), meanLatencyNanos(), maxLatencyNanos());
    }

    /** The counters of one stage, read at one time. */
    public record Snapshot(String name, long items, long dropped, long queueDepth, double meanLatencyNanos,
                           long maxLatencyNanos) { }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
