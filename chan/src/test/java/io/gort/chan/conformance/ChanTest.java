package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Port of Go's {@code src/runtime/chan_test.go} (golang/go at commit 6e9546e4a8b1eadba621fe49e42cbd0730fbcd46),
 * the runtime's channel tests: one method per Go test function, same names (lower-case t).
 *
 * <p>Ported: TestChan, TestNonblockRecvRace, TestNonblockSelectRace, TestNonblockSelectRace2,
 * TestSelfSelect, TestSelectStress, TestSelectFairness, TestChanSendInterface, TestPseudoRandomSend,
 * TestMultiConsumer, TestSelectDuplicateChannel. Not applicable: TestShrinkStackDuringBlockedSend,
 * TestNoShrinkStackWhileParking, TestSelectStackAdjust (they test Go's stack shrinking and sudog
 * pointer adjustment by the GC; a virtual thread's stack is moved by the JVM, and a Waiter holds no
 * pointer into a stack). The benchmarks are in the bench module's territory.
 *
 * <p>Counts: Go's full counts are in the comments; the default run uses Go's {@code testing.Short()}
 * counts or a tenth, times the stress multiplier ({@code -Dgort.stress=N}). Where Go sets GOMAXPROCS,
 * the test runs on the default scheduler and on private ones with one and two carriers. Go's
 * {@code time.Sleep(time.Millisecond)} before checking that an operation is still blocked is kept
 * (it is what the check is about); its sleeps that order goroutines (TestSelectDuplicateChannel)
 * are replaced by waiting until the channel shows the waiters queued.
 */
@Timeout(60)
@ExtendWith(Conformance.NoPanics.class)
class ChanTest {
    static final String[] SCHEDULERS = Conformance.SCHEDULERS;

    /** Go: N = 200 capacities (20 in -short); here 20 times the stress multiplier, at most 200. */
    static final int CHAN_CAPS = Math.min(200, 20 * Stress.multiplier());

