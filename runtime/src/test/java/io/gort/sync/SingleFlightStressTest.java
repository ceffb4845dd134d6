package io.gort.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.chan.Receiver;
import io.gort.sched.Goroutine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many goroutines call {@code doCall}, {@code doChan} and now and then {@code forget} on a few
 * keys. Without a forget, at most one function per key runs at a time (counted inside the
 * function); every caller gets a value that a function for its key produced (the value encodes
 * the key); some calls are shared; every call returns, and no key stays in flight.
 */
class SingleFlightStressTest {
    private static final int GOROUTINES = 32, KEYS = 4;

    @Test
    @Tag("stress")
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void manyCallersFewKeys() {
        run(50_000 * Math.max(1, Integer.getInteger("gort.stress", 1)), false);
        run(20_000 * Math.max(1, Integer.getInteger("gort.stress", 1)), true);
    }

    /** The same, small enough for the default run. */
    @Test
    @Timeout(60)
    void manyCallersFewKeysSmall() {
        run(1_000, false);
    }

    private static void run(int callsPerGoroutine, boolean withForget) {
        SingleFlight<Integer, Long> g = new SingleFlight<>();
        AtomicIntegerArray running = new AtomicIntegerArray(KEYS);
        AtomicLong executions = new AtomicLong(), shared = new AtomicLong(), seq = new AtomicLong();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < GOROUTINES; i++) {
            gs.add(Go.spawn(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    for (int c = 0; c < callsPerGoroutine; c++) {
                        int key = rnd.nextInt(KEYS);
                        java.util.concurrent.Callable<Long> fn = () -> {
                            int now = running.incrementAndGet(key);
                            if (now > 1 && !withForget) {
                                throw new AssertionError(now + " functions running for key " + key);
                            }
                            executions.incrementAndGet();
                            if (ThreadLocalRandom.current().nextInt(4) == 0) {   // fn may run in doChan's goroutine
                                Go.yield();   // stay in flight a little, so others join
                            }
                            running.decrementAndGet(key);
                            return seq.incrementAndGet() * KEYS + key;
                        };
                        SingleFlight.Result<Long> r;
                        int route = rnd.nextInt(8);
                        if (route == 0) {
                            Receiver<SingleFlight.Result<Long>> ch = g.doChan(key, fn);
                            r = ch.recv();
                        } else {
                            r = g.doCallResult(key, fn);
                        }
                        if (withForget && route == 1) {
                            g.forget(key);
                        }
                        if (r.error() != null) {
                            throw new AssertionError("call failed", r.error());
                        }
                        if (r.value() % KEYS != key) {
                            throw new AssertionError("key " + key + " got key " + (r.value() % KEYS) + "'s value");
                        }
                        if (r.shared()) {
                            shared.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                }
            }));
        }
        gs.forEach(Goroutine::join);
        assertNull(failed.get(), () -> String.valueOf(failed.get()));
        assertEquals(0, g.inFlight());
        long calls = (long) GOROUTINES * callsPerGoroutine;
        assertTrue(executions.get() >= 1 && executions.get() <= calls);
        System.out.printf("SingleFlightStressTest: %d calls, %d executions, %d shared results, forget %b%n",
                calls, executions.get(), shared.get(), withForget);
        assertTrue(shared.get() > 0, "no call was shared: the waiting path was not exercised");
    }
}
