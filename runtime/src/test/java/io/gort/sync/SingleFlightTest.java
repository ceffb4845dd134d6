package io.gort.sync;

import static io.gort.sync.SyncTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.chan.Receiver;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SingleFlight}: shared flags, exceptions, interrupts, wait reasons, distinct keys, misuse. */
@Timeout(20)
class SingleFlightTest {

    @Test
    void aLoneCallIsNotSharedAndTheKeyIsForgottenAfterIt() {
        SingleFlight<String, Integer> g = new SingleFlight<>();
        AtomicInteger runs = new AtomicInteger();
        assertEquals(new SingleFlight.Result<>(1, null, false), g.doCallResult("k", runs::incrementAndGet));
        assertEquals(new SingleFlight.Result<>(2, null, false), g.doCallResult("k", runs::incrementAndGet));
        assertEquals(0, g.inFlight());
    }

    @Test
    void nullValuesAreResultsNullKeysAreNot() throws Exception {
        SingleFlight<String, Object> g = new SingleFlight<>();
        assertNull(g.doCall("k", () -> null));
        assertThrows(NullPointerException.class, () -> g.doCall(null, () -> 1));
        assertThrows(NullPointerException.class, () -> g.doChan(null, () -> 1));
        assertThrows(NullPointerException.class, () -> g.doCall("k", null));
    }

    /** A checked exception reaches every sharer as the same instance; Result.get rethrows it. */
    @Test
    void aCheckedExceptionIsSharedAsItIs() throws Exception {
        SingleFlight<String, String> g = new SingleFlight<>();
        IOException boom = new IOException("boom");
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<SingleFlight.Result<String>> sharer = new AtomicReference<>();
        AtomicReference<Throwable> firstThrew = new AtomicReference<>();
        Goroutine first = Go.spawn(() -> {
            try {
                g.doCall("k", () -> {
                    release.await();
                    throw boom;
                });
            } catch (Throwable t) {
                firstThrew.set(t);
            }
        });
        until("the call in flight", () -> g.duplicates("k") == 0);
        Goroutine second = Go.spawn(() -> sharer.set(g.doCallResult("k", () -> "never run")));
        until("the second caller joined", () -> g.duplicates("k") == 1);
        release.countDown();
        first.join();
        second.join();
        assertSame(boom, firstThrew.get());
        SingleFlight.Result<String> r = sharer.get();
        assertSame(boom, r.error());
        assertTrue(r.shared());
        assertSame(boom, assertThrows(IOException.class, r::get));
    }

    @Test
    void resultGetWrapsOnlyWhatIsNeitherExceptionNorError() {
        Throwable odd = new Throwable("odd");
        UndeclaredThrowableException e = assertThrows(UndeclaredThrowableException.class,
                () -> new SingleFlight.Result<>(null, odd, false).get());
        assertSame(odd, e.getCause());
        StackOverflowError soe = new StackOverflowError();
        assertSame(soe, assertThrows(StackOverflowError.class, () -> new SingleFlight.Result<>(null, soe, false).get()));
    }

    /** A waiting sharer parks as in sync.WaitGroup.Wait; interrupted, it leaves, and the call goes on. */
    @Test
    void anInterruptedSharerLeavesTheCallGoesOn() throws Exception {
        SingleFlight<String, String> g = new SingleFlight<>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> firstGot = new AtomicReference<>();
        Goroutine first = Go.spawn(() -> {
            try {
                firstGot.set(g.doCall("k", () -> {
                    release.await();
                    return "v";
                }));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        until("the call in flight", () -> g.duplicates("k") == 0);
        AtomicReference<String> outcome = new AtomicReference<>();
        Goroutine sharer = Go.spawn(() -> {
            try {
                outcome.set("got " + g.doCall("k", () -> "never run"));
            } catch (GoInterruptedException e) {
                outcome.set("interrupted, status " + Thread.currentThread().isInterrupted());
            } catch (Exception e) {
                outcome.set("threw " + e);
            }
        });
        until("the sharer parked", () -> sharer.waitReason() == WaitReason.WAIT_GROUP && sharer.waitingOn() == g);
        sharer.thread().interrupt();
        sharer.join();
        assertEquals("interrupted, status true", outcome.get());
        release.countDown();
        first.join();
        assertEquals("v", firstGot.get());
        assertEquals(0, g.inFlight());
    }

    @Test
    void distinctKeysRunConcurrently() throws Exception {
        SingleFlight<Integer, Integer> g = new SingleFlight<>();
        CountDownLatch bothIn = new CountDownLatch(2);
        Receiver<SingleFlight.Result<Integer>> a = g.doChan(1, () -> {
            bothIn.countDown();
            bothIn.await();
            return 10;
        });
        Receiver<SingleFlight.Result<Integer>> b = g.doChan(2, () -> {
            bothIn.countDown();
            bothIn.await();
            return 20;
        });
        assertEquals(10, a.recv().value());
        assertEquals(20, b.recv().value());
    }

    /** The function's writes happen before every sharer's return. */
    @Test
    void theCallHappensBeforeEverySharersReturn() {
        SingleFlight<String, int[]> g = new SingleFlight<>();
        for (int round = 0; round < 200; round++) {
            int r = round;
            CountDownLatch release = new CountDownLatch(1);
            Goroutine first = Go.spawn(() -> {
                try {
                    g.doCall("k", () -> {
                        release.await();
                        int[] box = new int[1];
                        box[0] = r;   // plain write into a fresh array
                        return box;
                    });
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            until("the call in flight", () -> g.duplicates("k") == 0);
            AtomicInteger seen = new AtomicInteger(-1);
            Goroutine sharer = Go.spawn(() -> {
                try {
                    seen.set(g.doCall("k", () -> new int[] {-2})[0]);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            until("joined", () -> g.duplicates("k") == 1);
            release.countDown();
            first.join();
            sharer.join();
            assertEquals(r, seen.get());
        }
    }

    @Test
    void forgetOfAnUnknownKeyIsHarmlessAndTheInFlightCallStillDelivers() {
        SingleFlight<String, String> g = new SingleFlight<>();
        g.forget("nobody");
        CountDownLatch release = new CountDownLatch(1);
        Receiver<SingleFlight.Result<String>> ch = g.doChan("k", () -> {
            release.await();
            return "late";
        });
        g.forget("k");
        assertEquals(0, g.inFlight());
        release.countDown();
        SingleFlight.Result<String> r = ch.recv();
        assertEquals("late", r.value());
        assertFalse(r.shared());
        assertTrue(g.toString().contains("0 in flight"));
    }
}
