package io.gort.chan;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.gort.sched.GoInterruptedException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress scenarios for {@link Chan} and {@link Select}: the racy corners of close, hand-off and
 * select, run on jcstress's platform threads (the channel parks them with LockSupport). Every
 * blocking operation in a Continuous test is guaranteed a partner or a close by another actor, so
 * the actors terminate; the Termination tests check that a close (or an interrupt) wakes a parked
 * operation. Run: {@code mvn -o -pl jcstress -am package exec:exec -Djcstress.test=ChanStress}.
 *
 * <p>Result codes: a sender's outcome is 1 (sent) or 0 (threw "send on closed channel", or trySend
 * found no room); a receive's outcome is the value received (0, 1 or 2), {@link #CLOSED} (-1) for a
 * closed channel, or {@link #EMPTY} (-2) when a tryRecv would block.
 */
public class ChanStress {
    static final int CLOSED = -1, EMPTY = -2;

    static int code(Recv<Integer> r) {
        return r == null ? EMPTY : r.ok() ? r.value() : CLOSED;
    }

    static int send(Chan<Integer> ch, int v) {
        try {
            ch.send(v);
            return 1;
        } catch (ChannelClosedException e) {
            return 0;
        }
    }

    /** Shared outcomes. */
    @Outcome(expect = FORBIDDEN, desc = "Anything else: a value lost or duplicated, a send both delivered and failed, or an impossible state.")
    static class OtherwiseForbidden { }

    // ---- close vs send ---------------------------------------------------------------------------

    /* Capacity 1, empty: the send never waits; it lands in the buffer or finds the channel closed. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("close vs send on an empty buffered(1) channel: the send either completes and the value is still received after close, or throws.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Sent before the close; the buffered value survives the close and is received.")
    @Outcome(id = "0, -1", expect = ACCEPTABLE_INTERESTING, desc = "Closed first: send threw 'send on closed channel'; nothing to receive.")
    @State
    public static class CloseVsSend {
        final Chan<Integer> ch = Chan.make(1);

        @Actor public void sender(II_Result r) { r.r1 = send(ch, 1); }
        @Actor public void closer() { ch.close(); }
        @Arbiter public void after(II_Result r) { r.r2 = code(ch.tryRecv()); ch.checkInvariants(); }
    }

    /*
     * Unbuffered: the sender parks unless a tryRecv catches it. Actor 2 tries to receive, then closes,
     * so the sender always ends: delivered to the tryRecv, or woken (or refused) by the close.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Unbuffered: send vs (tryRecv; close). Sent and received, or threw and nothing received; never both, never neither.")
    @Outcome(id = "1, 1, -1", expect = ACCEPTABLE, desc = "The tryRecv took the parked sender's value; the send returned normally.")
    @Outcome(id = "0, -2, -1", expect = ACCEPTABLE_INTERESTING, desc = "The tryRecv found no sender; the close woke the parked sender (or met it first) and it threw.")
    @State
    public static class CloseVsParkedSender {
        final Chan<Integer> ch = Chan.make();

        @Actor public void sender(III_Result r) { r.r1 = send(ch, 1); }
        @Actor public void receiverThenCloser(III_Result r) { r.r2 = code(ch.tryRecv()); ch.close(); }
        @Arbiter public void after(III_Result r) { r.r3 = code(ch.tryRecv()); ch.checkInvariants(); }
    }

    /*
     * Capacity 1, full (holds 0): the sender parks on the full buffer. The tryRecv takes 0 and, if
     * the sender is parked, moves its value into the freed slot (recvLocked's refill); then close.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Full buffered(1): send(1) vs (tryRecv; close). The parked sender is moved into the buffer or thrown out by close; never lost.")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "The sender got in (moved in by the tryRecv while parked, or arrived after it); 1 survives the close.")
    @Outcome(id = "0, 0, -1", expect = ACCEPTABLE_INTERESTING, desc = "The close came first or woke the parked sender: it threw; the channel is drained and closed.")
    @State
    public static class CloseVsSenderOnFullBuffer {
        final Chan<Integer> ch = Chan.make(1);
        { ch.trySend(0); }

        @Actor public void sender(III_Result r) { r.r1 = send(ch, 1); }
        @Actor public void receiverThenCloser(III_Result r) { r.r2 = code(ch.tryRecv()); ch.close(); }
        @Arbiter public void after(III_Result r) { r.r3 = code(ch.tryRecv()); ch.checkInvariants(); }
    }

    // ---- close vs recv ---------------------------------------------------------------------------

    /* Unbuffered: the receiver parks unless the trySend comes after it parked; the close ends it either way. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Unbuffered: recvOk vs (trySend; close). The receiver gets the value exactly when trySend succeeded, else it sees closed.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The receiver was parked; trySend handed it 1.")
    @Outcome(id = "-1, 0", expect = ACCEPTABLE_INTERESTING, desc = "trySend found no waiting receiver; the close woke the receiver (or met it first): (zero, false).")
    @State
    public static class CloseVsParkedReceiver {
        final Chan<Integer> ch = Chan.make();

        @Actor public void receiver(II_Result r) { r.r1 = code(ch.recvOk()); }
        @Actor public void senderThenCloser(II_Result r) { r.r2 = ch.trySend(1) ? 1 : 0; ch.close(); }
        @Arbiter public void after() { ch.checkInvariants(); }
    }

    /* Buffered(1), empty: recv vs (send; close): the value is buffered or handed off; close never hides it. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Buffered(1): recvOk vs (send 1; close). A value sent before close is always received, even when the close comes before the receive.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The receiver got 1 (handed off while parked, or taken from the buffer, possibly after the close).")
    @State
    public static class CloseAfterSendVsRecv {
        final Chan<Integer> ch = Chan.make(1);

        @Actor public void receiver(II_Result r) { r.r1 = code(ch.recvOk()); }
        @Actor public void senderThenCloser(II_Result r) { r.r2 = send(ch, 1); ch.close(); }
        @Arbiter public void after() { ch.checkInvariants(); }
    }

    /* Two closers: exactly one closes; the other throws "close of closed channel". */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("close vs close: exactly one succeeds.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "Closer 1 closed; closer 2 threw 'close of closed channel'.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Closer 2 closed; closer 1 threw 'close of closed channel'.")
    @State
    public static class CloseVsClose {
        final Chan<Integer> ch = Chan.make();

        static int close(Chan<?> ch) {
            try {
                ch.close();
                return 1;
            } catch (ChannelClosedException e) {
                return 0;
            }
        }

        @Actor public void closer1(II_Result r) { r.r1 = close(ch); }
        @Actor public void closer2(II_Result r) { r.r2 = close(ch); }
    }

    // ---- trySend vs tryRecv ----------------------------------------------------------------------

    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Empty buffered(1): trySend(1) vs tryRecv. The send always fits; the receive sees it or not; it is never lost.")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "tryRecv came after the send and took 1; the channel is empty.")
    @Outcome(id = "1, -2, 1", expect = ACCEPTABLE, desc = "tryRecv came first and found nothing; 1 stays buffered.")
    @State
    public static class TrySendVsTryRecvEmpty1 {
        final Chan<Integer> ch = Chan.make(1);

        @Actor public void sender(III_Result r) { r.r1 = ch.trySend(1) ? 1 : 0; }
        @Actor public void receiver(III_Result r) { r.r2 = code(ch.tryRecv()); }
        @Arbiter public void after(III_Result r) { r.r3 = ch.len(); ch.checkInvariants(); }
    }

    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Full buffered(1) holding 0: trySend(1) vs tryRecv. tryRecv always takes 0; trySend fits only after it.")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "tryRecv freed the slot first; trySend put 1 in it.")
    @Outcome(id = "0, 0, -2", expect = ACCEPTABLE, desc = "trySend found the buffer full; the channel ends empty.")
    @State
    public static class TrySendVsTryRecvFull1 {
        final Chan<Integer> ch = Chan.make(1);
        { ch.trySend(0); }

        @Actor public void sender(III_Result r) { r.r1 = ch.trySend(1) ? 1 : 0; }
        @Actor public void receiver(III_Result r) { r.r2 = code(ch.tryRecv()); }
        @Arbiter public void after(III_Result r) { r.r3 = code(ch.tryRecv()); ch.checkInvariants(); }
    }

    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Unbuffered: trySend vs tryRecv. Two non-blocking operations never rendezvous (Go: a non-blocking send needs a receiver already waiting).")
    @Outcome(id = "0, -2", expect = ACCEPTABLE, desc = "Neither found a waiting partner.")
    @State
    public static class TrySendVsTryRecvUnbuffered {
        final Chan<Integer> ch = Chan.make();

        @Actor public void sender(II_Result r) { r.r1 = ch.trySend(1) ? 1 : 0; }
        @Actor public void receiver(II_Result r) { r.r2 = code(ch.tryRecv()); }
        @Arbiter public void after() { ch.checkInvariants(); }
    }

    // ---- select vs select ------------------------------------------------------------------------

    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Unbuffered a, b: select{a<-1, b<-2} vs select{<-a, <-b}. Exactly one case each, on the same channel; the value crosses once.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "They met on a.")
    @Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "They met on b.")
    @State
    public static class SelectSendVsSelectRecv {
        final Chan<Integer> a = Chan.make(), b = Chan.make();

        @Actor public void sender(II_Result r) { r.r1 = Select.<Integer>select(a.onSend(1, () -> 1), b.onSend(2, () -> 2)); }
        @Actor public void receiver(II_Result r) { r.r2 = Select.<Integer>select(a.onRecv(), b.onRecv()); }
        @Arbiter public void after() { a.checkInvariants(); b.checkInvariants(); }
    }

    /* Buffered(1) a, b: the send case always has room, so the sender never waits; the receiver may. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Buffered(1) a, b: select{a<-1, b<-2} vs select{<-a, <-b}. The value is received once; nothing stays buffered.")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "Sent on a, received from a (handed off or buffered).")
    @Outcome(id = "2, 2, 0", expect = ACCEPTABLE, desc = "Sent on b, received from b (handed off or buffered).")
    @State
    public static class SelectSendVsSelectRecvBuffered {
        final Chan<Integer> a = Chan.make(1), b = Chan.make(1);

        @Actor public void sender(III_Result r) { r.r1 = Select.<Integer>select(a.onSend(1, () -> 1), b.onSend(2, () -> 2)); }
        @Actor public void receiver(III_Result r) { r.r2 = Select.<Integer>select(a.onRecv(), b.onRecv()); }
        @Arbiter public void after(III_Result r) { r.r3 = a.len() + b.len(); a.checkInvariants(); b.checkInvariants(); }
    }

    /* Go's test/chan/doubleselect.go shape: each side can send on one channel or receive on the other. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Unbuffered a, b: select{a<-1, <-b} vs select{b<-2, <-a}. Exactly one pairing; both agree on it.")
    @Outcome(id = "10, 1", expect = ACCEPTABLE, desc = "T1 sent 1 on a; T2 received it.")
    @Outcome(id = "2, 20", expect = ACCEPTABLE, desc = "T2 sent 2 on b; T1 received it.")
    @State
    public static class CrossedSelects {
        final Chan<Integer> a = Chan.make(), b = Chan.make();

        @Actor public void t1(II_Result r) { r.r1 = Select.<Integer>select(a.onSend(1, () -> 10), b.onRecv()); }
        @Actor public void t2(II_Result r) { r.r2 = Select.<Integer>select(b.onSend(2, () -> 20), a.onRecv()); }
        @Arbiter public void after() { a.checkInvariants(); b.checkInvariants(); }
    }

    /*
     * Select waiting on two receives vs (trySend on b; close a): the trySend succeeds only if the select
     * is parked and takes it; otherwise the close of a completes the select.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("select{<-a, <-b} vs (b.trySend(2); a.close()): exactly one case; trySend succeeds exactly when the select took its value.")
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "The select was parked; trySend handed it 2 through case b.")
    @Outcome(id = "-1, 0", expect = ACCEPTABLE_INTERESTING, desc = "trySend found no waiting receiver; the select completed on a's close.")
    @State
    public static class SelectRecvVsTrySendAndClose {
        final Chan<Integer> a = Chan.make(), b = Chan.make();

        @Actor public void selector(II_Result r) {
            r.r1 = Select.<Integer>select(a.onRecvOk((v, ok) -> ok ? v : CLOSED), b.onRecvOk((v, ok) -> ok ? v : CLOSED));
        }
        @Actor public void other(II_Result r) { r.r2 = b.trySend(2) ? 1 : 0; a.close(); }
        @Arbiter public void after() { a.checkInvariants(); b.checkInvariants(); }
    }

    /*
     * Select waiting on two sends vs (tryRecv on b; close a): either the tryRecv took the select's 2,
     * or the select chose a's closed send case and threw. Never both.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("select{a<-1, b<-2} vs (b.tryRecv(); a.close()): the 2 is received exactly when the select completed on b; else the select threw.")
    @Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "The select was parked; tryRecv took 2 from case b.")
    @Outcome(id = "0, -2", expect = ACCEPTABLE_INTERESTING, desc = "tryRecv found no sender; the select then met a closed: 'send on closed channel'.")
    @State
    public static class SelectSendVsTryRecvAndClose {
        final Chan<Integer> a = Chan.make(), b = Chan.make();

        @Actor public void selector(II_Result r) {
            try {
                r.r1 = Select.<Integer>select(a.onSend(1, () -> 1), b.onSend(2, () -> 2));
            } catch (ChannelClosedException e) {
                r.r1 = 0;
            }
        }
        @Actor public void other(II_Result r) { r.r2 = code(b.tryRecv()); a.close(); }
        @Arbiter public void after() { a.checkInvariants(); b.checkInvariants(); }
    }

    /* A select whose two recv cases are both on one channel (Go allows it): one case, one value. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("select{<-a, <-a} (the same channel twice) vs a.send(1): exactly one case takes 1; the channel is left empty.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Case 0 took 1.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Case 1 took 1.")
    @State
    public static class SelectSameChannelTwice {
        final Chan<Integer> a = Chan.make();

        @Actor public void selector(II_Result r) {
            int[] v = new int[1];
            r.r1 = Select.<Integer>select(a.onRecv(x -> { v[0] = x; return 0; }), a.onRecv(x -> { v[0] = x; return 1; }));
            r.r2 = v[0];
        }
        @Actor public void sender() { a.send(1); }
        @Arbiter public void after() { a.checkInvariants(); }
    }

    // ---- termination: a parked operation is woken ------------------------------------------------

    @JCStressTest(Mode.Termination)
    @Description("A sender parked on a full buffered(1) channel is woken by close and throws.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "close woke the parked sender.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the sender stayed parked after close.")
    @State
    public static class CloseWakesParkedSender {
        final Chan<Integer> ch = Chan.make(1);
        { ch.trySend(0); }

        @Actor public void sender() {
            if (send(ch, 1) != 0) {
                throw new AssertionError("a send on a full channel that nobody drains completed");
            }
        }
        @Signal public void closer() { ch.close(); }
    }

    @JCStressTest(Mode.Termination)
    @Description("A receiver parked on an unbuffered channel is woken by close and sees (zero, false).")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "close woke the parked receiver.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the receiver stayed parked after close.")
    @State
    public static class CloseWakesParkedReceiver {
        final Chan<Integer> ch = Chan.make();

        @Actor public void receiver() {
            if (ch.recvOk().ok()) {
                throw new AssertionError("received from a channel nobody sends on");
            }
        }
        @Signal public void closer() { ch.close(); }
    }

    @JCStressTest(Mode.Termination)
    @Description("A select parked on {<-a, b<-1} (b full) is woken by a's close.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "close of a completed the select through its receive case.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "Lost wake-up: the select stayed parked after a closed.")
    @State
    public static class CloseWakesParkedSelect {
        final Chan<Integer> a = Chan.make(), b = Chan.make(1);
        { b.trySend(0); }

        @Actor public void selector() {
            String s = Select.select(a.onRecvOk((v, ok) -> ok ? "value" : "closed"), b.onSend(1, () -> "sent"));
            if (!s.equals("closed")) {
                throw new AssertionError("select completed with " + s);
            }
        }
        @Signal public void closer() { a.close(); }
    }

    @JCStressTest(Mode.Termination)
    @Description("A receiver parked on an unbuffered channel is woken by an interrupt and throws GoInterruptedException.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The interrupt woke the receiver; nothing was received.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The receiver ignored the interrupt.")
    @State
    public static class InterruptWakesParkedReceiver {
        final Chan<Integer> ch = Chan.make();
        volatile Thread receiver;

        @Actor public void receiver() {
            receiver = Thread.currentThread();
            try {
                ch.recv();
                throw new AssertionError("received from a channel nobody sends on");
            } catch (GoInterruptedException e) {
                if (!Thread.interrupted()) {           // clears it, too: the thread is jcstress's
                    throw new AssertionError("interrupt status not kept");
                }
            }
        }
        @Signal public void interrupter() {
            Thread t;
            while ((t = receiver) == null) {
                Thread.onSpinWait();
            }
            t.interrupt();
        }
    }
}
