package io.gort.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Model checking of the operations that wait: {@code send}, {@code recv}, {@code recvOk}, a blocked
 * {@link Select#select select}, and {@code close} waking them. Each test is a fixed scenario of two
 * or three platform threads run under Lincheck's general-purpose model checker ({@link
 * Lincheck#runConcurrentTest}), which explores a different interleaving of their switch points
 * (the channel lock's CAS, the waiter CAS, park and unpark) on each invocation and reports a
 * failed assertion or a hang, with the interleaving. Every scenario gives each wait a partner or a
 * close, so a hang is a lost wake-up. The assertions state Go's outcome exactly: each value is
 * received exactly once, and a sender either delivered its value or threw "send on closed
 * channel", never both and never neither.
 *
 * <p>Why not a sequential model: see {@link ChanLincheckTest}. The channel runs on Lincheck's
 * platform threads (it parks with {@code LockSupport.park}); Lincheck's model checker cannot
 * track virtual threads, so goroutines are not used here.
 */
public class ChanBlockingLincheckTest {
    static final int INVOCATIONS = Integer.getInteger("gort.lincheck.invocations", 40);

    /** Runs {@code body} on a new platform thread; {@link #await} joins it and rethrows what it threw. */
    static final class Actor {
        private final Thread thread;
        private final Throwable[] failure = new Throwable[1];

        Actor(Runnable body) {
            thread = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failure[0] = t;
                }
            });
            thread.start();
        }

        void await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (failure[0] != null) {
                throw new AssertionError("actor failed", failure[0]);
            }
        }
    }

    static void check(Runnable scenario) {
        Lincheck.runConcurrentTest(INVOCATIONS, scenario);
    }

    /** Sends {@code v}; "sent" or Go's panic message. */
    static String send(Chan<Integer> ch, int v) {
        try {
            ch.send(v);
            return "sent";
        } catch (ChannelClosedException e) {
            return e.getMessage();
        }
    }

    static String show(Recv<Integer> r) {
        return r == null ? "empty" : r.ok() ? String.valueOf(r.value()) : "closed";
    }

    /** Unbuffered rendezvous: whichever side comes first parks; the value crosses exactly once. */
    @Test
    void unbufferedSendRecv() {
        check(() -> {
            Chan<Integer> ch = Chan.make();
            int[] got = new int[1];
            Actor s = new Actor(() -> ch.send(1));
            Actor r = new Actor(() -> got[0] = ch.recv());
            s.await();
            r.await();
            assertEquals(1, got[0]);
            ch.checkInvariants();
        });
    }

    /**
     * Capacity 1, two senders, one receiver taking two: one sender may park on the full buffer and be
     * moved into it by the receiver's first take (recvLocked's refill). Both values arrive, once each.
     */
    @Test
    void buffered1TwoSendersOneReceiver() {
        check(() -> {
            Chan<Integer> ch = Chan.make(1);
            int[] got = new int[2];
            Actor s1 = new Actor(() -> ch.send(1));
            Actor s2 = new Actor(() -> ch.send(2));
            Actor r = new Actor(() -> {
                got[0] = ch.recv();
                got[1] = ch.recv();
            });
            s1.await();
            s2.await();
            r.await();
            assertEquals(Set.of(1, 2), Set.of(got[0], got[1]));
            assertEquals(0, ch.len());
            ch.checkInvariants();
        });
    }

    /**
     * Capacity 1, one sender of two values, two receivers: FIFO per sender. A receiver that parks on
     * the empty buffer is handed the value directly. Each value is received once.
     */
    @Test
    void buffered1OneSenderTwoReceivers() {
        check(() -> {
            Chan<Integer> ch = Chan.make(1);
            int[] got = new int[2];
            Actor s = new Actor(() -> {
                ch.send(1);
                ch.send(2);
            });
            Actor r1 = new Actor(() -> got[0] = ch.recv());
            Actor r2 = new Actor(() -> got[1] = ch.recv());
            s.await();
            r1.await();
            r2.await();
            assertEquals(Set.of(1, 2), Set.of(got[0], got[1]));
            ch.checkInvariants();
        });
    }

    /**
     * Close vs a sender that may park (capacity 0) and a tryRecv that may catch it: the sender
     * either delivered 1 to the tryRecv or threw "send on closed channel", never both, never neither.
     */
    @Test
    void closeVsParkedSender() {
        check(() -> {
            Chan<Integer> ch = Chan.make();
            String[] out = new String[2];
            Actor s = new Actor(() -> out[0] = send(ch, 1));
            Actor r = new Actor(() -> out[1] = show(ch.tryRecv()));
            Actor c = new Actor(ch::close);
            s.await();
            r.await();
            c.await();
            if (out[0].equals("sent")) {
                assertEquals("1", out[1], "a sent value must be received");
            } else {
                assertEquals("send on closed channel", out[0]);
                assertTrue(out[1].equals("empty") || out[1].equals("closed"), "nothing was sent but tryRecv got " + out[1]);
            }
            assertEquals("closed", show(ch.tryRecv()));
            ch.checkInvariants();
        });
    }

    /**
     * Close vs a receiver that may park, with a trySend that may hand it a value (capacity 0 and 1):
     * the receiver gets 1 exactly when trySend succeeded; otherwise it sees "closed".
     */
    @Test
    void closeVsParkedReceiver() {
        for (int cap : new int[] {0, 1}) {
            check(() -> {
                Chan<Integer> ch = Chan.make(cap);
                String[] out = new String[2];
                Actor r = new Actor(() -> out[0] = show(ch.recvOk()));
                Actor s = new Actor(() -> {
                    try {
                        out[1] = ch.trySend(1) ? "sent" : "full";
                    } catch (ChannelClosedException e) {
                        out[1] = e.getMessage();
                    }
                });
                Actor c = new Actor(ch::close);
                r.await();
                s.await();
                c.await();
                if (out[1].equals("sent")) {
                    assertEquals("1", out[0], "cap " + cap + ": a sent value must be received");
                } else {
                    assertEquals("closed", out[0], "cap " + cap + ": nothing was sent");
                }
                assertEquals("closed", show(ch.tryRecv()));
                ch.checkInvariants();
            });
        }
    }

    /** Two closers: exactly one closes, the other throws "close of closed channel", and a parked receiver wakes. */
    @Test
    void closeVsCloseWithParkedReceiver() {
        check(() -> {
            Chan<Integer> ch = Chan.make();
            String[] out = new String[3];
            Actor r = new Actor(() -> out[0] = show(ch.recvOk()));
            Actor c1 = new Actor(() -> out[1] = closeResult(ch));
            Actor c2 = new Actor(() -> out[2] = closeResult(ch));
            r.await();
            c1.await();
            c2.await();
            assertEquals("closed", out[0]);
            assertEquals(new TreeSet<>(List.of("closed it", "close of closed channel")), new TreeSet<>(List.of(out[1], out[2])));
        });
    }

    static String closeResult(Chan<?> ch) {
        try {
            ch.close();
            return "closed it";
        } catch (ChannelClosedException e) {
            return e.getMessage();
        }
    }

    /**
     * Select vs select on the same two unbuffered channels: one sends on a or b, the other receives
     * on a or b. Exactly one case each, on the same channel; the value crosses once; nothing is left.
     */
    @Test
    void selectSendVsSelectRecv() {
        check(() -> {
            Chan<Integer> a = Chan.make(), b = Chan.make();
            Object[] out = new Object[2];
            Actor s = new Actor(() -> out[0] = Select.<String>select(a.onSend(1, () -> "a"), b.onSend(2, () -> "b")));
            Actor r = new Actor(() -> out[1] = Select.<Integer>select(a.onRecv(), b.onRecv()));
            s.await();
            r.await();
            assertEquals(out[0].equals("a") ? 1 : 2, out[1]);
            assertNull(a.tryRecv());
            assertNull(b.tryRecv());
            a.checkInvariants();
            b.checkInvariants();
        });
    }

    /**
     * Crossed selects (Go's DoubleSelect shape): T1 sends on a or receives on b, T2 sends on b or
     * receives on a. Exactly one pairing happens, and both sides agree which.
     */
    @Test
    void crossedSelects() {
        check(() -> {
            Chan<Integer> a = Chan.make(), b = Chan.make();
            String[] out = new String[2];
            Actor t1 = new Actor(() -> out[0] = Select.<String>select(a.onSend(1, () -> "sent a"), b.onRecv(v -> "got " + v)));
            Actor t2 = new Actor(() -> out[1] = Select.<String>select(b.onSend(2, () -> "sent b"), a.onRecv(v -> "got " + v)));
            t1.await();
            t2.await();
            assertTrue(out[0].equals("sent a") && out[1].equals("got 1") || out[0].equals("got 2") && out[1].equals("sent b"),
                    "one pairing, agreed: " + out[0] + " / " + out[1]);
            a.checkInvariants();
            b.checkInvariants();
        });
    }

    /**
     * A select waiting on two receives vs close of one channel and a trySend on the other: the select
     * takes exactly one case; the trySend succeeds exactly when the select took its value.
     */
    @Test
    void selectRecvVsCloseAndTrySend() {
        check(() -> {
            Chan<Integer> a = Chan.make(), b = Chan.make();
            String[] out = new String[2];
            Actor sel = new Actor(() -> out[0] = Select.<String>select(
                    a.onRecvOk((v, ok) -> ok ? "a " + v : "a closed"), b.onRecvOk((v, ok) -> ok ? "b " + v : "b closed")));
            Actor s = new Actor(() -> out[1] = b.trySend(2) ? "sent" : "full");
            Actor c = new Actor(a::close);
            sel.await();
            s.await();
            c.await();
            assertEquals(out[1].equals("sent") ? "b 2" : "a closed", out[0]);
            a.checkInvariants();
            b.checkInvariants();
        });
    }

    /**
     * A select waiting on two sends vs close of one channel and a tryRecv on the other: either the
     * select's value on b was received once, or the select chose a's closed case and threw; never both.
     */
    @Test
    void selectSendVsCloseAndTryRecv() {
        check(() -> {
            Chan<Integer> a = Chan.make(), b = Chan.make();
            String[] out = new String[2];
            Actor sel = new Actor(() -> {
                try {
                    out[0] = Select.<String>select(a.onSend(1, () -> "sent a"), b.onSend(2, () -> "sent b"));
                } catch (ChannelClosedException e) {
                    out[0] = e.getMessage();
                }
            });
            Actor r = new Actor(() -> out[1] = show(b.tryRecv()));
            Actor c = new Actor(a::close);
            sel.await();
            r.await();
            c.await();
            if (out[0].equals("sent b")) {
                assertEquals("2", out[1]);
            } else {
                assertEquals("send on closed channel", out[0]);
                assertEquals("empty", out[1]);
            }
            a.checkInvariants();
            b.checkInvariants();
        });
    }

    @Test
    @Tag("stress")
    void moreInterleavings() {
        // The same scenarios with more invocations: -Dgort.lincheck.invocations=5000 -Pstress.
        unbufferedSendRecv();
        buffered1TwoSendersOneReceiver();
        closeVsParkedSender();
        closeVsParkedReceiver();
        selectSendVsSelectRecv();
        crossedSelects();
        selectRecvVsCloseAndTrySend();
        selectSendVsCloseAndTryRecv();
    }
}
