package io.gort.chan.conformance;

/** The stress multiplier: loops run {@code ITERATIONS * Stress.multiplier()} times ({@code -Dgort.stress=N}, default 1). */
final class Stress {
    private Stress() { }

    static int multiplier() {
        return Math.max(1, Integer.getInteger("gort.stress", 1));
    }
}
