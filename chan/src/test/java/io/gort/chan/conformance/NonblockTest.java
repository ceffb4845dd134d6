package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Port of Go's {@code test/chan/nonblock.go} (golang/go at commit 7926af0ddbd70675dce43aeedfff21353d5d54c2):
 * channel operations that test for blocking ({@code select} with a {@code default}), on unbuffered
 * and one-slot channels, with operands of several types (int32, int64, bool, string: here Integer,
 * Long, Boolean, String).
 *
 * <p>Go polls a non-blocking operation until the goroutine on the other side is ready, at most
 * maxTries = 10000 times with a 10 µs ticker and three Goscheds between tries ("up to 100ms per
 * test"). The port polls the same way, yielding and parking 10 µs between tries, but bounds the
 * polling by a 10 s deadline instead, since the CI's two cores are shared. The polling is Go's
 * algorithm under test (a non-blocking op that eventually succeeds), not a synchronisation.
 */
@Timeout(60)
@ExtendWith(Conformance.NoPanics.class)
class NonblockTest {
    static final Duration MAX_POLL = Duration.ofSeconds(10);

    // Go's i32receiver, i64receiver, breceiver, sreceiver: receive, check the value, strobe.
    static <T> void receiver(Chan<T> c, T want, Chan<Boolean> strobe) {
        assertEquals(want, c.recv(), "receiver value");
        strobe.send(true);
    }

    // Go's i32sender, i64sender, bsender, ssender: send, strobe.
    static <T> void sender(Chan<T> c, T value, Chan<Boolean> strobe) {
        c.send(value);
        strobe.send(true);
    }

    /** Go's sleep(): two ticks of a 10 µs ticker and three Goscheds. */
    static void sleep() {
        Conformance.sleep(Duration.ofNanos(10_000));
        Thread.yield();
        Thread.yield();
        Thread.yield();
    }

    /**
     * One block of Go's main for one operand type: a non-blocking receive from an empty channel
     * takes the default; a non-blocking send eventually reaches a waiting receiver; a non-blocking
     * receive eventually takes a sender's value.
     */
    static <T> void check(String name, int buffer, Chan<T> c, T toReceiver, T fromSender, Chan<Boolean> sync) {
        Select.select(c.onRecv(v -> fail("blocked " + name + "sender")), Select.onDefault());

        go(() -> receiver(c, toReceiver, sync));
        long deadline = System.nanoTime() + MAX_POLL.toNanos();
        while (!Select.<Boolean>select(c.onSend(toReceiver, () -> true), Select.onDefault(() -> false))) {
            if (System.nanoTime() > deadline) {
                fail(name + "receiver buffer=" + buffer);
            }
            sleep();
        }
        sync.recv();

        go(() -> sender(c, fromSender, sync));
        if (buffer > 0) {
            sync.recv();
        }
        deadline = System.nanoTime() + MAX_POLL.toNanos();
        T got;
        while ((got = Select.<T>select(c.onRecv(), Select.onDefault())) == null) {
            if (System.nanoTime() > deadline) {
                fail(name + "sender buffer=" + buffer);
            }
            sleep();
        }
        assertEquals(fromSender, got, name + "sender value");
        if (buffer == 0) {
            sync.recv();
        }
    }

    @Test
    void main() {
        Chan<Boolean> sync = Chan.make();
        for (int buffer = 0; buffer < 2; buffer++) {
            Chan<Integer> c32 = Chan.make(buffer);
            Chan<Long> c64 = Chan.make(buffer);
            Chan<Boolean> cb = Chan.make(buffer);
            Chan<String> cs = Chan.make(buffer);

            check("i32", buffer, c32, 123, 234, sync);
            check("i64", buffer, c64, 123456L, 234567L, sync);
            check("b", buffer, cb, true, true, sync);
            check("s", buffer, cs, "hello", "hello again", sync);

            // Nothing is left over: every channel is empty again.
            for (Chan<?> c : new Chan<?>[] {c32, c64, cb, cs}) {
                assertNull(c.tryRecv(), c.toString());
                Conformance.checkInvariants(c);
            }
        }
    }
}