    // Go's TestChan runs with GOMAXPROCS(4).
    @ParameterizedTest
    @FieldSource("SCHEDULERS")
    void testChan(String scheduler) {
        Conformance.runMain(scheduler, s -> {
            for (int chanCap = 0; chanCap < CHAN_CAPS; chanCap++) {
                final int cap = chanCap;
                {
                    // Ensure that receive from empty chan blocks.
                    Chan<Integer> c = Chan.make(cap);
                    AtomicBoolean recv1 = new AtomicBoolean(), recv2 = new AtomicBoolean();
                    go(s, () -> {
                        c.recv();
                        recv1.set(true);
                    });
                    go(s, () -> {
                        c.recvOk();
                        recv2.set(true);
                    });
                    Conformance.sleep(Duration.ofMillis(1));
                    assertFalse(recv1.get() || recv2.get(), "chan[" + cap + "]: receive from empty chan");
                    // Ensure that non-blocking receive does not block.
                    Select.select(c.onRecv(v -> fail("chan[" + cap + "]: receive from empty chan")), Select.onDefault());
                    Select.select(c.onRecvOk((v, ok) -> fail("chan[" + cap + "]: receive from empty chan")), Select.onDefault());
                    c.send(0);
                    c.send(0);
                }

                {
                    // Ensure that send to full chan blocks.
                    Chan<Integer> c = Chan.make(cap);
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    AtomicBoolean sent = new AtomicBoolean();
                    go(s, () -> {
                        c.send(0);
                        sent.set(true);
                    });
                    Conformance.sleep(Duration.ofMillis(1));
                    assertFalse(sent.get(), "chan[" + cap + "]: send to full chan");
                    // Ensure that non-blocking send does not block.
                    Select.select(c.onSend(0, () -> fail("chan[" + cap + "]: send to full chan")), Select.onDefault());
                    c.recv();
                }

                {
                    // Ensure that we receive 0 from closed chan.
                    Chan<Integer> c = Chan.make(cap);
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    c.close();
                    for (int i = 0; i < cap; i++) {
                        assertEquals(i, c.recv(), "chan[" + cap + "]");
                    }
                    assertNull(c.recv(), "chan[" + cap + "]: expected the zero value");
                    assertEquals(Recv.closed(), c.recvOk(), "chan[" + cap + "]");
                }

                {
                    // Ensure that close unblocks receive.
                    Chan<Integer> c = Chan.make(cap);
                    Chan<Boolean> done = Chan.make();
                    go(s, () -> {
                        Recv<Integer> r = c.recvOk();
                        done.send(r.value() == null && !r.ok());
                    });
                    Conformance.awaitReceiversQueued(c, 1);   // Go sleeps 1ms so the receive is parked
                    c.close();
                    assertTrue(done.recv(), "chan[" + cap + "]: received non zero from closed chan");
                }

                {
                    // Send 100 integers, ensure that we receive them non-corrupted in FIFO order.
                    Chan<Integer> c = Chan.make(cap);
                    go(s, () -> {
                        for (int i = 0; i < 100; i++) {
                            c.send(i);
                        }
                    });
                    for (int i = 0; i < 100; i++) {
                        assertEquals(i, c.recv(), "chan[" + cap + "]");
                    }

                    // Same, but using recv2.
                    go(s, () -> {
                        for (int i = 0; i < 100; i++) {
                            c.send(i);
                        }
                    });
                    for (int i = 0; i < 100; i++) {
                        Recv<Integer> r = c.recvOk();
                        assertTrue(r.ok(), "chan[" + cap + "]: receive failed, expected " + i);
                        assertEquals(i, r.value(), "chan[" + cap + "]");
                    }

                    // Send 1000 integers in 4 goroutines, ensure that we receive what we send.
                    final int P = 4, L = 1000;
                    for (int p = 0; p < P; p++) {
                        go(s, () -> {
                            for (int i = 0; i < L; i++) {
                                c.send(i);
                            }
                        });
                    }
                    Chan<Map<Integer, Integer>> done = Chan.make();
                    for (int p = 0; p < P; p++) {
                        go(s, () -> {
                            Map<Integer, Integer> recv = new HashMap<>();
                            for (int i = 0; i < L; i++) {
                                recv.merge(c.recv(), 1, Integer::sum);
                            }
                            done.send(recv);
                        });
                    }
                    Map<Integer, Integer> recv = new HashMap<>();
                    for (int p = 0; p < P; p++) {
                        done.recv().forEach((k, v) -> recv.merge(k, v, Integer::sum));
                    }
                    assertEquals(L, recv.size(), "chan[" + cap + "]: received values");
                    for (int v : recv.values()) {
                        assertEquals(P, v, "chan[" + cap + "]: received values");
                    }
                    Conformance.checkInvariants(c);
                }

                {
                    // Test len/cap.
                    Chan<Integer> c = Chan.make(cap);
                    assertEquals(0, c.len(), "chan[" + cap + "]: bad len");
                    assertEquals(cap, c.cap(), "chan[" + cap + "]: bad cap");
                    for (int i = 0; i < cap; i++) {
                        c.send(i);
                    }
                    assertEquals(cap, c.len(), "chan[" + cap + "]: bad len");
                    assertEquals(cap, c.cap(), "chan[" + cap + "]: bad cap");
                }
            }
        });
    }

    /** Go: n = 10000 (100 in -short); here 1000 times the stress multiplier. */
    @Test
    void testNonblockRecvRace() {
        int n = 1000 * Stress.multiplier();
        AtomicInteger notReady = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(n);   // Go does not wait; the port waits to count
        for (int i = 0; i < n; i++) {
            Chan<Integer> c = Chan.make(1);
            c.send(1);
            go(() -> {
                Select.select(c.onRecv(), Select.onDefault(notReady::incrementAndGet));
                finished.countDown();
            });
            c.close();
            c.recv();
        }
        await(finished);
        assertEquals(0, notReady.get(), "chan is not ready");
    }

    // This test checks that select acts on the state of the channels at one moment in the
    // execution, not over a smeared time window. One goroutine does:
    //   create c1, c2; make c1 ready for receiving; create second goroutine;
    //   make c2 ready for receiving; make c1 no longer ready for receiving (if possible)
    // The second goroutine does a non-blocking select receiving from c1 and c2. From the time the
    // second goroutine is created, at least one of c1 and c2 is always ready for receiving, so the
    // select in the second goroutine must always receive from one or the other. It must never
    // execute the default case.
    /** Go: n = 100000 (1000 in -short); here 2000 times the stress multiplier. */
    @Test
    void testNonblockSelectRace() {
        int n = 2000 * Stress.multiplier();
        Chan<Boolean> done = Chan.make(1);
        for (int i = 0; i < n; i++) {
            Chan<Integer> c1 = Chan.make(1), c2 = Chan.make(1);
            c1.send(1);
            go(() -> done.send(Select.select(c1.onRecv(v -> true), c2.onRecv(v -> true), Select.onDefault(() -> false))));
            c2.send(1);
            Select.select(c1.onRecv(), Select.onDefault());
            assertTrue(done.recv(), "no chan is ready");
        }
    }

