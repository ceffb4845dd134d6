package io.gort.sched;

import java.util.Set;
import jdk.jfr.SettingControl;

/**
 * The {@code waitThreshold} setting of {@link GoroutineParkEvent}: a duration in JFR's syntax
 * ({@code "20 ms"}, {@code "1 s"}, {@code "0 ns"}); with several recordings, the smallest wins, as for
 * JFR's own {@code threshold}. Default {@value #DEFAULT}.
 */
public final class WaitThresholdSetting extends SettingControl {
    static final String DEFAULT = "20 ms";

    private volatile String value = DEFAULT;
    private volatile long nanos = parse(DEFAULT);

    /** JFR makes one per event type when the event registers. */
    public WaitThresholdSetting() { }

    long nanos() {
        return nanos;
    }

    @Override
    public String combine(Set<String> values) {
        String min = null;
        long minNanos = Long.MAX_VALUE;
        for (String v : values) {
            long n = parse(v);
            if (n >= 0 && n < minNanos) {
                minNanos = n;
                min = v;
            }
        }
        return min == null ? DEFAULT : min;
    }

    @Override
    public void setValue(String v) {
        long n = parse(v);
        if (n >= 0) {
            value = v;
            nanos = n;
        }
    }

    @Override
    public String getValue() {
        return value;
    }

    /** "20 ms" -> nanoseconds; -1 if it does not parse. Units: ns, us, ms, s, m, h, d. */
    static long parse(String s) {
        if (s == null) {
            return -1;
        }
        String t = s.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return -1;
        }
        long n;
        try {
            n = Long.parseLong(t.substring(0, i));
        } catch (NumberFormatException e) {
            return -1;
        }
        long unit = switch (t.substring(i).trim()) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> -1L;
        };
        return unit < 0 ? -1 : Math.multiplyHigh(n, unit) != 0 ? Long.MAX_VALUE : n * unit;
    }
}
