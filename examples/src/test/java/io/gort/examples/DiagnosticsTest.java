package io.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's diagnostics tour ({@link Diagnostics}), its output checked line by line. */
class DiagnosticsTest {
    @Test
    void printsWhatTheReadmeSays() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Diagnostics.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("slept PT1H of virtual time in milliseconds", lines[0]);
        assertEquals("seed 3, three times: [the value is 1, the value is 1, the value is 1]", lines[1]);
        assertEquals("printSum's Mutex cycle under -Dgort.deadlock=throw: [finished, victim]", lines[2]);
        assertTrue(lines[3].startsWith("grouped dump: 3 @ [chan receive]"), lines[3]);
        assertEquals(4, lines.length);
    }
}