    /** Same as testNonblockSelectRace, but close(c2) replaces c2 <- 1. */
    @Test
    void testNonblockSelectRace2() {
        int n = 2000 * Stress.multiplier();
        Chan<Boolean> done = Chan.make(1);
        for (int i = 0; i < n; i++) {
            Chan<Integer> c1 = Chan.make(1), c2 = Chan.make();
            c1.send(1);
            go(() -> done.send(Select.select(c1.onRecv(v -> true), c2.onRecv(v -> true), Select.onDefault(() -> false))));
            c2.close();
            Select.select(c1.onRecv(), Select.onDefault());
            assertTrue(done.recv(), "no chan is ready");
        }
    }

    /** Ensure that send/recv on the same chan in select does not crash nor deadlock. Go: GOMAXPROCS(2). */
    @ParameterizedTest
    @FieldSource("SCHEDULERS")
    void testSelfSelect(String scheduler) {
        Conformance.runMain(scheduler, s -> {
            for (int chanCap : new int[] {0, 10}) {
                CountDownLatch wg = new CountDownLatch(2);
                AtomicInteger selfReceives = new AtomicInteger();
                Chan<Integer> c = Chan.make(chanCap);
                for (int p = 0; p < 2; p++) {
                    final int pp = p;
                    go(s, () -> {
                        try {
                            for (int i = 0; i < 1000; i++) {
                                int v;
                                if (pp == 0 || i % 2 == 0) {
                                    v = Select.select(c.onSend(pp, () -> -1), c.onRecv());
                                } else {
                                    v = Select.select(c.onRecv(), c.onSend(pp, () -> -1));
                                }
                                if (chanCap == 0 && v == pp) {
                                    selfReceives.incrementAndGet();   // Go: t.Errorf("self receive")
                                    return;
                                }
                            }
                        } finally {
                            wg.countDown();
                        }
                    });
                }
                await(wg);
                assertEquals(0, selfReceives.get(), "self receive");
                Conformance.checkInvariants(c);
            }
        });
    }

    /** Go: N = 1e5 (1e4 in -short); here 1e4 times the stress multiplier. Go: GOMAXPROCS(10). */
    @ParameterizedTest
    @FieldSource("SCHEDULERS")
    void testSelectStress(String scheduler) {
        final int N = 10_000 * Stress.multiplier();
        Conformance.runMain(scheduler, s -> {
            @SuppressWarnings("unchecked")
            Chan<Integer>[] c = new Chan[4];
            c[0] = Chan.make();
            c[1] = Chan.make();
            c[2] = Chan.make(2);
            c[3] = Chan.make(3);
            // There are 4 goroutines that send N values on each of the chans,
            // + 4 goroutines that receive N values on each of the chans,
            // + 1 goroutine that sends N values on each of the chans in a single select,
            // + 1 goroutine that receives N values on each of the chans in a single select.
            // All these sends, receives and selects interact chaotically at runtime,
            // but we are careful that this whole construct does not deadlock.
            CountDownLatch wg = new CountDownLatch(10);
            AtomicLong received = new AtomicLong();
            for (int k = 0; k < 4; k++) {
                final int kk = k;
                go(s, () -> {
                    for (int i = 0; i < N; i++) {
                        c[kk].send(0);
                    }
                    wg.countDown();
                });
                go(s, () -> {
                    for (int i = 0; i < N; i++) {
                        c[kk].recv();
                    }
                    received.addAndGet(N);
                    wg.countDown();
                });
            }
            go(s, () -> {
                int[] n = new int[4];
                Chan<Integer>[] c1 = c.clone();
                for (int i = 0; i < 4 * N; i++) {
                    int k = Select.select(c1[3].onSend(0, () -> 3), c1[2].onSend(0, () -> 2),
                            c1[0].onSend(0, () -> 0), c1[1].onSend(0, () -> 1));
                    n[k]++;
                    if (n[k] == N) {
                        c1[k] = Chan.nil();
                    }
                }
                wg.countDown();
            });
            go(s, () -> {
                int[] n = new int[4];
                Chan<Integer>[] c1 = c.clone();
                for (int i = 0; i < 4 * N; i++) {
                    int k = Select.select(c1[0].onRecv(v -> 0), c1[1].onRecv(v -> 1),
                            c1[2].onRecv(v -> 2), c1[3].onRecv(v -> 3));
                    n[k]++;
                    if (n[k] == N) {
                        c1[k] = Chan.nil();
                    }
                }
                received.addAndGet(4L * N);
                wg.countDown();
            });
            await(wg);
            assertEquals(8L * N, received.get());
            for (var ch : c) {
                assertEquals(0, ch.len());
                Conformance.checkInvariants(ch);
            }
        });
    }

