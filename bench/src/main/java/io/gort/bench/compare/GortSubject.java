package io.gort.bench.compare;

import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Case;
import io.gort.chan.Select;
import io.gort.sched.Scheduler;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.time.Duration;

/**
 * gort on one of its schedulers ({@code Scheduler.of(kind, procs)}): goroutines are spawned on
 * that scheduler (Go's {@code go}), and the programs use gort's {@link Chan}, {@link Select},
 * {@link Mutex}, {@link WaitGroup} and {@link Time#after}: the same Go program, line for line.
 * Names: {@code gort-ws} (work stealing, gort's default), {@code gort-global} (one shared queue),
 * {@code gort-forkjoin} (a private ForkJoinPool), {@code gort-jdk} (the JDK's default scheduler
 * behind gort's interface, with gort's goroutine record).
 */
final class GortSubject extends JvmSubject {
    private final String kind;
    private Scheduler scheduler;    // made by the first run (Fork's main thread), closed by close()

    GortSubject(String name, String kind) {
        super(name);
        this.kind = kind;
    }

    @Override
    protected void start(int procs) {
        if (scheduler == null) {
            Scheduler s = Scheduler.of(kind, procs);
            if (!s.kind().equals(kind)) {
                // Scheduler.of falls back to the JDK's scheduler without --add-opens: refuse to mislabel a result.
                s.close();
                throw new IllegalStateException("asked for scheduler '" + kind + "' but got '" + s.kind()
                        + "': run the JVM with --add-opens java.base/java.lang=ALL-UNNAMED");
            }
            scheduler = s;
        }
    }

    @Override
    protected Thread spawn(Runnable task) {
        return scheduler.spawn(task).thread();
    }

    /** One of this subject's channels: a gort {@link Chan}. */
    private record GortCh<T>(Chan<T> c) implements Ch<T> {
        @Override
        public void send(T v) {
            c.send(v);
        }

        @Override
        public T recv() {
            return c.recv();
        }

        @Override
        public void close(int receivers) {
            c.close();
        }
    }

    @Override
    protected <T> Ch<T> make(int capacity) {
        return new GortCh<>(Chan.make(capacity));
    }

    @Override
    @SuppressWarnings("unchecked")
    protected <T> T selectRecv(Ch<T>[] from) {
        Case<T>[] cases = (Case<T>[]) new Case<?>[from.length];
        for (int i = 0; i < from.length; i++) {
            cases[i] = chan(from[i]).onRecv();
        }
        return Select.select(cases);
    }

    @Override
    protected boolean recvOrTimeout(Ch<?> never, Duration timeout) {
        return Select.select(chan(never).onRecv(v -> false), Time.after(timeout).onRecv(t -> true));
    }

    private static <T> Chan<T> chan(Ch<T> ch) {
        return ((GortCh<T>) ch).c();
    }

    @Override
    protected Group group(int count) {
        WaitGroup wg = new WaitGroup();
        wg.add(count);
        return new Group() {
            @Override
            public void done() {
                wg.done();
            }

            @Override
            public void await() {
                wg.await();
            }
        };
    }

    @Override
    protected Lock mutex() {
        Mutex m = new Mutex();
        return new Lock() {
            @Override
            public void lock() {
                m.lock();
            }

            @Override
            public void unlock() {
                m.unlock();
            }
        };
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
    }
}
