package io.gort.sync;

import static io.gort.sync.SyncTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.sched.Goroutine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's own tests of singleflight, ported: {@code golang.org/x/sync/singleflight/singleflight_test.go}
 * at golang/sync commit ec11c4a93de22cde2abe2bf74d70791033c2464c (v0.19.0+3, 2026-02-23). One
 * method per Go test, same names. Not ported, and why:
 * <ul>
 *   <li>{@code TestPanicErrorUnwrap}: Go wraps a recovered panic value in a {@code panicError}
 *       (with the stack) and checks {@code errors.Is} through it; Java shares the thrown exception
 *       itself, so there is nothing to unwrap ({@link #testPanicDo} checks it is the same instance).
 *   <li>{@code TestGoexitDo}: {@code runtime.Goexit} has no Java analogue.
 *   <li>{@code TestPanicDoChan}, {@code TestPanicDoSharedByDoChan}: Go checks that the process
 *       crashes. gort delivers the exception in the channel's Result instead (a deliberate
 *       deviation, documented on {@link SingleFlight}); the methods of those names check that.
 * </ul>
 * Go's {@code TestDoDupSuppress} sleeps 10 ms inside the function "to let more goroutines enter
 * Do" and then accepts any number of calls between 1 and n-1; here the function waits until all
 * n-1 others have joined the call ({@link SingleFlight#duplicates}), so exactly one call must run.
 */
@Timeout(20)
class SingleFlightConformanceTest {

    /** TestDo. */
    @Test
    void testDo() throws Exception {
        SingleFlight<String, Object> g = new SingleFlight<>();
        Object v = g.doCall("key", () -> "bar");
        assertEquals("bar", v);
        assertEquals(String.class, v.getClass());
    }

    /** TestDoErr: the function's error comes back as it is, and the value is absent. */
    @Test
    void testDoErr() {
        SingleFlight<String, Object> g = new SingleFlight<>();
        Exception someErr = new Exception("Some error");
        Exception thrown = assertThrows(Exception.class, () -> g.doCall("key", () -> {
            throw someErr;
        }));
        assertSame(someErr, thrown);
        SingleFlight.Result<Object> r = g.doCallResult("key", () -> {
            throw someErr;
        });
        assertSame(someErr, r.error());
        assertNull(r.value());
    }

    /** TestDoDupSuppress: n concurrent callers of one key share one execution. */
    @Test
    void testDoDupSuppress() {
        SingleFlight<String, Object> g = new SingleFlight<>();
        final int n = 10;
        Chan<String> c = Chan.make(1);
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.Callable<Object> fn = () -> {
            calls.incrementAndGet();
            String v = c.recv();
            c.send(v);   // pump; make available for any future calls
            until("all other callers joined", () -> g.duplicates("key") == n - 1);   // Go: sleeps 10 ms
            return v;
        };
        List<Goroutine> gs = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int i = 0; i < n; i++) {
            gs.add(Go.spawn(() -> {
                try {
                    Object v = g.doCall("key", fn);
                    if (!"bar".equals(v)) {
                        throw new AssertionError("Do = " + v + "; want bar");
                    }
                } catch (Throwable t) {
                    failed.compareAndSet(null, t);
                }
            }));
        }
        until("one goroutine in fn", () -> calls.get() > 0);
        c.send("bar");
        gs.forEach(Goroutine::join);
        assertNull(failed.get());
        assertEquals(1, calls.get(), "number of calls");
        assertEquals(0, g.inFlight(), "the key is forgotten after the call");
    }

    /** TestForget (go.dev/issue/31420): after forget, a new call runs; a later one shares the new call. */
    @Test
    void testForget() throws Exception {
        SingleFlight<String, Object> g = new SingleFlight<>();
        CountDownLatch firstStarted = new CountDownLatch(1), unblockFirst = new CountDownLatch(1),
                firstFinished = new CountDownLatch(1), unblockSecond = new CountDownLatch(1);
        Go.spawn(() -> {
            try {
                g.doCall("key", () -> {
                    firstStarted.countDown();
                    unblockFirst.await();
                    firstFinished.countDown();
                    return null;
                });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        firstStarted.await();
        g.forget("key");

        Receiver<SingleFlight.Result<Object>> secondResult = g.doChan("key", () -> {
            unblockSecond.await();
            return 2;
        });

        unblockFirst.countDown();
        firstFinished.await();

        Receiver<SingleFlight.Result<Object>> thirdResult = g.doChan("key", () -> 3);

        unblockSecond.countDown();
        assertEquals(2, secondResult.recv().value());
        SingleFlight.Result<Object> r = thirdResult.recv();
        assertEquals(2, r.value(), "the third call must receive the result produced by the second");
        assertTrue(r.shared());
    }

    /** TestDoChan. */
    @Test
    void testDoChan() {
        SingleFlight<String, Object> g = new SingleFlight<>();
        Receiver<SingleFlight.Result<Object>> ch = g.doChan("key", () -> "bar");
        SingleFlight.Result<Object> res = ch.recv();
        assertEquals("bar", res.value());
        assertNull(res.error());
        assertFalse(res.shared());
    }

    /**
     * TestPanicDo (go.dev/issue/41133): a function that panics (throws) makes every caller throw,
     * none hangs. Go re-panics in each; here each throws the same exception instance.
     */
    @Test
    void testPanicDo() {
        SingleFlight<String, Object> g = new SingleFlight<>();
        final int n = 5;
        RuntimeException panic = new NullPointerException("invalid memory address or nil pointer dereference");
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.Callable<Object> fn = () -> {
            release.await();
            throw panic;
        };
        List<Goroutine> gs = new ArrayList<>();
        AtomicInteger panicCount = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            gs.add(Go.spawn(() -> {
                try {
                    g.doCall("key", fn);
                } catch (Exception e) {
                    if (e == panic) {
                        panicCount.incrementAndGet();
                    }
                }
            }));
        }
        // Not in Go: let them all share the call, so the one panic reaches every caller.
        until("callers sharing the call", () -> g.duplicates("key") == n - 1);
        release.countDown();
        gs.forEach(Goroutine::join);
        assertEquals(n, panicCount.get());
    }

    /** TestPanicDoChan, gort's way: the exception arrives in the Result, the program goes on. */
    @Test
    void testPanicDoChan() {
        SingleFlight<String, Object> g = new SingleFlight<>();
        RuntimeException panic = new IllegalStateException("Panicking in DoChan");
        SingleFlight.Result<Object> r = g.doChan("", () -> {
            throw panic;
        }).recv();
        assertSame(panic, r.error());
        assertNull(r.value());
        assertThrows(IllegalStateException.class, r::get);
    }

    /** TestPanicDoSharedByDoChan, gort's way: Do's caller throws, the DoChan sharer receives it. */
    @Test
    void testPanicDoSharedByDoChan() {
        SingleFlight<String, Object> g = new SingleFlight<>();
        CountDownLatch blocked = new CountDownLatch(1), unblock = new CountDownLatch(1);
        RuntimeException panic = new IllegalStateException("Panicking in Do");
        AtomicReference<Throwable> doThrew = new AtomicReference<>();
        Goroutine doer = Go.spawn(() -> {
            try {
                g.doCall("", () -> {
                    blocked.countDown();
                    unblock.await();
                    throw panic;
                });
            } catch (Throwable t) {
                doThrew.set(t);
            }
        });
        SyncTesting.until("Do's function running", () -> blocked.getCount() == 0);
        Receiver<SingleFlight.Result<Object>> ch = g.doChan("", () -> {
            throw new AssertionError("DoChan unexpectedly executed callback");
        });
        unblock.countDown();
        SingleFlight.Result<Object> r = ch.recv();
        doer.join();
        assertSame(panic, doThrew.get());
        assertSame(panic, r.error());
        assertTrue(r.shared());
    }

    /** ExampleGroup, its output checked. */
    @Test
    void exampleGroup() {
        SingleFlight<String, String> g = new SingleFlight<>();
        CountDownLatch block = new CountDownLatch(1);
        Receiver<SingleFlight.Result<String>> res1c = g.doChan("key", () -> {
            block.await();
            return "func 1";
        });
        Receiver<SingleFlight.Result<String>> res2c = g.doChan("key", () -> {
            block.await();
            return "func 2";
        });
        block.countDown();
        SingleFlight.Result<String> res1 = res1c.recv(), res2 = res2c.recv();
        String out = "Shared: " + res2.shared() + "\n"
                + "Equal results: " + res1.value().equals(res2.value()) + "\n"
                + "Result: " + res1.value() + "\n";
        assertEquals("Shared: true\nEqual results: true\nResult: func 1\n", out);
    }
}
