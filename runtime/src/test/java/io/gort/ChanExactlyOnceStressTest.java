package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.sched.Goroutine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Exactly-once delivery under selects that time out and retry: producers and consumers on a mix
 * of unbuffered and buffered channels, every send and every receive a select with a short timer
 * (Time.after on one side, a reused Timer with stop/reset on the other) that often fires, so
 * waiters are abandoned all the time. Every message id must be received exactly once (a count per
 * id, plus a checksum), and every channel must end empty. The timeouts taken are printed: a run
 * with none would not have tested the abandoned-waiter paths.
 */
class ChanExactlyOnceStressTest {
    private static final int PRODUCERS = 6, CONSUMERS = 6;

    /** The run: 10^7 messages (times -Dgort.stress). */
    @Test
    @Tag("stress")
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void tenMillionMessagesExactlyOnce() throws Exception {
        run(10_000_000 * Math.max(1, Integer.getInteger("gort.stress", 1)));
    }

    /** The same, small enough for the default run. */
    @Test
    @Timeout(120)
    void exactlyOnceSmall() throws Exception {
        run(200_000);
    }

    private static void run(int messages) throws Exception {
        List<Chan<Integer>> chans = List.of(Chan.make(), Chan.make(), Chan.make(1), Chan.make(16));
        AtomicIntegerArray seen = new AtomicIntegerArray(messages);
        AtomicLong sum = new AtomicLong(), timeoutsSend = new AtomicLong(), timeoutsRecv = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch producersDone = new CountDownLatch(PRODUCERS);
        CountDownLatch consumersDone = new CountDownLatch(CONSUMERS);
        Duration timeout = Duration.ofNanos(50_000);

        for (int p = 0; p < PRODUCERS; p++) {
            int me = p;
            Go.spawn(() -> {
                try {
                    // Producer p sends ids p, p+P, p+2P, ...: each select offers the id to two
                    // channels and a timer; on timeout it retries the same id.
                    Chan<Integer> a = chans.get(me % chans.size()), b = chans.get((me + 1) % chans.size());
                    for (int id = me; id < messages; id += PRODUCERS) {
                        int v = id;
                        while (!Select.select(
                                a.onSend(v, () -> true),
                                b.onSend(v, () -> true),
                                Time.after(timeout).onRecv(t -> false))) {
                            timeoutsSend.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    producersDone.countDown();
                }
            });
        }
        Go.spawn(() -> {
            try {
                producersDone.await();
            } catch (InterruptedException e) {
                failure.compareAndSet(null, e);
            }
            chans.forEach(Chan::close);
        });
        for (int c = 0; c < CONSUMERS; c++) {
            Go.spawn(() -> {
                try {
                    // A consumer selects over all four channels and a reused timer; a closed
                    // channel's case is disabled by replacing it with a nil channel (Go's idiom).
                    List<Chan<Integer>> mine = new ArrayList<>(chans);
                    int open = mine.size();
                    Timer timer = Time.newTimer(timeout);
                    while (open > 0) {
                        timer.reset(timeout);
                        int[] closedIndex = {-1};
                        Integer got = Select.select(
                                mine.get(0).onRecvOk((v, ok) -> ok ? v : closed(closedIndex, 0)),
                                mine.get(1).onRecvOk((v, ok) -> ok ? v : closed(closedIndex, 1)),
                                mine.get(2).onRecvOk((v, ok) -> ok ? v : closed(closedIndex, 2)),
                                mine.get(3).onRecvOk((v, ok) -> ok ? v : closed(closedIndex, 3)),
                                timer.c().onRecv(t -> -2));
                        if (got >= 0) {
                            if (seen.incrementAndGet(got) != 1) {
                                fail("message " + got + " received twice");
                            }
                            sum.addAndGet(got);
                        } else if (got == -2) {
                            timeoutsRecv.incrementAndGet();
                        } else {
                            mine.set(closedIndex[0], Chan.nil());
                            open--;
                        }
                    }
                    timer.stop();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    consumersDone.countDown();
                }
            });
        }
        if (!consumersDone.await(25, TimeUnit.MINUTES)) {
            fail("consumers did not finish; goroutines: " + Goroutine.count());
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        for (int id = 0; id < messages; id++) {
            if (seen.get(id) != 1) {
                fail("message " + id + " received " + seen.get(id) + " times");
            }
        }
        assertEquals((long) messages * (messages - 1) / 2, sum.get(), "checksum");
        System.out.printf("exactly-once: %d messages, %d send timeouts, %d receive timeouts%n",
                messages, timeoutsSend.get(), timeoutsRecv.get());
        for (Chan<Integer> c : chans) {
            assertEquals(0, c.len());
        }
    }

    private static int closed(int[] closedIndex, int i) {
        closedIndex[0] = i;
        return -1;
    }
}
