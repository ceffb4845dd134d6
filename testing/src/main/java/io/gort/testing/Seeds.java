package io.gort.testing;

import io.gort.Synctest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Seed search for {@link Synctest} bubbles: runs a body under many seeds (many interleavings) and
 * reports the first seed that fails, so a race found once is reproduced on demand with {@code
 * Synctest.run(seed, body)}. Go has no counterpart (its synctest does not choose interleavings);
 * the idea is that of Tokio's loom and of fuzzing with a seed corpus, without loom's exhaustive
 * search: seeds sample the schedules, they do not enumerate them.
 *
 * <pre>{@code
 * @Test void counterHasNoLostUpdate() {
 *     Seeds.explore(1000, () -> { ...; assertEquals(2, counter); });
 *     // AssertionError: fails with seed 3; replay with Synctest.run(3, body)
 * }
 * }</pre>
 *
 * gort switches goroutines only where they block or call {@link io.gort.Go#yield()}: a race on
 * plain fields shows up only if a yield sits between the racing accesses (see {@link Synctest}).
 */
public final class Seeds {
    private Seeds() { }

    /**
     * Runs {@code body} in a bubble under seeds 0 to n-1; throws at the first seed that fails.
     *
     * @throws AssertionError "fails with seed S; replay with Synctest.run(S, body)", caused by what
     *         the bubble threw (an assertion, an exception of a goroutine, a bubble deadlock)
     */
    public static void explore(int n, Runnable body) {
        explore(0, n, body);
    }

    /** As {@link #explore(int, Runnable)}, with seeds {@code from} to {@code from + n - 1}. */
    public static void explore(long from, int n, Runnable body) {
        Objects.requireNonNull(body, "body");
        for (long seed = from; seed < from + n; seed++) {
            Throwable t = failure(seed, body);
            if (t != null) {
                throw new AssertionError("fails with seed " + seed + "; replay with Synctest.run(" + seed + ", body)", t);
            }
        }
    }

    /** The first seed in {@code from .. from + n - 1} under which {@code body} fails, or empty. */
    public static OptionalLong firstFailing(long from, int n, Runnable body) {
        Objects.requireNonNull(body, "body");
        for (long seed = from; seed < from + n; seed++) {
            if (failure(seed, body) != null) {
                return OptionalLong.of(seed);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Runs {@code body} (the bubble's first goroutine; its result is the outcome) under seeds 0 to
     * n-1 and returns, for each distinct outcome, the first seed that gave it, in the order the
     * outcomes were first seen. A seed whose run throws counts as the outcome {@code "failed: "}
     * followed by the exception.
     */
    public static Map<String, Long> firstSeedPerOutcome(int n, Supplier<String> body) {
        Objects.requireNonNull(body, "body");
        Map<String, Long> first = new LinkedHashMap<>();
        for (long seed = 0; seed < n; seed++) {
            String outcome;
            try {
                outcome = outcome(seed, body);
            } catch (RuntimeException | AssertionError e) {
                outcome = "failed: " + e;
            }
            first.putIfAbsent(outcome, seed);
        }
        return first;
    }

    /** Runs {@code body} in a bubble with {@code seed} and returns what it returned. */
    public static String outcome(long seed, Supplier<String> body) {
        String[] out = new String[1];
        Synctest.run(seed, () -> out[0] = body.get());
        return out[0];
    }

    private static Throwable failure(long seed, Runnable body) {
        try {
            Synctest.run(seed, body);
            return null;
        } catch (RuntimeException | AssertionError e) {
            return e;
        }
    }
}