    /** Go: trials = 10000, kept. */
    @Test
    void testSelectFairness() {
        final int trials = 10_000;
        Chan<Integer> c1 = Chan.make(trials + 1), c2 = Chan.make(trials + 1);
        for (int i = 0; i < trials + 1; i++) {
            c1.send(1);
            c2.send(2);
        }
        Chan<Integer> c3 = Chan.make(), c4 = Chan.make();
        Chan<Integer> out = Chan.make();
        Chan<Integer> done = Chan.make();
        CountDownLatch wg = new CountDownLatch(1);
        go(() -> {
            try {
                for (;;) {
                    int b = Select.select(c3.onRecv(), c4.onRecv(), c1.onRecv(), c2.onRecv());
                    boolean stop = Select.select(out.onSend(b, () -> false), done.onRecv(v -> true));
                    if (stop) {
                        return;
                    }
                }
            } finally {
                wg.countDown();
            }
        });
        int cnt1 = 0, cnt2 = 0;
        for (int i = 0; i < trials; i++) {
            int b = out.recv();
            switch (b) {
                case 1 -> cnt1++;
                case 2 -> cnt2++;
                default -> fail("unexpected value " + b + " on channel");
            }
        }
        // If the select in the goroutine is fair, cnt1 and cnt2 should be about the same value.
        // See if we're more than 10 sigma away from the expected value. 10 sigma is a lot, but we're
        // ok with some systematic bias as long as it isn't too severe.
        final double mean = trials * 0.5;
        final double variance = trials * 0.5 * (1 - 0.5);
        double stddev = Math.sqrt(variance);
        assertTrue(Math.abs(cnt1 - mean) <= 10 * stddev,
                "unfair select: in " + trials + " trials, results were " + cnt1 + ", " + cnt2);
        done.close();
        await(wg);
    }

    @Test
    void testChanSendInterface() {
        record Mt() { }
        Mt m = new Mt();
        Chan<Object> c = Chan.make(1);
        c.send(m);
        Select.select(c.onSend(m), Select.onDefault());
        Select.select(c.onSend(m), c.onSend(new Mt()), Select.onDefault());
        assertEquals(m, c.recv());
        assertNull(c.tryRecv());
    }

    /** Go: n = 100, kept. */
    @Test
    void testPseudoRandomSend() {
        final int n = 100;
        for (int chanCap : new int[] {0, n}) {
            Chan<Integer> c = Chan.make(chanCap);
            int[] l = new int[n];
            Chan<Boolean> m = Chan.make();   // Go locks a Mutex and waits by locking it again
            go(() -> {
                for (int i = 0; i < n; i++) {
                    Thread.yield();   // runtime.Gosched()
                    l[i] = c.recv();
                }
                m.send(true);
            });
            for (int i = 0; i < n; i++) {
                Select.select(c.onSend(1), c.onSend(0));
            }
            m.recv();   // wait
            int n0 = 0, n1 = 0;
            for (int i : l) {
                n0 += (i + 1) % 2;
                n1 += i;
            }
            assertTrue(n0 > n / 10 && n1 > n / 10,
                    "Want pseudorandom, got " + n0 + " zeros and " + n1 + " ones (chan cap " + chanCap + ")");
        }
    }

