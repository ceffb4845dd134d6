package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Port of Go's {@code test/chan/select8.go} (golang/go at commit 9b683ab891c679d653f3fd9b68831a13d5eb5f79):
 * {@code break} inside a select case leaves the select (gccgo had a bug there), for one-, two- and
 * three-case selects, which Go compiles three different ways. Java has no break-out-of-select
 * question (a case body is a lambda that returns); what remains is that each select runs exactly
 * the one case that can proceed: a receive from a channel that a goroutine keeps sending on, the
 * default when alone, and, with a receive and a default, either one (the sender may not be there
 * yet). The send case on {@code ch} in the
 * last select can never fire: the only other goroutine on {@code ch} sends, and nobody receives.
 */
@Timeout(10)
@ExtendWith(Conformance.NoPanics.class)
class Select8Test {
    final Chan<Integer> ch = Chan.make();
    io.gort.sched.Goroutine sender;

    @AfterEach
    void stopSender() {
        sender.thread().interrupt();
    }

    static <T> T unreachable() {
        throw new AssertionError("unreachable");
    }

    @Test
    void main() {
        sender = go(() -> {
            for (;;) {
                ch.send(5);
            }
        });

        assertEquals(5, Select.<Integer>select(ch.onRecv()));

        assertEquals("default", Select.select(Select.onDefault(() -> "default")));

        String r = Select.select(ch.onRecv(v -> "recv " + v), Select.onDefault(() -> "default"));
        assertEquals(true, r.equals("recv 5") || r.equals("default"), r);

        r = Select.select(ch.onRecv(v -> "recv " + v), ch.onSend(10, Select8Test::unreachable), Select.onDefault(() -> "default"));
        assertEquals(true, r.equals("recv 5") || r.equals("default"), r);
    }
}
