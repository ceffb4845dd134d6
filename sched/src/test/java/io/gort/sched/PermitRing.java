package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The wake-up workload shared by {@link WakeupTest} and {@link WakeupStressTest}: {@code parties}
 * goroutines plus {@code platformParties} platform threads each wait (LockSupport.park) for a
 * permit and, on taking one, hand a permit to a random other party and unpark it. {@code permits}
 * permits circulate; every hand-off is one park/unpark pair, mostly across carriers, some from or
 * to a platform thread. A lost wake-up strands the permits sent to the stranded party, so the
 * ring slows to a halt and the bounded wait fails, naming the parties holding permits while parked.
 * At the end every permit is accounted for exactly once.
 */
final class PermitRing {
    final int parties, platformParties, permits;
    final long handoffs;
    final AtomicIntegerArray held;                 // permits waiting for each party
    final Thread[] threads;
    final AtomicLong taken = new AtomicLong();
    final java.util.concurrent.atomic.LongAdder parks = new java.util.concurrent.atomic.LongAdder();
    volatile boolean stop;
    final CountDownLatch finished;
    final CountDownLatch started;
    final AtomicInteger exited = new AtomicInteger();

    PermitRing(int parties, int platformParties, int permits, long handoffs) {
        this.parties = parties;
        this.platformParties = platformParties;
        this.permits = permits;
        this.handoffs = handoffs;
        int n = parties + platformParties;
        this.held = new AtomicIntegerArray(n);
        this.threads = new Thread[n];
        this.finished = new CountDownLatch(n);
        this.started = new CountDownLatch(n);
        for (int i = 0; i < permits; i++) {
            held.incrementAndGet(i % n);
        }
    }

    /** Runs the ring on {@code s}; returns the hand-offs done. */
    long run(Scheduler s, Duration max) {
        int n = parties + platformParties;
        List<Thread> platform = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int me = i;
            Runnable body = () -> party(me);
            if (i < parties) {
                s.spawn(body);
            } else {
                platform.add(Thread.ofPlatform().daemon().name("permit-ring-platform-" + i).start(body));
            }
        }
        Await.latch("every party to finish; a lost wake-up strands a party with permits", finished, max,
                () -> diagnosis() + "; scheduler " + s);
        long total = taken.get();
        int left = 0;
        for (int i = 0; i < n; i++) {
            left += held.get(i);
        }
        // Each permit taken was handed on before stop was seen, or was never taken.
        assertEquals(permits, left, "permits are neither lost nor duplicated");
        // Few permits among many parties: most hand-offs go to a party that is parked, so they
        // are real wake-ups through the scheduler, not unparks of a running thread.
        assertTrue(parks.sum() >= total / 4, "the workload parks: " + parks + " parks for " + total + " hand-offs");
        return total;
    }

    private void party(int me) {
        threads[me] = Thread.currentThread();
        started.countDown();
        try {
            started.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int n = threads.length;
        try {
            while (!stop) {
                int h = held.get(me);
                if (h == 0) {
                    parks.increment();
                    LockSupport.park(this);
                    continue;
                }
                if (!held.compareAndSet(me, h, h - 1)) {
                    continue;
                }
                long t = taken.incrementAndGet();
                int to = rnd.nextInt(n - 1);
                if (to >= me) {
                    to++;
                }
                held.incrementAndGet(to);
                LockSupport.unpark(threads[to]);
                if (t >= handoffs) {
                    stop = true;
                    for (Thread th : threads) {
                        LockSupport.unpark(th);
                    }
                }
            }
        } finally {
            exited.incrementAndGet();
            finished.countDown();
        }
    }

    private String diagnosis() {
        StringBuilder sb = new StringBuilder("taken " + taken + "/" + handoffs + ", exited " + exited + "; holding permits:");
        int shown = 0;
        for (int i = 0; i < threads.length && shown < 10; i++) {
            if (held.get(i) > 0) {
                Thread t = threads[i];
                sb.append(" [party ").append(i).append(" held ").append(held.get(i)).append(' ')
                        .append(t == null ? "not started" : t + " " + t.getState()).append(']');
                shown++;
            }
        }
        return sb.toString();
    }
}