    /**
     * Not in Go: the deterministic form of testPseudoRandomSend. Go's test passes through pass 1
     * (the receiver already waits: a random poll order decides) or through pass 2 (the select
     * parks first, with both cases queued on c, and the receiver takes the first one queued: Go
     * enqueues cases in lock order, which starts from the poll order "to permute cases on the same
     * channel"), depending on timing. Here the select is always parked first, with both of its cases
     * queued on the same channel, before the counterpart arrives; which case fires must still be
     * pseudo-random. Likewise for two receive cases on one channel.
     */
    @Test
    void pseudoRandomCaseOfAParkedSelect() {
        final int n = 100;
        Chan<Integer> c = Chan.make();
        Chan<Integer> fired = Chan.make(1);
        int[] sends = new int[2];
        for (int i = 0; i < n; i++) {
            go(() -> Select.select(c.onSend(1), c.onSend(0)));
            awaitQueued(c, 0, 2);
            sends[c.recv()]++;
        }
        int[] recvs = new int[2];
        for (int i = 0; i < n; i++) {
            go(() -> fired.send(Select.select(c.onRecv(v -> 0), c.onRecv(v -> 1))));
            awaitQueued(c, 2, 0);
            c.send(7);
            recvs[fired.recv()]++;
        }
        assertTrue(sends[0] > n / 10 && sends[1] > n / 10,
                "Want pseudorandom, got " + sends[0] + " zeros and " + sends[1] + " ones from a parked select's two sends");
        assertTrue(recvs[0] > n / 10 && recvs[1] > n / 10,
                "Want pseudorandom, got case 0 " + recvs[0] + " times and case 1 " + recvs[1] + " times from a parked select's two receives");
    }

    static void awaitQueued(Chan<?> c, int receivers, int senders) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Conformance.queued(c)[0] != receivers || Conformance.queued(c)[1] != senders) {
            assertTrue(System.nanoTime() < deadline, "never saw the select parked: " + c);
            Thread.yield();
        }
    }

    /** Go: niter = 271828; here 27182 times the stress multiplier. nwork = 23, kept. */
    @Test
    void testMultiConsumer() {
        final int nwork = 23;
        final int niter = 27_182 * Stress.multiplier();
        int[] pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};

        Chan<Integer> q = Chan.make(nwork * 3);
        Chan<Integer> r = Chan.make(nwork * 3);

        // workers
        CountDownLatch wg = new CountDownLatch(nwork);
        for (int i = 0; i < nwork; i++) {
            final int w = i;
            go(() -> {
                for (var v : q) {
                    // mess with the fifo-ish nature of range
                    if (pn[w % pn.length] == v) {
                        Thread.yield();
                    }
                    r.send(v);
                }
                wg.countDown();
            });
        }

        // feeder & closer
        long[] expect = {0};
        go(() -> {
            for (int i = 0; i < niter; i++) {
                int v = pn[i % pn.length];
                expect[0] += v;
                q.send(v);
            }
            q.close();   // no more work
            await(wg);   // workers done
            r.close();   // ... so there can be no more results
        });

        // consume & check
        int n = 0;
        long s = 0;
        for (var v : r) {
            n++;
            s += v;
        }
        // expect[0] was written before q.close() -> ... -> r.close(), which happens-before the end of the range.
        assertEquals(niter, n, "iterations seen");
        assertEquals(expect[0], s, "sum");
        assertNotEquals(0, s);
    }

    /** This test makes sure we can queue a goroutine on the same channel multiple times. */
    @Test
    void testSelectDuplicateChannel() {
        Chan<Integer> c = Chan.make(), d = Chan.make(), e = Chan.make();

        // goroutine A
        go(() -> {
            Select.select(c.onRecv(), c.onRecv(), d.onRecv());
            e.send(9);
        });
        // Go sleeps 1ms "to make sure goroutine A gets queued first on c"; here: wait until it is
        // (a select with two cases on c queues two waiters on it).
        Conformance.awaitReceiversQueued(c, 2);

        // goroutine B
        go(c::recv);
        Conformance.awaitReceiversQueued(c, 3);   // Go: sleep so that B is queued on c

        d.send(7);   // wake up A, it dequeues itself from c. This operation used to corrupt c.recvq.
        assertEquals(9, e.recv());   // A tells us it's done
        Conformance.checkInvariants(c);
        c.send(8);   // wake up B. This used to fail because c.recvq was corrupted (it tried to wake an already running G instead of B)
        assertEquals(0, Conformance.queued(c)[0], "receivers left on c: " + c);
    }

    static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.gort.sched.GoInterruptedException(e);
        }
    }
}
