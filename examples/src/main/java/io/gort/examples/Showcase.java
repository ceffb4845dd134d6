package io.gort.examples;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.errgroup.Group;
import io.gort.pattern.Pipeline;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import io.gort.sync.Mutex;
import io.gort.sync.Once;
import io.gort.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * gort's showcase: what a Go programmer finds on day one. Run it with the README's first command.
 * {@code ShowcaseTest} checks its output, as Go checks an {@code Example}'s.
 */
public final class Showcase {
    private Showcase() { }

    public static void main(String[] args) throws InterruptedException {
        run(System.out);
    }

    static void run(PrintStream out) throws InterruptedException {
        out.println("gort on " + Runtime.version() + ": scheduler " + Go.scheduler().kind()
                + ", GOMAXPROCS " + Go.maxProcs());

        // go f() and sync.WaitGroup: a hundred thousand goroutines, each adds its number.
        int n = 100_000;
        AtomicLong sum = new AtomicLong();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < n; i++) {
            long k = i;
            wg.go(() -> sum.addAndGet(k));               // wg.Add(1); go func() { defer wg.Done(); ... }()
        }
        wg.await();
        out.println("spawned " + n + " goroutines, sum = " + sum.get());

        // runtime.Gosched and time.Sleep park the goroutine, never the carrier.
        CountDownLatch napped = new CountDownLatch(1);
        Go.spawn("napper", () -> {
            Go.yield();
            Go.sleep(Duration.ofMillis(5));
            out.println("goroutine \"" + Goroutine.current().name() + "\" slept 5ms and woke");
            napped.countDown();
        });
        napped.await();

        // Channels: a generator feeds a squarer; `for v := range ch` ends when the channel closes.
        Chan<Integer> nums = Chan.make();
        Chan<Integer> squares = Chan.make(16);
        Go.spawn(() -> {
            for (int i = 1; i <= 10; i++) {
                nums.send(i);
            }
            nums.close();
        });
        Go.spawn(() -> {
            for (int v : nums) {
                squares.send(v * v);
            }
            squares.close();
        });
        int total = 0;
        for (int sq : squares) {
            total += sq;
        }
        out.println("sum of squares 1..10 = " + total);

        // select with a timeout: nobody sends on `quiet`, so time.After's case wins.
        Chan<String> quiet = Chan.make();
        String got = Select.select(
                quiet.onRecv(v -> "received " + v),
                Time.after(Duration.ofMillis(10)).onRecv(t -> "timed out after 10ms"));
        out.println(got);

        // sync.Mutex: eight goroutines add to a plain int under the lock; sync.Once runs its function once.
        Mutex mu = new Mutex();
        int[] counter = {0};
        Once once = new Once();
        WaitGroup workers = new WaitGroup();
        for (int w = 0; w < 8; w++) {
            workers.go(() -> {
                once.doOnce(() -> out.println("the first worker to get here says hello, once"));
                for (int i = 0; i < 10_000; i++) {
                    mu.lock();
                    try {
                        counter[0]++;
                    } finally {
                        mu.unlock();
                    }
                }
            });
        }
        workers.await();
        out.println("8 goroutines x 10000 increments under a Mutex = " + counter[0]);

        // context: a deadline that a slow worker misses; try-with-resources is Go's `defer cancel()`.
        // The worker watches ctx.done() too, so it stops as soon as the caller gives up.
        Chan<String> slow = Chan.make(1);
        WaitGroup slowDone = new WaitGroup();
        try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
            slowDone.go(() -> Select.select(
                    Time.after(Duration.ofSeconds(5)).onRecv(t -> slow.trySend("the slow answer")),
                    ctx.done().onRecv(x -> false)));
            out.println(Select.<String>select(
                    slow.onRecv(v -> v),
                    ctx.done().onRecv(x -> "gave up waiting: " + ctx.err().getMessage())));
        }
        slowDone.await();

        // errgroup: the first error wins and cancels the group's context; the others stop early.
        Group g = Group.withContext(Context.background());
        for (int i = 1; i <= 3; i++) {
            int id = i;
            g.go(() -> {
                if (id == 2) {
                    throw new IllegalStateException("task 2 failed");
                }
                Select.select(g.context().done().onRecv(x -> x));   // the others wait for the cancel
            });
        }
        out.println("errgroup: " + g.awaitError().getMessage() + ", and the group's context says: "
                + g.context().err().getMessage());

        // A pipeline of "Concurrency in Go": an endless generator, two stages and take(5); closing the
        // context (try-with-resources) ends every stage's goroutine, the endless one included.
        try (CancelContext ctx = Context.withCancel(Context.background())) {
            AtomicLong next = new AtomicLong();
            Receiver<Long> naturals = Pipeline.repeatFn(ctx, next::incrementAndGet);
            Receiver<Long> evenSquares = Pipeline.filter(ctx, Pipeline.map(ctx, naturals, v -> v * v), v -> v % 2 == 0);
            List<Long> first = new ArrayList<>();
            for (long v : Pipeline.take(ctx, evenSquares, 5)) {
                first.add(v);
            }
            out.println("pipeline repeatFn -> map(square) -> filter(even) -> take(5): " + first);
        }

        // A scheduler of your own, side by side with the default one; close() releases its carriers.
        try (Scheduler mine = Scheduler.workStealing(4)) {
            mine.spawn(() -> out.println("hello from a goroutine on a scheduler of " + mine.parallelism() + " carriers")).join();
        }

        // A panic in a goroutine prints Go's report (to stderr) and the program goes on.
        Go.spawn(() -> {
            throw new IllegalStateException("boom");
        }).join();
        out.println("a goroutine panicked; the program goes on");
        out.println("goroutines still running: " + Go.numGoroutine());
    }
}
