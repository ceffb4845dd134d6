package io.gort.bench;

import io.gort.chan.Case;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One subject of the channel benchmarks: a channel library on a scheduler. The benchmarks take
 * its name as the JMH {@code @Param kind}:
 * <ul>
 *   <li>{@code workstealing}, {@code global}, {@code forkjoin}, {@code jdk}: gort's {@link Chan}
 *       and {@link Select} on that gort scheduler ({@link Subject}, {@link Subject#PROCS} carriers);</li>
 *   <li>{@code vt}: {@code java.util.concurrent} on plain virtual threads (the JDK's default
 *       scheduler): {@code SynchronousQueue} for an unbuffered channel, {@code ArrayBlockingQueue}
 *       for a buffered one; no select (j.u.c has none), a timed {@code poll} for a receive with
 *       a timeout;</li>
 *   <li>{@code jox}: jox 1.0.1's channels (the lock-free segment algorithm of Koval, Alistarh and
 *       Elizarov, PPoPP 2023) on plain virtual threads;</li>
 *   <li>{@code jox-ws}: jox's channels on gort's work-stealing scheduler: against {@code
 *       workstealing} only the channel algorithm differs, against {@code jox} only the scheduler.</li>
 * </ul>
 * Kotlin ({@code kotlin}) has suspend functions instead of threads; the benchmarks call
 * {@link KotlinChannels} for it, and {@link #of} returns null.
 */
abstract sealed class ChanSubject implements AutoCloseable {
    private final Subject threads;

    private ChanSubject(Subject threads) {
        this.threads = threads;
    }

    /** The subject named {@code kind}, or null for {@code kotlin}. */
    static ChanSubject of(String kind) {
        return switch (kind) {
            case "kotlin" -> null;
            case "vt" -> new Queues(Subject.of("vt"));
            case "jox" -> new Jox(Subject.of("vt"));
            case "jox-ws" -> new Jox(Subject.of("workstealing"));
            default -> new Gort(Subject.of(kind));
        };
    }

    /** Starts {@code task} as a goroutine of this subject. */
    final Thread spawn(Runnable task) {
        return threads.spawn(task);
    }

    /** {@code make(chan T, capacity)}. */
    abstract <T> Pipe<T> make(int capacity);

    /**
     * Receives from whichever of {@code from} has a value first (Go's {@code select} over receive
     * cases). Throws for {@code vt}: {@code java.util.concurrent} has no select.
     */
    abstract <T> T selectRecv(Pipe<T>[] from);

    /**
     * Receives from {@code from}, or returns null when nothing came within {@code timeout}: Go's
     * {@code select { case v := <-from: ...; case <-time.After(timeout): ... }}.
     */
    abstract <T> T recvWithin(Pipe<T> from, Duration timeout);

    @Override
    public final void close() {
        threads.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + " on " + threads;
    }

    /** gort's channels. */
    static final class Gort extends ChanSubject {
        private static final Object TIMED_OUT = new Object();

        Gort(Subject threads) {
            super(threads);
        }

        @Override
        <T> Pipe<T> make(int capacity) {
            return new Pipe.Gort<>(Chan.make(capacity));
        }

        @Override
        @SuppressWarnings("unchecked")
        <T> T selectRecv(Pipe<T>[] from) {
            Case<T>[] cases = (Case<T>[]) new Case<?>[from.length];
            for (int i = 0; i < from.length; i++) {
                cases[i] = ((Pipe.Gort<T>) from[i]).chan().onRecv();
            }
            return Select.select(cases);
        }

        @Override
        @SuppressWarnings("unchecked")
        <T> T recvWithin(Pipe<T> from, Duration timeout) {
            Object r = Select.select(((Pipe.Gort<T>) from).chan().onRecv(), io.gort.Time.after(timeout).onRecv(t -> TIMED_OUT));
            return r == TIMED_OUT ? null : (T) r;
        }
    }

    /** jox's channels. */
    static final class Jox extends ChanSubject {
        Jox(Subject threads) {
            super(threads);
        }

        @Override
        <T> Pipe<T> make(int capacity) {
            return new Pipe.Jox<>(capacity == 0
                    ? com.softwaremill.jox.Channel.newRendezvousChannel()
                    : com.softwaremill.jox.Channel.newBufferedChannel(capacity));
        }

        @Override
        @SuppressWarnings("unchecked")
        <T> T selectRecv(Pipe<T>[] from) {
            com.softwaremill.jox.SelectClause<T>[] clauses = (com.softwaremill.jox.SelectClause<T>[]) new com.softwaremill.jox.SelectClause<?>[from.length];
            for (int i = 0; i < from.length; i++) {
                clauses[i] = ((Pipe.Jox<T>) from[i]).chan().receiveClause();
            }
            try {
                return com.softwaremill.jox.Select.select(clauses);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** jox's own timeout: {@code selectWithin} starts a virtual thread (on the JDK's scheduler) that sleeps. */
        @Override
        @SuppressWarnings("unchecked")
        <T> T recvWithin(Pipe<T> from, Duration timeout) {
            try {
                return com.softwaremill.jox.Select.selectWithin(timeout, ((Pipe.Jox<T>) from).chan().receiveClause());
            } catch (TimeoutException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code java.util.concurrent} queues. */
    static final class Queues extends ChanSubject {
        Queues(Subject threads) {
            super(threads);
        }

        @Override
        <T> Pipe<T> make(int capacity) {
            return new Pipe.Queue<>(capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity));
        }

        @Override
        <T> T selectRecv(Pipe<T>[] from) {
            throw new UnsupportedOperationException("java.util.concurrent has no select");
        }

        @Override
        @SuppressWarnings("unchecked")
        <T> T recvWithin(Pipe<T> from, Duration timeout) {
            try {
                Object v = ((Pipe.Queue<T>) from).queue().poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
                if (v == Pipe.Queue.CLOSED) {
                    throw new IllegalStateException("recvWithin on a closed queue");
                }
                return (T) v;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

}
