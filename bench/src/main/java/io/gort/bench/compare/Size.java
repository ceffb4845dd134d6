package io.gort.bench.compare;

import java.util.Locale;

/**
 * The parameters every subject runs a {@link Workload} with: {@link #FULL} (the published
 * figures: a million goroutines where the workload says so) or {@link #SMOKE} (tiny, seconds in
 * all: the default test run checks every result with it).
 */
public enum Size {
    SMOKE, FULL;

    /** {@code smoke} or {@code full}, any case. */
    public static Size of(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** {@code full} or {@code smoke}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code full} if this is FULL, else {@code smoke}. */
    public int pick(int full, int smoke) {
        return this == FULL ? full : smoke;
    }
}
