package io.gort.chan;

import static io.gort.chan.Until.receiversQueued;
import static io.gort.chan.Until.sendersQueued;
import static org.junit.jupiter.api.Assertions.*;

import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ChanStats}: exact send and receive counts through every kind of operation (blocking,
 * try, select), blocked time only when an operation really waited, and the weak registry.
 */
@Timeout(30)
class ChanStatsTest {
    static Goroutine go(Runnable r) {
        return Scheduler.byDefault().spawn(r);
    }

    @Test
    void countsAreExactAcrossGoroutines() {
        Chan<Integer> c = Chan.make(4);
        ChanStats st = ChanStats.enable(c, "work");
        int producers = 4, each = 2_500;
        Goroutine[] gs = new Goroutine[producers];
        for (int p = 0; p < producers; p++) {
            gs[p] = go(() -> {
                for (int i = 0; i < each; i++) {
                    c.send(i);
                }
            });
        }
        AtomicInteger got = new AtomicInteger();
        Goroutine consumer = go(() -> {
            for (int i = 0; i < producers * each; i++) {
                c.recv();
                got.incrementAndGet();
            }
        });
        for (Goroutine g : gs) {
            g.join();
        }
        consumer.join();
        assertEquals(producers * each, got.get());
        assertEquals(producers * each, st.sends(), st.toString());
        assertEquals(producers * each, st.receives(), st.toString());
        assertEquals(0, c.len());
    }

    @Test
    void bufferedOperationsThatDoNotWaitAddNoBlockedTime() {
        Chan<String> c = Chan.make(2);
        ChanStats st = ChanStats.enable(c, "buffered");
        c.send("a");
        assertTrue(c.trySend("b"));
        assertFalse(c.trySend("c"), "full");
        assertEquals("a", c.recv());
        assertEquals("b", c.tryRecv().value());
        assertNull(c.tryRecv(), "empty");
        assertEquals(new ChanStats.Snapshot("buffered", 2, 2, 0), st.snapshot());
        c.close();
        assertNull(c.recv(), "closed");
        assertFalse(c.recvOk().ok());
        assertEquals(2, st.receives(), "a receive from a closed channel takes no value");
    }

    @Test
    void aReceiverThatParksAddsBlockedTime() {
        Chan<Integer> c = Chan.make();
        ChanStats st = ChanStats.enable(c, "parked");
        long[] waited = new long[1];
        Goroutine r = go(() -> {
            long t0 = System.nanoTime();
            assertEquals(7, c.recv());
            waited[0] = System.nanoTime() - t0;
        });
        receiversQueued(c, 1);
        c.send(7);
        r.join();
        assertEquals(1, st.sends());
        assertEquals(1, st.receives());
        assertTrue(st.blockedNanos() > 0, st.toString());
        assertTrue(st.blockedNanos() <= waited[0], "blocked " + st.blockedNanos() + " > the receive took " + waited[0]);
    }

    @Test
    void selectCasesCountOnTheirChannel() {
        Chan<Integer> a = Chan.make(), b = Chan.make(1);
        ChanStats sa = ChanStats.enable(a, "a"), sb = ChanStats.enable(b, "b");
        // A select that waits, then is completed by a sender on a.
        Goroutine s = go(() -> assertEquals(1, (int) Select.<Integer>select(a.onRecv(v -> v), b.onRecv(v -> -v))));
        receiversQueued(a, 1);
        a.send(1);
        s.join();
        assertEquals(1, sa.sends());
        assertEquals(1, sa.receives());
        assertTrue(sa.blockedNanos() > 0, "the select waited on a: " + sa);
        assertEquals(0, sb.receives());
        // A select whose case is ready at once (pass 1) and a send case.
        assertEquals(0, (int) Select.<Integer>select(b.onSend(5, () -> 0), Select.onDefault(() -> 1)));
        assertEquals(-5, (int) Select.<Integer>select(a.onRecv(v -> v), b.onRecv(v -> -v)));
        assertEquals(1, sb.sends());
        assertEquals(1, sb.receives());
        assertEquals(0, sb.blockedNanos(), "nobody waited on b");
        // A select with a default on an empty channel: nothing happened, nothing counted.
        assertEquals(9, (int) Select.<Integer>select(b.onRecv(v -> v), Select.onDefault(() -> 9)));
        assertEquals(1, sb.receives());
    }

    @Test
    void aParkedSendCountsWhenTaken() {
        Chan<Integer> c = Chan.make();
        ChanStats st = ChanStats.enable(c, "send");
        Goroutine g = go(() -> c.send(3));
        sendersQueued(c, 1);
        assertEquals(0, st.sends(), "not delivered yet");
        assertEquals(3, c.recv());
        g.join();
        assertEquals(1, st.sends());
        assertTrue(st.blockedNanos() > 0);
    }

    @Test
    void anInterruptedWaitCountsItsTimeButNoOperation() {
        Chan<Integer> c = Chan.make();
        ChanStats st = ChanStats.enable(c, "interrupted");
        AtomicInteger threw = new AtomicInteger();
        Goroutine g = go(() -> {
            try {
                c.recv();
            } catch (GoInterruptedException e) {
                threw.incrementAndGet();
            }
        });
        receiversQueued(c, 1);
        g.thread().interrupt();
        g.join();
        assertEquals(1, threw.get());
        assertEquals(0, st.receives());
        assertTrue(st.blockedNanos() > 0);
    }

    @Test
    void enableIsIdempotentAndTheRegistryFindsIt() {
        Chan<Integer> c = Chan.make();
        ChanStats st = ChanStats.enable(c, "x");
        assertSame(st, ChanStats.enable(c, "y"));
        assertEquals("x", st.name());
        assertSame(st, ChanStats.of(c).orElseThrow());
        assertTrue(ChanStats.all().contains(st));
        assertSame(c, st.channel().orElseThrow());
        assertTrue(ChanStats.of(Chan.make()).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ChanStats.enable(Chan.nil(), "nil"));
    }

    @Test
    void anUnreachableChannelLeavesTheRegistry() {
        ChanStats st = ChanStats.enable(Chan.make(), "garbage");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ChanStats.all().contains(st)) {
            if (System.nanoTime() - deadline > 0) {
                fail("the channel's counters stayed registered: " + ChanStats.all());
            }
            System.gc();
            Thread.yield();
        }
        assertTrue(st.channel().isEmpty());
    }

    @Test
    void channelsWithoutCountersCountNothing() {
        Chan<Integer> c = Chan.make(1);
        c.send(1);
        c.recv();
        assertTrue(ChanStats.of(c).isEmpty());
    }
}
