package io.gort.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's tests of {@code sync.OnceFunc}, {@code OnceValue} and {@code OnceValues}, ported: golang/go
 * {@code src/sync/oncefunc_test.go} at commit bda01100c6d48d1b0ca3e1baefef4d592cca1fee.
 *
 * <ul>
 *   <li>TestOnceFunc, TestOnceValue, TestOnceValues → the methods of the same names. Go's "0 allocations
 *       per call to f" ({@code testing.AllocsPerRun}) is measured with the thread's allocated-bytes
 *       counter: fewer than one byte per call on average over many calls (no object is that small, so a
 *       call that allocates fails it, even before the JIT's escape analysis). Go's "at most 2 allocations
 *       per call to OnceFunc" is not ported: a JVM object graph has no equivalent count.</li>
 *   <li>TestOnceFuncPanic, TestOnceValuePanic, TestOnceValuesPanic → the methods of the same names: each
 *       call throws the same exception object, and f ran once.</li>
 *   <li>TestOnceFuncPanicNil → {@link #testOnceFuncPanicError}: Java cannot throw null, so the nearest
 *       case is an {@link Error} rather than an exception, which must pass through the same way.</li>
 *   <li>TestOnceFuncPanicTraceback → {@link #testOnceFuncPanicTraceback}: the rethrown exception keeps
 *       the stack of the original throw.</li>
 *   <li>TestOnceXGC → {@link #testOnceXGC}: Go's {@code runtime.AddCleanup} is a {@link WeakReference}
 *       here, and Go's GC-and-wait-for-finalizers is a bounded loop of {@link System#gc()} calls.</li>
 *   <li>Not ported: TestOnceFuncGoexit. {@code runtime.Goexit} ends a goroutine without a panic; Java has
 *       no way to end a thread other than by returning or throwing, which the panic tests cover.</li>
 * </ul>
 */
@Timeout(60)
class OnceFuncConformanceTest {

    /**
     * Bytes the calling thread allocates per call of {@code f}, on average over many calls after a
     * warm-up. The JDK's allocated-bytes counter ({@code com.sun.management.ThreadMXBean}) is reached
     * reflectively: the tests compile inside module io.gort.runtime, which does not read jdk.management,
     * and run on the class path, where it is present.
     */
    private static double bytesPerCall(Runnable f) {
        long before;
        int calls = 100_000;
        try {
            Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            var allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
            for (int i = 0; i < calls; i++) {
                f.run();
            }
            before = (long) allocated.invoke(mx);
            for (int i = 0; i < calls; i++) {
                f.run();
            }
            long after = (long) allocated.invoke(mx);
            assertTrue(before >= 0, "thread allocation accounting is off");
            return (double) (after - before) / calls;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the JDK's per-thread allocation counter is unavailable", e);
        }
    }

    @Test
    void testOnceFunc() {
        int[] calls = {0};
        Runnable f = Once.onceFunc(() -> calls[0]++);
        double allocs = bytesPerCall(f);
        assertEquals(1, calls[0]);
        assertTrue(allocs < 1, "want 0 allocations per call to f, got " + allocs + " bytes per call");
    }

    @Test
    void testOnceValue() {
        int[] calls = {0};
        Supplier<Integer> f = Once.onceValue(() -> ++calls[0]);
        double allocs = bytesPerCall(f::get);
        int value = f.get();
        assertEquals(1, calls[0]);
        assertEquals(1, value);
        assertTrue(allocs < 1, "want 0 allocations per call to f, got " + allocs + " bytes per call");
    }

    @Test
    void testOnceValues() {
        int[] calls = {0};
        Supplier<Once.Values<Integer, Integer>> f = Once.onceValues(() -> {
            calls[0]++;
            return new Once.Values<>(calls[0], calls[0] + 1);
        });
        double allocs = bytesPerCall(f::get);
        var v = f.get();
        assertEquals(1, calls[0]);
        assertEquals(1, v.first());
        assertEquals(2, v.second());
        assertTrue(allocs < 1, "want 0 allocations per call to f, got " + allocs + " bytes per call");
    }

    /** Go's testOncePanicWith: every call throws the same thing, and the underlying f ran once. */
    private static void testOncePanicWith(int[] calls, Runnable f, Throwable want) {
        for (String label : new String[] {"first time", "second time"}) {
            Throwable p = null;
            try {
                f.run();
            } catch (Throwable t) {
                p = t;
            }
            if (p == null) {
                fail(label + ": f did not panic");
            }
            assertSame(want, p, label);
        }
        assertEquals(1, calls[0]);
    }

    @Test
    void testOnceFuncPanic() {
        int[] calls = {0};
        var x = new IllegalStateException("x");
        Runnable f = Once.onceFunc(() -> {
            calls[0]++;
            throw x;
        });
        testOncePanicWith(calls, f, x);
    }

    @Test
    void testOnceValuePanic() {
        int[] calls = {0};
        var x = new IllegalStateException("x");
        Supplier<Integer> f = Once.onceValue(() -> {
            calls[0]++;
            throw x;
        });
        testOncePanicWith(calls, f::get, x);
    }

    @Test
    void testOnceValuesPanic() {
        int[] calls = {0};
        var x = new IllegalStateException("x");
        Supplier<Once.Values<Integer, Integer>> f = Once.onceValues(() -> {
            calls[0]++;
            throw x;
        });
        testOncePanicWith(calls, f::get, x);
    }

    @Test
    void testOnceFuncPanicError() {
        int[] calls = {0};
        var x = new AssertionError("x");
        Runnable f = Once.onceFunc(() -> {
            calls[0]++;
            throw x;
        });
        testOncePanicWith(calls, f, x);
    }

    @Test
    void testOnceFuncPanicTraceback() {
        Runnable f = Once.onceFunc(OnceFuncConformanceTest::onceFuncPanic);
        var p = assertThrows(IllegalStateException.class, f::run);
        assertEquals("x", p.getMessage());
        assertTrue(Arrays.stream(p.getStackTrace()).anyMatch(e -> e.getMethodName().equals("onceFuncPanic")),
                "want a stack containing onceFuncPanic, got " + Arrays.toString(p.getStackTrace()));
    }

    private static void onceFuncPanic() {
        throw new IllegalStateException("x");
    }

    /** What the function passed to a factory keeps alive, and the function the factory made. */
    private record Wrapped(WeakReference<byte[]> buf, Runnable f) { }

    @Test
    void testOnceXGC() {
        Map<String, Function<byte[], Runnable>> fns = new LinkedHashMap<>();
        fns.put("OnceFunc", buf -> Once.onceFunc(() -> buf[0] = 1));
        fns.put("OnceValue", buf -> {
            Supplier<Object> f = Once.onceValue(() -> {
                buf[0] = 1;
                return null;
            });
            return f::get;
        });
        fns.put("OnceValues", buf -> {
            Supplier<Once.Values<Object, Object>> f = Once.onceValues(() -> {
                buf[0] = 1;
                return new Once.Values<>(null, null);
            });
            return f::get;
        });
        fns.put("OnceFunc panic", buf -> Once.onceFunc(() -> {
            buf[0] = 1;
            throw new IllegalStateException("test panic");
        }));
        fns.put("OnceValue panic", buf -> {
            Supplier<Object> f = Once.onceValue(() -> {
                buf[0] = 1;
                throw new IllegalStateException("test panic");
            });
            return f::get;
        });
        fns.put("OnceValues panic", buf -> {
            Supplier<Once.Values<Object, Object>> f = Once.onceValues(() -> {
                buf[0] = 1;
                throw new IllegalStateException("test panic");
            });
            return f::get;
        });
        for (var e : fns.entrySet()) {
            String n = e.getKey();
            Wrapped w = wrap(e.getValue());
            gc(w.buf(), 1);
            assertNotNull(w.buf().get(), n + ": wrapped function garbage collected too early");
            callIgnoringThrow(w.f());
            // Even if f is still alive, the function passed to the factory is not kept alive after
            // the first call of f.
            if (!gc(w.buf(), 50)) {
                fail(n + ": wrapped function should be garbage collected, but still live");
            }
            callIgnoringThrow(w.f());
        }
    }

    /** Makes the buffer in a frame of its own, so no local of the test keeps it reachable. */
    private static Wrapped wrap(Function<byte[], Runnable> fn) {
        byte[] buf = new byte[1024];
        return new Wrapped(new WeakReference<>(buf), fn.apply(buf));
    }

    private static void callIgnoringThrow(Runnable f) {
        try {
            f.run();
        } catch (IllegalStateException expected) {
            // the panic variants
        }
    }

    /** Up to {@code tries} collections; true once {@code ref} is cleared. */
    private static boolean gc(WeakReference<?> ref, int tries) {
        for (int i = 0; i < tries && ref.get() != null; i++) {
            System.gc();
            Thread.onSpinWait();
        }
        return ref.get() == null;
    }
}
