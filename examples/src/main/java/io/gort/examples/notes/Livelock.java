package io.gort.examples.notes;

import io.gort.Go;
import io.gort.Ticker;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.sync.Cond;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Livelock</b> — the notes' section "### Livelock": «تو deadlock همه متوقف شدن، ولی تو livelock همه
 * دارن حرکت میکنن، فقط هیچکدوم به نتیجه نمیرسن. انگار دو نفر روبروی هم ایستادن، هر دو میخوان کنار
 * برن تا راه بدن، اما هر بار همزمان حرکت میکنن» ("in a deadlock everyone has stopped; in a livelock
 * everyone moves but no one gets anywhere — like two people facing each other in a hallway, both
 * stepping aside to let the other pass, each time at the same moment"). The book's program for it:
 * two people step left or right in time with a shared cadence (a {@code sync.Cond} broadcast every
 * millisecond); a step succeeds only if the other is not stepping the same way.
 * <pre>{@code
 * tryDir := func(dirName string, dir *int32, out *bytes.Buffer) bool {
 *     fmt.Fprintf(out, " %v", dirName)
 *     atomic.AddInt32(dir, 1)
 *     takeStep()
 *     if atomic.LoadInt32(dir) == 1 { fmt.Fprint(out, ". Success!"); return true }
 *     takeStep()
 *     atomic.AddInt32(dir, -1)
 *     return false
 * }
 * }</pre>
 * Each person tries {@link #TRIES} times (left, then right) and then gives up. In lockstep — the
 * usual outcome — both print five "left right" pairs and give up; a person who falls out of step
 * gets through ("Success!"). The ticking goroutine, which the book leaves running, is stopped here.
 */
public final class Livelock {
    private Livelock() { }

    static final int TRIES = 5;

    public static void main(String[] args) {
        Cond cadence = new Cond(new Mutex());
        Chan<Boolean> stopTicking = Chan.make();
        WaitGroup tickerDone = new WaitGroup();
        tickerDone.go(() -> {
            Ticker tick = Time.newTicker(Duration.ofMillis(1));
            try {
                for (boolean go = true; go; ) {
                    go = Select.select(
                            tick.c().onRecv(t -> {
                                cadence.broadcast();
                                return true;
                            }),
                            stopTicking.onRecv(x -> false));
                }
            } finally {
                tick.stop();
            }
        });

        Runnable takeStep = () -> {
            cadence.locker().lock();
            cadence.await();
            cadence.locker().unlock();
        };
        AtomicInteger left = new AtomicInteger(), right = new AtomicInteger();

        interface Try {
            boolean tryDir(String dirName, AtomicInteger dir, StringBuilder out);
        }
        Try tryDir = (dirName, dir, out) -> {
            out.append(' ').append(dirName);
            dir.incrementAndGet();
            takeStep.run();
            if (dir.get() == 1) {
                out.append(". Success!");
                return true;
            }
            takeStep.run();
            dir.decrementAndGet();
            return false;
        };

        WaitGroup peopleInHallway = new WaitGroup();
        for (String name : new String[] {"Alice", "Barbara"}) {
            peopleInHallway.go(() -> {
                StringBuilder out = new StringBuilder();
                try {
                    out.append(name).append(" is trying to scoot:");
                    for (int i = 0; i < TRIES; i++) {
                        if (tryDir.tryDir("left", left, out) || tryDir.tryDir("right", right, out)) {
                            return;
                        }
                    }
                    out.append('\n').append(name).append(" gives up: she tosses her hands up in exasperation!");
                } finally {
                    System.out.println(out);
                }
            });
        }
        peopleInHallway.await();
        stopTicking.close();
        tickerDone.await();
    }
}
