package io.gort.sched;

/** GOMAXPROCS, read once. */
final class MaxProcs {
    static final int VALUE = resolve(System.getProperty("gort.maxprocs"), System.getenv("GOMAXPROCS"),
            Runtime.getRuntime().availableProcessors());

    private MaxProcs() { }

    /** The first of {@code property}, {@code env} that is a positive integer, else {@code cores}. */
    static int resolve(String property, String env, int cores) {
        for (String s : new String[] {property, env}) {
            if (s != null) {
                try {
                    int n = Integer.parseInt(s.trim());
                    if (n > 0) {
                        return n;
                    }
                } catch (NumberFormatException ignored) {
                    // Go ignores a GOMAXPROCS it cannot parse; so do we.
                }
            }
        }
        return Math.max(1, cores);
    }
}
