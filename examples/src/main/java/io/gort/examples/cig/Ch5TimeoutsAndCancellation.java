package io.gort.examples.cig;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;

/**
 * "Concurrency in Go", chapter 5, section "Timeouts and Cancellation": a goroutine must be
 * preemptable — its long work checks {@code done} often enough — and it must not leave shared
 * state half-changed or send a result after it was told to stop. The book's stage, line by line:
 * <pre>{@code
 * var value interface{}
 * select { case <-done: return; case value = <-valueStream: }
 * result := reallyLongCalculation(done, value)
 * select { case <-done: return; case resultStream <- result: }
 * }</pre>
 * where {@code reallyLongCalculation} is two {@code longCalculation}s, each made of 1 ms steps that
 * check {@code done}. Each program after a line {@code == name}:
 * <ul>
 *   <li>{@code preemptable}: the consumer takes one result and closes {@code done}; the stage stops
 *       in the middle of its next calculation and sends nothing more.</li>
 *   <li>{@code timeout}: a caller gives a calculation 10 ms and then gives up, closing its {@code
 *       done}; the calculation notices within a step.</li>
 * </ul>
 */
public final class Ch5TimeoutsAndCancellation {
    private Ch5TimeoutsAndCancellation() { }

    static final int STEPS = 20;

    /** A preemptable long calculation: null if done closed first. */
    static Integer longCalculation(Receiver<?> done, int value) {
        for (int step = 0; step < STEPS; step++) {
            if (Select.select(done.onRecv(x -> true), Select.onDefault(() -> false))) {
                return null;
            }
            Go.sleep(Duration.ofMillis(1));                   // one step of work
        }
        return value * 2;
    }

    static Integer reallyLongCalculation(Receiver<?> done, int value) {
        Integer intermediateResult = longCalculation(done, value);
        if (intermediateResult == null) {
            return null;
        }
        return longCalculation(done, intermediateResult);
    }

    public static void main(String[] args) {
        System.out.println("== preemptable");
        Chan<Object> done = Chan.make();
        Chan<Integer> valueStream = Chan.make(), resultStream = Chan.make();
        int[] sent = {0};
        WaitGroup stage = new WaitGroup();
        stage.go(() -> {
            try {
                for (;;) {
                    Integer value = Select.select(done.onRecv(x -> null), valueStream.onRecv());
                    if (value == null) {
                        return;
                    }
                    Integer result = reallyLongCalculation(done, value);
                    if (result == null) {
                        return;                                // stopped mid-calculation
                    }
                    if (Select.select(done.onRecv(x -> true), resultStream.onSend(result, () -> false))) {
                        return;
                    }
                    sent[0]++;
                }
            } finally {
                resultStream.close();
            }
        });
        Go.spawn(() -> {
            for (int i = 1; i <= 3; i++) {
                if (Select.select(done.onRecv(x -> true), valueStream.onSend(i, () -> false))) {
                    return;
                }
            }
        });
        System.out.println("first result: " + resultStream.recv());
        done.close();
        stage.await();
        System.out.printf("after done: results sent %d; the stage returned%n", sent[0]);

        System.out.println("== timeout");
        Chan<Object> cancel = Chan.make();
        Chan<Integer> answer = Chan.make(1);
        WaitGroup calc = new WaitGroup();
        boolean[] abandoned = new boolean[1];
        calc.go(() -> {
            Integer r = reallyLongCalculation(cancel, 21);
            abandoned[0] = r == null;
            if (r != null) {
                answer.send(r);
            }
        });
        Instant start = Time.now();
        String outcome = Select.select(
                answer.onRecv(v -> "answer " + v),
                Time.after(Duration.ofMillis(10)).onRecv(t -> "timed out"));
        Instant gaveUp = Time.now();
        cancel.close();
        calc.await();
        System.out.printf("%s after at least 10ms: %b%n", outcome, Duration.between(start, gaveUp).toMillis() >= 10);
        System.out.printf("the calculation saw done and stopped without a result: %b%n", abandoned[0]);
    }
}
