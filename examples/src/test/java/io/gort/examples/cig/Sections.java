package io.gort.examples.cig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a program's output at its {@code == name} lines, for the chapter tests. */
final class Sections {
    private Sections() { }

    static Map<String, List<String>> of(List<String> lines) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        List<String> current = null;
        for (String l : lines) {
            if (l.startsWith("== ")) {
                current = new ArrayList<>();
                m.put(l.substring(3), current);
            } else {
                assertTrue(current != null, "output before the first section: " + l);
                current.add(l);
            }
        }
        return m;
    }

    /** The first group of {@code regex} in {@code line}, as a long; fails if it does not match. */
    static long number(String regex, String line) {
        Matcher m = Pattern.compile(regex).matcher(line);
        assertTrue(m.matches(), "'" + line + "' does not match " + regex);
        return Long.parseLong(m.group(1));
    }

    static void assertSameLines(List<String> expected, List<String> actual) {
        assertEquals(expected.stream().sorted().toList(), actual.stream().sorted().toList(), actual.toString());
    }
}
