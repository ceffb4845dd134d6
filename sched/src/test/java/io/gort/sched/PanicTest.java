package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An exception escaping a goroutine is Go's unrecovered panic: reported as Go does, and the program goes on (or exits 2 on request). */
class PanicTest {
    @AfterEach
    void restoreHandler() {
        Goroutine.setPanicHandler(null);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void handlerGetsThePanicWithGoStyleReportAndTheProgramGoesOn() {
        try (Scheduler s = Scheduler.workStealing(2)) {
            AtomicReference<Goroutine> who = new AtomicReference<>();
            AtomicReference<Throwable> what = new AtomicReference<>();
            AtomicReference<String> report = new AtomicReference<>();
            AtomicReference<Thread> onThread = new AtomicReference<>();
            CountDownLatch handled = new CountDownLatch(1);
            Goroutine.setPanicHandler((g, t) -> {
                who.set(g);
                what.set(t);
                onThread.set(Thread.currentThread());
                report.set(Goroutine.panicReport(g, t));
                handled.countDown();
            });

            // A bystander, parked across the panic, must still be woken and finish afterwards.
            CountDownLatch bystanderDone = new CountDownLatch(1);
            AtomicReference<Boolean> go = new AtomicReference<>(false);
            Goroutine bystander = s.spawn(() -> {
                while (!go.get()) {
                    LockSupport.park();
                }
                bystanderDone.countDown();
            });

            IllegalStateException boom = new IllegalStateException("boom");
            Goroutine doomed = s.spawn("doomed", () -> {
                throw boom;
            });
            Await.latch("the panic handler", handled);
            doomed.join();
            assertSame(doomed, who.get());
            assertSame(boom, what.get());
            assertSame(doomed.thread(), onThread.get(), "the handler runs on the panicking goroutine");
            assertEquals(GState.DEAD, doomed.state());

            List<String> lines = report.get().lines().toList();
            assertEquals("panic: java.lang.IllegalStateException: boom", lines.get(0));
            assertEquals("", lines.get(1));
            assertEquals("goroutine " + doomed.id() + " [running]:", lines.get(2));
            assertEquals("java.lang.IllegalStateException: boom", lines.get(3));
            assertTrue(lines.get(4).strip().startsWith("at io.gort.sched.PanicTest"), lines.get(4));

            go.set(true);
            LockSupport.unpark(bystander.thread());
            Await.latch("the bystander", bystanderDone);
            CountDownLatch after = new CountDownLatch(1);
            s.spawn(after::countDown);
            Await.latch("a goroutine spawned after the panic", after);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aPanicInTheHandlerIsReportedAndContained() {
        try (Scheduler s = Scheduler.workStealing(1)) {
            Goroutine.setPanicHandler((g, t) -> {
                throw new IllegalArgumentException("handler failed");
            });
            Goroutine g = s.spawn(() -> {
                throw new IllegalStateException("boom");
            });
            g.join();
            assertEquals(GState.DEAD, g.state());
            CountDownLatch after = new CountDownLatch(1);
            s.spawn(after::countDown);
            Await.latch("a goroutine after a failing handler", after);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void panicExitExitsWithStatus2AndPrintsTheReport() {
        ForkedJvm.Result r = ForkedJvm.run(
                List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgort.panic=exit"), Map.of(), PanicMain.class);
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        // Other lines may come first (JCTools' sun.misc.Unsafe warnings on JDK 25 without
        // --sun-misc-unsafe-memory-access=allow); the report is the first line starting "panic: " on.
        List<String> all = r.errLines();
        int at = all.indexOf("panic: java.lang.IllegalStateException: boom");
        assertTrue(at >= 0, r::toString);
        List<String> err = all.subList(at, all.size());
        assertEquals("", err.get(1), r::toString);
        assertTrue(err.get(2).matches("goroutine [1-9][0-9]* \\[running]:"), r::toString);
        assertEquals("java.lang.IllegalStateException: boom", err.get(3), r::toString);
        assertTrue(r.err().contains("at io.gort.sched.PanicMain"), r::toString);
    }
}
