package io.gort.examples.notes;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.chan.Sender;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.sync.WaitGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * <b>Fan-Out, Fan-In (Worker Pool)</b> — the notes' section "🌪 7) Fan-Out, Fan-In": «Fan-Out: تقسیم کار
 * بین چند worker. Fan-In: ادغام خروجی چند worker به یک خروجی» ("fan-out: split the work among several
 * workers; fan-in: merge their outputs into one"). The notes' worker pool, line by line: {@code n}
 * workers read {@code jobs} and send a {@code Result} each, every step watching {@code ctx.Done()};
 * a feeder closes {@code jobs}; a closer waits for the workers and closes {@code results}. The
 * notes' tip: results arrive in any order, so keep an index and sort. The program runs 20 jobs on 4
 * workers ({@code doJob} fails every seventh), then a pool whose context is cancelled at once.
 */
public final class FanOutFanIn {
    private FanOutFanIn() { }

    record Job(int id) { }

    record Result(int id, Exception err) { }

    static Exception doJob(Context ctx, Job j) {
        return j.id() % 7 == 0 ? new Exception("job " + j.id() + " failed") : null;
    }

    static void worker(Context ctx, int id, Receiver<Job> jobs, Sender<Result> results) {
        for (;;) {
            boolean more = Select.select(
                    ctx.done().onRecv(x -> false),
                    jobs.onRecvOk((j, ok) -> {
                        if (!ok) {
                            return false;
                        }
                        Exception err = doJob(ctx, j);   // simulate work
                        return Select.select(
                                results.onSend(new Result(j.id(), err), () -> true),
                                ctx.done().onRecv(x -> false));
                    }));
            if (!more) {
                return;
            }
        }
    }

    static List<Result> runPool(Context ctx, int n, List<Job> jobsList) {
        Chan<Job> jobs = Chan.make();
        Chan<Result> results = Chan.make();
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            int id = i;
            Go.spawn(() -> {
                try {
                    worker(ctx, id, jobs, results);
                } finally {
                    wg.done();
                }
            });
        }
        Go.spawn(() -> {
            try {
                for (Job j : jobsList) {
                    boolean done = Select.select(jobs.onSend(j, () -> false), ctx.done().onRecv(x -> true));
                    if (done) {
                        return;
                    }
                }
            } finally {
                jobs.close();
            }
        });
        Go.spawn(() -> {
            wg.await();
            results.close();
        });
        List<Result> out = new ArrayList<>();
        for (Result r : results) {
            out.add(r);
        }
        return out;
    }

    public static void main(String[] args) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            jobs.add(new Job(i));
        }
        List<Result> results = new ArrayList<>(runPool(Context.background(), 4, jobs));
        results.sort(Comparator.comparingInt(Result::id));   // results come in any order
        System.out.println(results.size() + " results, ids " + results.getFirst().id() + ".." + results.getLast().id());
        System.out.println("failed: " + results.stream().filter(r -> r.err() != null).map(r -> r.err().getMessage()).toList());

        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        List<Result> none = runPool(ctx, 4, jobs);
        System.out.println("with a cancelled context the pool returned (" + (none.size() <= jobs.size()) + ") and all its goroutines ended");
    }
}
