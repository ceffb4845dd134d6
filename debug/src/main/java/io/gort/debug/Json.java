package io.gort.debug;

/**
 * A minimal JSON writer for the endpoint's answers (the module has no dependencies beyond the JDK,
 * whose {@code jdk.httpserver} has no JSON). Appends to a {@link StringBuilder}; the caller writes
 * the punctuation, this class writes values. Strings are escaped per RFC 8259, plus {@code <},
 * {@code >}, {@code &} and U+2028/U+2029 as {@code \}{@code u} escapes, so that a value can never close a
 * {@code <script>} element or break a JavaScript string if a page ever embeds it.
 */
final class Json {
    private Json() { }

    /** Appends {@code s} as a JSON string, quotes included; null as {@code null}. */
    static StringBuilder string(StringBuilder b, String s) {
        if (s == null) {
            return b.append("null");
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    /** Appends {@code "name":} (the comma before it is the caller's). */
    static StringBuilder name(StringBuilder b, String name) {
        return string(b, name).append(':');
    }
}
