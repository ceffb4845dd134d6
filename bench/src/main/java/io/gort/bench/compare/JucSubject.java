package io.gort.bench.compare;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a Java programmer writes today without gort: {@code java.util.concurrent} on threads.
 * {@code jdk-vt}: virtual threads on the JDK's default scheduler (its parallelism is the fork's
 * {@code -Djdk.virtualThreadScheduler.parallelism}); {@code platform}: platform threads (the OS
 * schedules them on every core: procs does not bound them).
 *
 * <p>The mapping: an unbuffered channel is a {@link SynchronousQueue} (a put waits for a take, as
 * Go's send waits for a receiver), a buffered one an {@link ArrayBlockingQueue}; a close is one end
 * marker per receiver (the poison-pill idiom: a queue has no close); {@code sync.Mutex} is a
 * non-fair {@link ReentrantLock} (Go's mutex is not fair either, outside starvation mode);
 * {@code sync.WaitGroup} a {@link CountDownLatch}; {@code select {<-never; <-time.After(d)}} a
 * timed {@code poll(d)} on the never-ready queue, which is exactly a receive with a timeout.
 *
 * <p>Unsupported, and why: {@code select} over several queues (j.u.c has no way to wait on more
 * than one queue; polling them in turn is a busy loop, not the same program, and funnelling the
 * producers into one queue removes the select that is being measured). Platform threads also skip
 * spawn, skynet, idle and timers: a million platform threads (and a million 1 MiB stacks) is not
 * a program anyone would run, nor one this machine can start.
 */
final class JucSubject extends JvmSubject {
    /** The end marker a close puts, once per receiver. */
    private static final Object CLOSED = new Object() {
        @Override
        public String toString() {
            return "CLOSED";
        }
    };

    private final boolean platform;
    private final ThreadFactory threads;

    JucSubject(String name, boolean platform) {
        super(name);
        this.platform = platform;
        this.threads = platform ? Thread.ofPlatform().factory() : Thread.ofVirtual().factory();
    }

    @Override
    public boolean supports(Workload w) {
        if (w == Workload.SELECT) {
            return false;
        }
        return !platform || switch (w) {
            case SPAWN, SKYNET, IDLE, TIMERS -> false;
            default -> true;
        };
    }

    @Override
    protected void start(int procs) {
        // jdk-vt: the fork's -Djdk.virtualThreadScheduler.parallelism; platform: the OS.
    }

    @Override
    protected Thread spawn(Runnable task) {
        Thread t = threads.newThread(task);
        t.start();
        return t;
    }

    /** One of this subject's channels: a blocking queue whose close is an end marker per receiver. */
    private record QueueCh<T>(BlockingQueue<Object> q) implements Ch<T> {
        @Override
        public void send(T v) throws InterruptedException {
            q.put(v);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T recv() throws InterruptedException {
            Object v = q.take();
            return v == CLOSED ? null : (T) v;
        }

        @Override
        public void close(int receivers) throws InterruptedException {
            for (int i = 0; i < receivers; i++) {
                q.put(CLOSED);
            }
        }
    }

    @Override
    protected <T> Ch<T> make(int capacity) {
        return new QueueCh<>(capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity));
    }

    @Override
    protected <T> T selectRecv(Ch<T>[] from) {
        throw new UnsupportedOperationException("unsupported: java.util.concurrent has no select");
    }

    @Override
    protected boolean recvOrTimeout(Ch<?> never, Duration timeout) throws InterruptedException {
        return ((QueueCh<?>) never).q().poll(timeout.toNanos(), TimeUnit.NANOSECONDS) == null;
    }

    @Override
    protected Group group(int count) {
        CountDownLatch latch = new CountDownLatch(count);
        return new Group() {
            @Override
            public void done() {
                latch.countDown();
            }

            @Override
            public void await() throws InterruptedException {
                latch.await();
            }
        };
    }

    @Override
    protected Lock mutex() {
        ReentrantLock l = new ReentrantLock();
        return new Lock() {
            @Override
            public void lock() {
                l.lock();
            }

            @Override
            public void unlock() {
                l.unlock();
            }
        };
    }
}
