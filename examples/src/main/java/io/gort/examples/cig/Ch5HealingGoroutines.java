package io.gort.examples.cig;

import static io.gort.examples.cig.Ch4OrChannel.or;
import static io.gort.examples.cig.Ch4OrDoneTeeBridge.bridge;
import static io.gort.examples.cig.Ch4Pipelines.take;

import io.gort.Go;
import io.gort.Ticker;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;

/**
 * "Concurrency in Go", chapter 5, section "Healing Unhealthy Goroutines": a steward starts a ward
 * goroutine, watches its heartbeat, and when none comes within a timeout, halts the ward (closing
 * the ward's own {@code done}, joined with the steward's by {@link Ch4OrChannel#or}) and starts a
 * new one. The book's {@code newSteward}, line by line; each program after a line {@code == name}.
 * <ul>
 *   <li>{@code irresponsible ward}: the ward never pulses; the steward (timeout 40 ms, the book's 4
 *       s) restarts it until main halts everything at 90 ms (the book's 9 s): "ward: Hello, I'm
 *       irresponsible!", "steward: ward unhealthy; restarting", "ward: I am halting." … "Done".
 *       The port waits for every ward's halting goroutine before "Done" (the book does not).</li>
 *   <li>{@code ward with values}: the ward sends 1, 2, -1, 3, 4, 5 on a stream that {@code bridge}
 *       joins across restarts, and dies at the negative value; the steward restarts it, which
 *       starts the list over. Main takes six values: 1, 2, 1, 2, 1, 2, with "negative value: -1" and
 *       a restart between the pairs.</li>
 * </ul>
 */
public final class Ch5HealingGoroutines {
    private Ch5HealingGoroutines() { }

    /** The book's startGoroutineFn: starts a monitorable goroutine and returns its heartbeat. */
    @FunctionalInterface
    interface StartGoroutineFn {
        Receiver<Object> start(Receiver<?> done, Duration pulseInterval);
    }

    static StartGoroutineFn newSteward(Duration timeout, StartGoroutineFn startGoroutine) {
        return (done, pulseInterval) -> {
            Chan<Object> heartbeat = Chan.make();
            Go.spawn(() -> {
                var ward = new Object() {
                    Chan<Object> wardDone;
                    Receiver<Object> wardHeartbeat;

                    void startWard() {
                        wardDone = Chan.make();
                        Receiver<Object> hb = startGoroutine.start(or(wardDone, done), timeout.dividedBy(2));
                        wardHeartbeat = hb == null ? Chan.nil() : hb;
                    }
                };
                ward.startWard();
                Ticker pulse = Time.newTicker(pulseInterval);
                try {
                    monitorLoop:
                    for (;;) {
                        Receiver<Instant> timeoutSignal = Time.after(timeout);
                        for (;;) {
                            int what = Select.select(
                                    pulse.c().onRecv(t -> 0),
                                    ward.wardHeartbeat.onRecv(x -> 1),
                                    timeoutSignal.onRecv(t -> 2),
                                    done.onRecv(x -> 3));
                            switch (what) {
                                case 0 -> heartbeat.trySend(Boolean.TRUE);
                                case 1 -> {
                                    continue monitorLoop;
                                }
                                case 2 -> {
                                    System.out.println("steward: ward unhealthy; restarting");
                                    ward.wardDone.close();
                                    ward.startWard();
                                    continue monitorLoop;
                                }
                                default -> {
                                    return;
                                }
                            }
                        }
                    }
                } finally {
                    pulse.stop();
                    heartbeat.close();
                }
            });
            return heartbeat;
        };
    }

    static void irresponsibleWard() {
        System.out.println("== irresponsible ward");
        WaitGroup wards = new WaitGroup();
        StartGoroutineFn doWork = (done, pulseInterval) -> {
            System.out.println("ward: Hello, I'm irresponsible!");
            wards.go(() -> {
                done.recv();
                System.out.println("ward: I am halting.");
            });
            return null;
        };
        StartGoroutineFn doWorkWithSteward = newSteward(Duration.ofMillis(40), doWork);
        Chan<Object> done = Chan.make();
        Time.afterFunc(Duration.ofMillis(90), () -> {
            System.out.println("main: halting steward and ward.");
            done.close();
        });
        for (Object ignored : doWorkWithSteward.start(done, Duration.ofMillis(40))) { }
        wards.await();
        System.out.println("Done");
    }

    record WorkFn(StartGoroutineFn doWork, Receiver<Object> intStream) { }

    static WorkFn doWorkFn(Receiver<?> done, int... intList) {
        Chan<Receiver<Object>> intChanStream = Chan.make();
        Receiver<Object> intStream = bridge(done, intChanStream);
        StartGoroutineFn doWork = (wardDone, pulseInterval) -> {
            Chan<Object> ints = Chan.make();
            Chan<Object> heartbeat = Chan.make();
            Go.spawn(() -> {
                try {
                    if (Select.select(intChanStream.onSend(ints, () -> false), wardDone.onRecv(x -> true))) {
                        return;
                    }
                    Ticker pulse = Time.newTicker(pulseInterval);
                    try {
                        for (;;) {
                            valueLoop:
                            for (int intVal : intList) {
                                if (intVal < 0) {
                                    System.out.printf("negative value: %d%n", intVal);
                                    return;
                                }
                                for (;;) {
                                    int what = Select.select(
                                            pulse.c().onRecv(t -> 0),
                                            ints.onSend(intVal, () -> 1),
                                            wardDone.onRecv(x -> 2));
                                    if (what == 0) {
                                        heartbeat.trySend(Boolean.TRUE);
                                    } else if (what == 1) {
                                        continue valueLoop;
                                    } else {
                                        return;
                                    }
                                }
                            }
                        }
                    } finally {
                        pulse.stop();
                    }
                } finally {
                    ints.close();
                }
            });
            return heartbeat;
        };
        return new WorkFn(doWork, intStream);
    }

    static void wardWithValues() {
        System.out.println("== ward with values");
        Chan<Object> done = Chan.make();
        try {                                                   // defer close(done)
            WorkFn w = doWorkFn(done, 1, 2, -1, 3, 4, 5);
            StartGoroutineFn doWorkWithSteward = newSteward(Duration.ofMillis(20), w.doWork());
            doWorkWithSteward.start(done, Duration.ofHours(1));
            for (Object intVal : take(done, w.intStream(), 6)) {
                System.out.printf("Received: %s%n", intVal);
            }
        } finally {
            done.close();
        }
    }

    public static void main(String[] args) {
        irresponsibleWard();
        wardWithValues();
    }
}
