package io.gort.bench.compare;

/**
 * The twelve whole-program workloads of the comparison suite ({@code bench/compare}): each is a small
 * Go program (spawn, skynet, ping-pong, ...) that every subject writes in its own terms, with the same
 * parameters ({@link Size#FULL} or {@link Size#SMOKE}) and a checked result. {@link #unit} is what
 * one measured value means; lower is better for every unit.
 */
public enum Workload {
    /** One goroutine spawns N goroutines, each counts down; wait for all. N = 1,000,000 | 1,000. */
    SPAWN("spawn", "ns/goroutine"),
    /** 10 children per node, leaves = 1,000,000 | 1,000; sums go up unbuffered channels; sum checked. */
    SKYNET("skynet", "ms"),
    /** Two goroutines, two unbuffered channels, 100,000 | 1,000 round trips. */
    PINGPONG("pingpong", "ns/roundtrip"),
    /** 1 producer, 1 consumer, buffered capacity 1024, 1,000,000 | 10,000 ints, sum checked. */
    SPSC("spsc", "ns/msg"),
    /** 4 producers, 4 consumers, one channel of capacity 1024, 1,000,000 | 10,000 ints, sum checked. */
    MPMC("mpmc", "ns/msg"),
    /** 1 consumer selects over 4 unbuffered channels, 1 producer each, 400,000 | 4,000 ints in all. */
    SELECT("select", "ns/msg"),
    /** Go's concurrent prime sieve to the 2,000th | 100th prime (17389 | 541 checked). */
    SIEVE("sieve", "ms"),
    /**
     * 1,000,000 | 1,000 goroutines parked on receives of ONE channel; bytes per goroutine (JVM: used
     * heap after System.gc() with all parked, minus before, / N; Go: (StackInuse + HeapInuse) delta / N);
     * then the channel is closed and all exit.
     */
    IDLE("idle", "bytes/goroutine"),
    /** 8 goroutines x 1,000,000 | 1,000 increments of one counter under one mutex; total checked. */
    MUTEX("mutex", "ns/op"),
    /** generator -> 4 workers (x*x) -> fan-in -> sum; unbuffered; 1,000,000 | 10,000 items; sum checked. */
    PIPELINE("pipeline", "ns/item"),
    /** 100,000 | 1,000 goroutines each select { <-never; <-after(10 ms) }; all time out; count checked. */
    TIMERS("timers", "ms"),
    /** Loopback TCP echo server (a goroutine per connection), 100 | 4 clients x 1,000 | 10 requests of 64 bytes; bytes checked. */
    ECHO("echo", "us/request");

    /** The name on the command line, in tables and in the fork protocol's JSON. */
    public final String id;
    /** What one measured value means (lower is better). */
    public final String unit;

    Workload(String id, String unit) {
        this.id = id;
        this.unit = unit;
    }

    /** The workload named {@code id} (its {@link #id}, or its constant name, any case). */
    public static Workload of(String id) {
        for (Workload w : values()) {
            if (w.id.equalsIgnoreCase(id) || w.name().equalsIgnoreCase(id)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "'; known: " + ids());
    }

    /** The ids of all workloads, comma separated, in declaration order. */
    public static String ids() {
        StringBuilder b = new StringBuilder();
        for (Workload w : values()) {
            b.append(b.isEmpty() ? "" : ",").append(w.id);
        }
        return b.toString();
    }

    /** {@code id}. */
    @Override
    public String toString() {
        return id;
    }
}
