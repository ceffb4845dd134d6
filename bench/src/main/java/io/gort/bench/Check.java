package io.gort.bench;

/** The checks of the channel benchmarks: a wrong subject fails loudly instead of reporting a time. */
final class Check {
    private Check() {
    }

    /** Checks that {@code sum} is 0 + 1 + ... + (n - 1), the sum of the values the workload sent. */
    static long sum(String workload, long sum, long n) {
        long expected = n * (n - 1) / 2;
        if (sum != expected) {
            throw new AssertionError(workload + ": received values sum to " + sum + ", expected " + expected
                    + " (0 + 1 + ... + " + (n - 1) + "): a value was lost, duplicated or corrupted");
        }
        return sum;
    }
}
