package io.gort.chan;

import static io.gort.chan.Until.receiversQueued;
import static io.gort.chan.Until.sendersQueued;
import static org.junit.jupiter.api.Assertions.*;

import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import io.gort.sched.WaitReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Channel semantics beyond Go's own tests (conformance/): misuse, nil channels, interrupts, close. */
@Timeout(30)
class ChanTest {
    static Goroutine go(Runnable r) {
        return Scheduler.byDefault().spawn(r);
    }

    static void join(Goroutine g) {
        g.join();
    }

    // ---- misuse: Go's panics, and the channel stays usable -------------------------------------

    @Test
    void negativeCapacityIsGosMakechanPanic() {
        var e = assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
        assertEquals("makechan: size out of range", e.getMessage());
    }

    @Test
    void nullElementsAreRejectedAndNothingIsSent() {
        Chan<String> c = Chan.make(1);
        assertThrows(NullPointerException.class, () -> c.send(null));
        assertThrows(NullPointerException.class, () -> c.trySend(null));
        assertThrows(NullPointerException.class, () -> c.onSend(null));
        assertEquals(0, c.len());
        c.send("x");
        assertEquals("x", c.recv());
    }

    @Test
    void sendOnClosedThrowsAndBufferStillDrains() {
        Chan<Integer> c = Chan.make(2);
        c.send(1);
        c.close();
        var e = assertThrows(ChannelClosedException.class, () -> c.send(2));
        assertEquals("send on closed channel", e.getMessage());
        e = assertThrows(ChannelClosedException.class, () -> c.trySend(2));
        assertEquals("send on closed channel", e.getMessage());
        e = assertThrows(ChannelClosedException.class, () -> Select.select(c.onSend(3), Select.onDefault()));
        assertEquals("send on closed channel", e.getMessage());
        e = assertThrows(ChannelClosedException.class, c::close);
        assertEquals("close of closed channel", e.getMessage());
        assertEquals(new Recv<>(1, true), c.recvOk());
        assertEquals(Recv.closed(), c.recvOk());
        assertEquals(Recv.closed(), c.tryRecv());
        assertNull(c.recv());
        c.checkInvariants();
    }

    @Test
    void multipleDefaultsAreRejected() {
        Chan<Integer> c = Chan.make();
        var e = assertThrows(IllegalArgumentException.class,
                () -> Select.select(c.onRecv(), Select.onDefault(), Select.onDefault()));
        assertEquals("select: multiple defaults", e.getMessage());
    }

    @Test
    void lenCapAndNonBlockingOps() {
        Chan<Integer> u = Chan.make();
        assertEquals(0, u.cap());
        assertFalse(u.trySend(1));
        assertNull(u.tryRecv());
        Chan<Integer> b = Chan.make(2);
        assertTrue(b.trySend(1));
        assertTrue(b.trySend(2));
        assertFalse(b.trySend(3));
        assertEquals(2, b.len());
        assertEquals(2, b.cap());
        assertEquals(new Recv<>(1, true), b.tryRecv());
        assertEquals(1, b.len());
    }

