package io.gort.chan.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's {@code test/chan/sendstmt.go} (golang/go at commit 3f8526119ce1c31dc8e6d8d2b8aad5c62d4b4212):
 * parsing cases that differ now that send is a statement. In Java there is no parsing question
 * left; what remains is the semantics: {@code case <-cc <- 2} sends on the channel received from
 * cc (the receive is evaluated on entry to the select), and {@code c <- false || true} sends true.
 */
@Timeout(10)
class SendStmtTest {
    @Test
    void chanchan() {
        Chan<Chan<Integer>> cc = Chan.make(1);
        Chan<Integer> c = Chan.make(1);
        cc.send(c);
        Select.select(cc.recv().onSend(2), Select.onDefault(() -> fail("nonblock")));
        assertEquals(2, c.recv(), "bad receive");
    }

    @Test
    void sendprec() {
        Chan<Boolean> c = Chan.make(1);
        c.send(false || true);   // Go: c <- false || true, the same as c <- (false || true)
        assertTrue(c.recv(), "sent false");
    }
}
