package io.gort.examples.cig;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.chan.Sender;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * "Concurrency in Go", chapter 5, section "Replicated Requests": when speed matters more than
 * resources, send the request to several handlers and take the first answer. The book's program,
 * line by line: ten handlers each simulate a load of 1 to 5 "seconds" (10 to 50 ms here, seeded);
 * the first to answer wins, {@code done} is closed, the rest give up; each prints how long it took
 * (at least its simulated load), then main prints "Received an answer from #N".
 */
public final class Ch5ReplicatedRequests {
    private Ch5ReplicatedRequests() { }

    static void doWork(Receiver<?> done, int id, WaitGroup wg, Sender<Integer> result, Duration simulatedLoadTime) {
        Instant started = Time.now();
        try {
            Select.select(done.onRecv(x -> null), Time.after(simulatedLoadTime).onRecv(t -> null));
            Select.select(done.onRecv(x -> null), result.onSend(id, () -> null));
            Duration took = Duration.between(started, Time.now());
            if (took.compareTo(simulatedLoadTime) < 0) {
                took = simulatedLoadTime;
            }
            System.out.printf("%d took %dms%n", id, took.toMillis());
        } finally {
            wg.done();
        }
    }

    public static void main(String[] args) {
        Chan<Object> done = Chan.make();
        Chan<Integer> result = Chan.make();
        Random rand = new Random(5);
        WaitGroup wg = new WaitGroup();
        wg.add(10);
        for (int i = 0; i < 10; i++) {
            int id = i;
            Duration load = Duration.ofMillis(10L * (1 + rand.nextInt(5)));
            Go.spawn(() -> doWork(done, id, wg, result, load));
        }
        int firstReturned = result.recv();
        done.close();
        wg.await();
        System.out.printf("Received an answer from #%d%n", firstReturned);
    }
}