    // ---- close wakes every waiter --------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void closeWakesEveryReceiverWithOkFalse(int capacity) {
        Chan<Integer> c = Chan.make(capacity);
        int n = 50;
        var results = new ConcurrentLinkedQueue<Recv<Integer>>();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            gs.add(go(() -> results.add(c.recvOk())));
        }
        receiversQueued(c, n);
        c.close();
        gs.forEach(ChanTest::join);
        assertEquals(n, results.size());
        assertTrue(results.stream().allMatch(r -> r.equals(Recv.closed())));
        c.checkInvariants();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void closeWakesParkedSendersWithSendOnClosed(int capacity) {
        Chan<Integer> c = Chan.make(capacity);
        for (int i = 0; i < capacity; i++) {
            c.send(-1);
        }
        int n = 20;
        var errors = new ConcurrentLinkedQueue<Throwable>();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int v = i;
            gs.add(go(() -> {
                try {
                    c.send(v);
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        sendersQueued(c, n);
        c.close();
        gs.forEach(ChanTest::join);
        assertEquals(n, errors.size());
        for (Throwable t : errors) {
            assertInstanceOf(ChannelClosedException.class, t);
            assertEquals("send on closed channel", t.getMessage());
        }
        // Only what was buffered before close is received: no parked sender's value got in.
        for (int i = 0; i < capacity; i++) {
            assertEquals(-1, c.recv());
        }
        assertEquals(Recv.closed(), c.recvOk());
    }

    @Test
    void selectWakesOnCloseWithOkFalse() {
        Chan<Integer> a = Chan.make(), b = Chan.make();
        var got = new AtomicReference<String>();
        Goroutine g = go(() -> got.set(Select.select(
                a.onRecvOk((v, ok) -> "a " + v + " " + ok),
                b.onRecvOk((v, ok) -> "b " + v + " " + ok))));
        receiversQueued(a, 1);
        receiversQueued(b, 1);
        b.close();
        join(g);
        assertEquals("b null false", got.get());
        assertEquals(0, a.queuedReceivers(), "the other case's waiter was dequeued");
    }

    // ---- nil channels ------------------------------------------------------------------------

    @Test
    void nilChannelBlocksForeverUntilInterrupted() {
        Chan<Integer> nil = Chan.nil();
        assertTrue(nil.isNil());
        assertEquals(0, nil.len());
        assertEquals(0, nil.cap());
        assertFalse(nil.trySend(1));
        assertNull(nil.tryRecv());
        var e = assertThrows(IllegalStateException.class, nil::close);
        assertEquals("close of nil channel", e.getMessage());
        for (WaitReason reason : new WaitReason[] {WaitReason.CHAN_RECEIVE_NIL_CHAN, WaitReason.CHAN_SEND_NIL_CHAN}) {
            var thrown = new AtomicReference<Throwable>();
            var statusKept = new AtomicReference<Boolean>();
            Goroutine g = go(() -> {
                try {
                    if (reason == WaitReason.CHAN_SEND_NIL_CHAN) {
                        nil.send(1);
                    } else {
                        nil.recv();
                    }
                } catch (Throwable t) {
                    thrown.set(t);
                    statusKept.set(Thread.currentThread().isInterrupted());
                }
            });
            Until.until("a goroutine parked on the nil channel", () -> g.waitReason() == reason);
            g.thread().interrupt();
            join(g);
            assertInstanceOf(GoInterruptedException.class, thrown.get());
            assertTrue(statusKept.get());
        }
    }

    @Test
    void nilCasesNeverFire() {
        Chan<Integer> nil = Chan.nil();
        Chan<Integer> c = Chan.make(1);
        assertEquals("default", Select.select(nil.onRecv(v -> "nil"), nil.onSend(1, () -> "nil send"),
                Select.onDefault(() -> "default")));
        c.send(7);
        for (int i = 0; i < 100; i++) {
            assertEquals("c 7", Select.select(nil.onRecv(v -> "nil"), c.onRecv(v -> "c " + v)));
            c.send(7);
        }
    }

    @Test
    void selectWithNoCasesBlocksForever() {
        var thrown = new AtomicReference<Throwable>();
        Goroutine g = go(() -> {
            try {
                Select.select();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Until.until("select {} parked", () -> g.waitReason() == WaitReason.SELECT_NO_CASES);
        g.thread().interrupt();
        join(g);
        assertInstanceOf(GoInterruptedException.class, thrown.get());
    }

    // ---- interrupts: the operation either happened, or it did not and the thread throws ---------

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void interruptedReceiverTakesNothing(int capacity) {
        Chan<Integer> c = Chan.make(capacity);
        var thrown = new AtomicReference<Throwable>();
        var statusKept = new AtomicReference<Boolean>();
        Goroutine g = go(() -> {
            try {
                c.recv();
            } catch (Throwable t) {
                thrown.set(t);
                statusKept.set(Thread.currentThread().isInterrupted());
            }
        });
        receiversQueued(c, 1);
        g.thread().interrupt();
        join(g);
        assertInstanceOf(GoInterruptedException.class, thrown.get());
        assertTrue(statusKept.get(), "interrupt status kept");
        assertEquals(0, c.queuedReceivers(), "the cancelled waiter left the queue");
        if (capacity > 0) {
            c.send(5);
            assertEquals(5, c.recv(), "the value was not taken by the interrupted receiver");
        } else {
            assertFalse(c.trySend(5), "no receiver is left to take it");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void interruptedSenderDeliversNothing(int capacity) {
        Chan<Integer> c = Chan.make(capacity);
        for (int i = 0; i < capacity; i++) {
            c.send(-1);
        }
        var thrown = new AtomicReference<Throwable>();
        Goroutine g = go(() -> {
            try {
                c.send(42);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        sendersQueued(c, 1);
        g.thread().interrupt();
        join(g);
        assertInstanceOf(GoInterruptedException.class, thrown.get());
        for (int i = 0; i < capacity; i++) {
            assertEquals(-1, c.recv());
        }
        assertNull(c.tryRecv(), "42 was never sent");
        c.checkInvariants();
    }

    @Test
    void interruptedSelectRunsNoCase() {
        Chan<Integer> a = Chan.make(), b = Chan.make();
        var thrown = new AtomicReference<Throwable>();
        var ran = new AtomicInteger();
        Goroutine g = go(() -> {
            try {
                Select.select(a.onRecv(v -> ran.incrementAndGet()), b.onSend(9, ran::incrementAndGet));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        receiversQueued(a, 1);
        sendersQueued(b, 1);
        g.thread().interrupt();
        join(g);
        assertInstanceOf(GoInterruptedException.class, thrown.get());
        assertEquals(0, ran.get());
        assertEquals(0, a.queuedReceivers());
        assertEquals(0, b.queuedSenders());
        assertFalse(a.trySend(1));
        assertNull(b.tryRecv());
    }

    /** Interrupts race with hand-offs: every value is received exactly once, or stays unsent. */
    @Test
    void interruptRacingAHandOffLosesAndDuplicatesNothing() {
        int rounds = 2_000;
        Chan<Integer> c = Chan.make();
        for (int i = 0; i < rounds; i++) {
            var got = new AtomicReference<Integer>();
            var interrupted = new AtomicReference<Boolean>(false);
            Goroutine r = go(() -> {
                try {
                    got.set(c.recv());
                } catch (GoInterruptedException e) {
                    interrupted.set(true);
                }
            });
            receiversQueued(c, 1);
            Goroutine interrupter = go(() -> r.thread().interrupt());
            boolean sent = c.trySend(i);
            join(r);
            join(interrupter);
            if (sent) {
                assertEquals(i, got.get(), "sent, so received");
                assertFalse(interrupted.get());
            } else {
                assertNull(got.get());
                assertTrue(interrupted.get(), "not sent, so the receiver gave up");
            }
            assertEquals(0, c.queuedReceivers());
        }
    }

    // ---- a for-select loop does not accumulate waiters on its quiet channels ---------------------

    @Test
    void selectLeavesNoWaitersBehind() {
        Chan<Integer> data = Chan.make(), done = Chan.make();
        int n = 5_000;
        Goroutine producer = go(() -> {
            for (int i = 0; i < n; i++) {
                data.send(i);
            }
        });
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Select.<Integer>select(data.onRecv(), done.onRecv(v -> -1_000_000));
        }
        join(producer);
        assertEquals((long) n * (n - 1) / 2, sum);
        assertEquals(0, done.queuedReceivers(), "done's waiters were all dequeued");
        data.checkInvariants();
        done.checkInvariants();
    }

    @Test
    void rangeStopsAtCloseAfterDraining() {
        Chan<Integer> c = Chan.make(8);
        go(() -> {
            for (int i = 0; i < 100; i++) {
                c.send(i);
            }
            c.close();
        });
        int expect = 0;
        for (int v : c) {
            assertEquals(expect++, v);
        }
        assertEquals(100, expect);
        assertFalse(c.iterator().hasNext());
        assertThrows(java.util.NoSuchElementException.class, () -> c.iterator().next());
    }

    @Test
    void waitReasonsNameTheChannel() {
        Chan<Integer> c = Chan.make();
        Goroutine g = go(c::recv);
        receiversQueued(c, 1);
        Until.until("wait reason recorded", () -> g.waitReason() == WaitReason.CHAN_RECEIVE);
        assertSame(c, g.waitingOn());
        c.send(1);
        join(g);
    }
}
