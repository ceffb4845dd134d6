package io.gort.sync;

import static io.gort.sync.SyncTesting.recv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's {@code sync} Once tests, ported: golang/go {@code src/sync/once_test.go} at commit
 * 6e9546e4a8b1eadba621fe49e42cbd0730fbcd46.
 *
 * <ul>
 *   <li>TestOnce → {@link #testOnce}; TestOncePanic → {@link #testOncePanic} (a panic is an exception,
 *       which {@code doOnce} rethrows; the Once still counts as done).</li>
 *   <li>Added from once.go's doc: "no call to Do returns until the one call to f returns" →
 *       {@link #callersWaitForTheRunningCall}.</li>
 * </ul>
 */
@Timeout(60)
class OnceConformanceTest {

    private static final class One {
        int n;   // written only inside the once call
    }

    @Test
    void testOnce() {
        var o = new One();
        var once = new Once();
        var error = new AtomicReference<String>();
        Chan<Boolean> c = Chan.make();
        int n = 10;
        for (int i = 0; i < n; i++) {
            Go.spawn(() -> {
                once.doOnce(() -> o.n++);
                if (o.n != 1) {
                    error.compareAndSet(null, "once failed inside run: " + o.n + " is not 1");
                }
                c.send(true);
            });
        }
        for (int i = 0; i < n; i++) {
            recv(c, "run " + i);
        }
        assertNull(error.get());
        if (o.n != 1) {
            fail("once failed outside run: " + o.n + " is not 1");
        }
        assertTrue(once.done());
    }

    @Test
    void testOncePanic() {
        var once = new Once();
        var failed = new RuntimeException("failed");
        var thrown = assertThrows(RuntimeException.class, () -> once.doOnce(() -> {
            throw failed;
        }), "Once.Do did not panic");
        assertSame(failed, thrown);
        assertTrue(once.done());
        once.doOnce(() -> fail("Once.Do called twice"));
    }

    /** A caller that arrives while f runs parks (as sync.Mutex.Lock) and returns only after f returned. */
    @Test
    void callersWaitForTheRunningCall() {
        var once = new Once();
        Chan<Boolean> inF = Chan.make(), finishF = Chan.make();
        int[] value = {0};
        var first = Go.spawn(() -> once.doOnce(() -> {
            inF.send(true);
            finishF.recv();
            value[0] = 42;
        }));
        recv(inF, "f to start");
        var seen = new AtomicReference<Integer>();
        Goroutine second = Go.spawn(() -> {
            once.doOnce(() -> fail("f ran twice"));
            seen.set(value[0]);
        });
        SyncTesting.parked(second, WaitReason.MUTEX_LOCK);
        assertFalse(once.done());
        assertNull(seen.get());
        finishF.send(true);
        first.join();
        second.join();
        assertEquals(42, seen.get(), "the second caller returned before f's writes were visible");
    }
}
