package io.gort.testing;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Go writes them ({@code time.ParseDuration} / {@code Duration.String}, the subset a
 * grace period needs): {@code 500ms}, {@code 1s}, {@code 1.5s}, {@code 2m}; also ISO-8601
 * ({@code PT2S}) and a bare number of milliseconds ({@code 250}), as Java users may write them.
 */
final class Durations {
    private static final Pattern GO = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Durations() { }

    /** Parses {@code text}; throws IllegalArgumentException, in Go's words, if it is none of the forms. */
    static Duration parse(String text) {
        String s = text.strip();
        if (s.matches("\\d+")) {
            return Duration.ofMillis(Long.parseLong(s));
        }
        if (s.startsWith("P") || s.startsWith("p")) {
            try {
                return Duration.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("time: invalid duration \"" + text + "\"", e);
            }
        }
        Matcher m = GO.matcher(s);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        }
        long nanos = 0;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
            }
            double value = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;   // h
            };
            nanos += Math.round(value * unit);
            at = m.end();
        }
        return Duration.ofNanos(nanos);
    }

    /** Go's short form for the durations a grace period takes: {@code 0s}, {@code 250ms}, {@code 1s}, {@code 1.5s}, {@code 100µs}. */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos >= 1_000_000_000L) {
            return trim(nanos / 1e9) + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos >= 1_000_000L) {
            return trim(nanos / 1e6) + "ms";
        }
        return nanos % 1_000L == 0 ? nanos / 1_000L + "µs" : nanos + "ns";
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
