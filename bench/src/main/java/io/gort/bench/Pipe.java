package io.gort.bench;

import io.gort.chan.Chan;
import java.util.concurrent.BlockingQueue;

/**
 * One channel of a {@link ChanSubject}, reduced to what the channel benchmarks do with it, so that
 * each workload is written once for gort, jox and {@code java.util.concurrent}. In one JMH fork
 * only one implementation is loaded, so the calls through this interface are monomorphic and
 * inlined: every subject pays the same (nothing) for the indirection.
 */
interface Pipe<T> {
    /** Sends {@code v}, waiting for room (a buffered channel) or a receiver (an unbuffered one). */
    void send(T v);

    /** Receives a value, waiting for one; null once the pipe is closed and drained. */
    T recv();

    /** Closes for sending: receivers get null after the values already sent. */
    void close();

    /** gort's {@link Chan}: the pipe is the channel itself. */
    record Gort<T>(Chan<T> chan) implements Pipe<T> {
        @Override
        public void send(T v) {
            chan.send(v);
        }

        @Override
        public T recv() {
            return chan.recv();
        }

        @Override
        public void close() {
            chan.close();
        }
    }

    /** jox's {@link com.softwaremill.jox.Channel}; {@code done()} is its close. */
    record Jox<T>(com.softwaremill.jox.Channel<T> chan) implements Pipe<T> {
        @Override
        public void send(T v) {
            try {
                chan.send(v);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public T recv() {
            try {
                Object v = chan.receiveOrClosed();
                return v instanceof com.softwaremill.jox.ChannelClosed ? null : (T) v;
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public void close() {
            chan.done();
        }
    }

    /**
     * A {@link BlockingQueue}: {@code SynchronousQueue} for capacity 0, {@code ArrayBlockingQueue}
     * otherwise. A queue cannot be closed: close sends {@link #CLOSED}, a marker that the receiver
     * turns into null (one marker per close, so one receiver sees it; the workloads that close
     * have one receiver per pipe).
     */
    record Queue<T>(BlockingQueue<Object> queue) implements Pipe<T> {
        static final Object CLOSED = new Object() {
            @Override
            public String toString() {
                return "CLOSED";
            }
        };

        @Override
        public void send(T v) {
            try {
                queue.put(v);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public T recv() {
            try {
                Object v = queue.take();
                return v == CLOSED ? null : (T) v;
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public void close() {
            try {
                queue.put(CLOSED);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
    }

    private static IllegalStateException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("benchmark goroutine interrupted", e);
    }
}
