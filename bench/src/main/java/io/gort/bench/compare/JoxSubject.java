package io.gort.bench.compare;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.Select;
import com.softwaremill.jox.SelectClause;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;

/**
 * jox (SoftwareMill's channels: the lock-free segment algorithm of Koval, Alistarh and Elizarov,
 * PPoPP 2023) on plain virtual threads on the JDK's default scheduler: {@code
 * Channel.newRendezvousChannel()} / {@code newBufferedChannel(n)}, {@code done()} as Go's close,
 * {@code Select.select} over receive clauses, and jox's own timeout, {@code Select.selectWithin}
 * (which starts a virtual thread per call that sleeps and interrupts). jox has no WaitGroup, so
 * the programs use {@link CountDownLatch}; it has no mutex, so {@code mutex} is unsupported
 * (that would be java.util.concurrent's lock, measured by {@code jdk-vt}).
 */
final class JoxSubject extends JvmSubject {
    /** Closes with at least this many receivers run on a thread with a big stack (see JoxCh.close). */
    private static final int MANY_RECEIVERS = 4096;

    private final ThreadFactory threads = Thread.ofVirtual().factory();

    JoxSubject() {
        super("jox");
    }

    @Override
    public boolean supports(Workload w) {
        return w != Workload.MUTEX;
    }

    @Override
    protected void start(int procs) {
        // the fork's -Djdk.virtualThreadScheduler.parallelism
    }

    @Override
    protected Thread spawn(Runnable task) {
        Thread t = threads.newThread(task);
        t.start();
        return t;
    }

    /** One of this subject's channels: a jox {@link Channel}. */
    private record JoxCh<T>(Channel<T> c) implements Ch<T> {
        @Override
        public void send(T v) throws InterruptedException {
            c.send(v);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T recv() throws InterruptedException {
            Object v = c.receiveOrClosed();
            return v instanceof ChannelClosed ? null : (T) v;
        }

        @Override
        public void close(int receivers) throws InterruptedException {
            if (receivers < MANY_RECEIVERS) {
                c.done();
                return;
            }
            // jox 1.0.1's done() recurses once per segment (Channel.closeCellsUntil) to wake the
            // waiting receivers: with IDLE's million receivers (~31,000 segments of 32 cells) that
            // overflows a thread's default stack. So a close with many receivers runs on a platform
            // thread with a big stack (reserved, not committed), and the caller waits for it.
            // Only IDLE closes with that many, outside its measurement.
            Throwable[] failed = new Throwable[1];
            Thread t = Thread.ofPlatform().name("jox-done").stackSize(1L << 30).start(() -> {
                try {
                    c.done();
                } catch (Throwable e) {
                    failed[0] = e;
                }
            });
            t.join();
            if (failed[0] != null) {
                throw new IllegalStateException("jox done() failed: " + failed[0], failed[0]);
            }
        }
    }

    @Override
    protected <T> Ch<T> make(int capacity) {
        return new JoxCh<>(capacity == 0 ? Channel.newRendezvousChannel() : Channel.newBufferedChannel(capacity));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> T selectRecv(Ch<T>[] from) throws InterruptedException {
        SelectClause<T>[] clauses = (SelectClause<T>[]) new SelectClause<?>[from.length];
        for (int i = 0; i < from.length; i++) {
            clauses[i] = ((JoxCh<T>) from[i]).c().receiveClause();
        }
        return Select.select(clauses);
    }

    @Override
    protected boolean recvOrTimeout(Ch<?> never, Duration timeout) throws InterruptedException {
        try {
            Select.selectWithin(timeout, ((JoxCh<?>) never).c().receiveClause());
            return false;
        } catch (TimeoutException e) {
            return true;
        }
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
        throw new UnsupportedOperationException("unsupported: jox has no mutex");
    }
}
