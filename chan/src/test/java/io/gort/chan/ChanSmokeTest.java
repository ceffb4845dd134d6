package io.gort.chan;

import static org.junit.jupiter.api.Assertions.*;

import io.gort.sched.Scheduler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ChanSmokeTest {
    static void go(Runnable r) {
        Scheduler.byDefault().spawn(r);
    }

    @Test
    void unbufferedPingPong() {
        Chan<Integer> ping = Chan.make(), pong = Chan.make();
        go(() -> {
            for (var v : ping) {
                pong.send(v + 1);
            }
            pong.close();
        });
        for (int i = 0; i < 10_000; i++) {
            ping.send(i);
            assertEquals(i + 1, pong.recv());
        }
        ping.close();
        assertEquals(Recv.closed(), pong.recvOk());
    }

    @Test
    void bufferedFifoAndClose() {
        Chan<Integer> c = Chan.make(3);
        c.send(1);
        c.send(2);
        c.send(3);
        assertFalse(c.trySend(4));
        assertEquals(3, c.len());
        c.close();
        List<Integer> got = new ArrayList<>();
        for (var v : c) {
            got.add(v);
        }
        assertEquals(List.of(1, 2, 3), got);
        assertNull(c.recv());
        var e = assertThrows(ChannelClosedException.class, () -> c.send(5));
        assertEquals("send on closed channel", e.getMessage());
        e = assertThrows(ChannelClosedException.class, c::close);
        assertEquals("close of closed channel", e.getMessage());
    }

    @Test
    void selectManyProducers() {
        int n = 4, per = 20_000;
        List<Chan<Integer>> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Chan<Integer> c = Chan.make();
            cs.add(c);
            go(() -> {
                for (int k = 0; k < per; k++) {
                    c.send(k);
                }
            });
        }
        long sum = 0;
        for (int k = 0; k < n * per; k++) {
            sum += Select.<Integer>select(cs.get(0).onRecv(), cs.get(1).onRecv(), cs.get(2).onRecv(), cs.get(3).onRecv());
        }
        assertEquals((long) n * per * (per - 1) / 2, sum);
        for (var c : cs) {
            c.checkInvariants();
        }
    }
}
