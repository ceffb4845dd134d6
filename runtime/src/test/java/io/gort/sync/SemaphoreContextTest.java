package io.gort.sync;

import static io.gort.sync.SyncTesting.recv;
import static io.gort.sync.SyncTesting.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.context.ContextException;
import io.gort.testutil.GoroutineLeaks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The context half of x/sync's {@code semaphore/semaphore_test.go} (golang/sync commit
 * 529f39239071fee56e9a828310267ef939d8a7de), ported with real contexts now that {@link
 * Semaphore#acquire(Context, long)} exists: TestWeightedAcquire (a WithTimeout per try: 100 ms, Go's 10 ms),
 * TestWeightedDoesntBlockIfTooBig (Go's errgroup becomes a WaitGroup and a list of errors: errgroup
 * lives in another part of gort), TestAllocCancelDoesntStarve (a 300 ms WithTimeout; Go's 100 ms
 * sleep "long enough to be queued" becomes waiting for the waiter to be queued). Plus the rules of
 * go.dev/issue/63615 with a context (done before the call fails it even when units are free) and
 * the cancel of a queued waiter. {@link SemaphoreConformanceTest} has the same tests with the
 * timed form and the raw hook.
 */
@Timeout(60)
class SemaphoreContextTest {

    private static boolean tryAcquire(Semaphore sem, long n) {
        // Go: 10 ms. On a loaded 2-core machine 10 ms can pass before acquire looks at the context,
        // which then fails a try that should succeed (a done context fails even when units are free).
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(100))) {
            sem.acquire(ctx, n);
            return true;
        } catch (ContextException e) {
            assertSame(Context.DEADLINE_EXCEEDED, e);
            return false;
        }
    }

    @Test
    void testWeightedAcquire() {
        Context ctx = Context.background();
        Semaphore sem = new Semaphore(2);
        List<Boolean> tries = new ArrayList<>();
        sem.acquire(ctx, 1);
        tries.add(tryAcquire(sem, 1));
        tries.add(tryAcquire(sem, 1));

        sem.release(2);

        tries.add(tryAcquire(sem, 1));
        sem.acquire(ctx, 1);
        tries.add(tryAcquire(sem, 1));

        assertEquals(List.of(true, false, true, false), tries);
        sem.checkInvariants();
    }

    @Test
    void testWeightedDoesntBlockIfTooBig() {
        Set<Long> before = GoroutineLeaks.snapshot();
        final int n = 2;
        Semaphore sem = new Semaphore(n);
        CancelContext big = Context.withCancel(Context.background());
        Chan<Object> bigErr = Chan.make(1);
        Go.spawn(() -> {
            try {
                sem.acquire(big, n + 1);
                bigErr.send("acquired more than the size");
            } catch (ContextException e) {
                bigErr.send(e);
            }
        });

        CancelContext group = Context.withCancel(Context.background());   // Go's errgroup.WithContext
        WaitGroup wg = new WaitGroup();
        List<Throwable> errs = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = n * 3; i > 0; i--) {
            wg.go(() -> {
                try {
                    sem.acquire(group, 1);
                    Go.sleep(Duration.ofMillis(1));   // the hold time, as Go
                    sem.release(1);
                } catch (ContextException e) {
                    errs.add(e);
                    group.cancel();
                }
            });
        }
        wg.await();
        assertEquals(List.of(), errs, "failed to acquire(_, 1) with acquire(_, " + (n + 1) + ") pending");
        group.cancel();

        big.cancel();
        assertSame(Context.CANCELED, recv(bigErr, "the too-large acquire to give up"));
        assertEquals(0, sem.held());
        sem.checkInvariants();
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void testAllocCancelDoesntStarve() {
        Semaphore sem = new Semaphore(10);
        sem.acquire(Context.background(), 1);   // hold 1 read lock

        Chan<Object> writer = Chan.make(1);
        Go.spawn(() -> {   // a write lock request that gives up after 300 ms
            try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(300))) {
                sem.acquire(ctx, 10);
                writer.send("acquired");
            } catch (ContextException e) {
                writer.send(e);
            }
        });
        until("the write request to be queued", () -> sem.queuedWaiters() == 1);

        Chan<Void> doneCh = Chan.make();
        Go.spawn(() -> {   // a read lock queued behind the writer, granted when the writer gives up
            sem.acquire(Context.background(), 1);
            sem.release(1);
            doneCh.close();
        });
        until("the read request to be queued", () -> sem.queuedWaiters() == 2);

        recv(doneCh, "the read lock after the write request was cancelled");
        assertSame(Context.DEADLINE_EXCEEDED, recv(writer, "the write request"));
        sem.checkInvariants();
    }

    /** go.dev/issue/63615: a context done before the call fails it, even with every unit free. */
    @Test
    void doneContextFailsEvenWhenFree() {
        Semaphore sem = new Semaphore(5);
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertSame(Context.CANCELED, assertThrows(ContextException.class, () -> sem.acquire(ctx, 1)));
        CancelContext late = Context.withDeadline(Context.background(), Instant.EPOCH);
        assertSame(Context.DEADLINE_EXCEEDED, assertThrows(ContextException.class, () -> sem.acquire(late, 0)));
        assertEquals(0, sem.held());
        assertEquals(true, sem.tryAcquire(5), "nothing was taken");
    }

    @Test
    void cancelWhileQueuedGivesUpAndLeavesNothingBehind() {
        Set<Long> before = GoroutineLeaks.snapshot();
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Object> result = Chan.make(1);
        Go.spawn(() -> {
            try {
                sem.acquire(ctx, 1);
                result.send("acquired");
            } catch (ContextException e) {
                result.send(e);
            }
        });
        until("the waiter to be queued", () -> sem.queuedWaiters() == 1);
        Exception why = new Exception("shutting down");
        ctx.cancel(why);
        assertSame(Context.CANCELED, recv(result, "the cancelled acquire"));
        assertEquals(0, sem.queuedWaiters());
        assertEquals(1, sem.held());
        sem.release(1);
        sem.checkInvariants();
        GoroutineLeaks.assertNoneLeft(before);   // the AfterFunc registration went with the wait
    }

    @Test
    void acquiredWaiterUnregistersFromTheContext() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Void> got = Chan.make();
        Go.spawn(() -> {
            sem.acquire(ctx, 1);
            got.close();
        });
        until("the waiter to be queued", () -> sem.queuedWaiters() == 1);
        sem.release(1);
        recv(got, "the waiter granted");
        assertEquals(1, sem.held());
        ctx.cancel();
        assertEquals(1, sem.held(), "a cancel after the grant takes nothing back");
        sem.release(1);
    }

    /** A context that is not gort's (Go's otherContext), with its own done channel. */
    record Foreign(Chan<Void> doneCh, ContextException[] errBox) implements Context {
        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public Receiver<Void> done() {
            return doneCh;
        }

        @Override
        public ContextException err() {
            synchronized (errBox) {
                return errBox[0];
            }
        }

        @Override
        public <T> T value(Key<T> key) {
            return null;
        }

        void cancel() {
            synchronized (errBox) {
                errBox[0] = Context.CANCELED;
            }
            doneCh.close();
        }
    }

    @Test
    void foreignContextCancelsTheWait() {
        Set<Long> before = GoroutineLeaks.snapshot();
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        Foreign f = new Foreign(Chan.make(), new ContextException[1]);
        Chan<Object> result = Chan.make(1);
        Go.spawn(() -> {
            try {
                sem.acquire(f, 1);
                result.send("acquired");
            } catch (ContextException e) {
                result.send(e);
            }
        });
        until("the waiter to be queued", () -> sem.queuedWaiters() == 1);
        f.cancel();
        assertSame(Context.CANCELED, recv(result, "the acquire on a foreign context"));
        sem.release(1);
        GoroutineLeaks.assertNoneLeft(before);
    }
}
