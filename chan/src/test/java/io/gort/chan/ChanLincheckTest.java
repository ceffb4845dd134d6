package io.gort.chan;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link Chan}'s non-blocking operations ({@code trySend}, {@code tryRecv},
 * {@code close}, {@code len}) against {@link SequentialChan}, for capacities 0, 1 and 2, in
 * Lincheck's model-checking mode (every interleaving of the channel's lock, CAS and park/unpark
 * switch points, up to the invocation budget) and in stress mode.
 *
 * <p><b>What is not here, and why.</b> Lincheck 3.7 verifies blocking operations against a sequential
 * model only for Kotlin {@code suspend} functions (a "dual data structure" in the Koval–Alistarh–
 * Elizarov sense). A Java operation that parks its thread with {@code LockSupport.park} has no
 * such support (JetBrains/lincheck#167, "Support blocking operations for threads", open); a parked
 * {@code send} or {@code recv} with no partner in the scenario is reported as "The execution has
 * hung" (research/toolcheck.md reproduced it with ArrayBlockingQueue), and scenarios are generated at
 * random, so one cannot promise every blocking op a partner. {@code @Operation(blocking = true)}
 * does not change that: it only exempts the operation from the obstruction-freedom check. So
 * {@code send}, {@code recv}, {@code recvOk} and {@code select} that wait are model-checked by
 * {@link ChanBlockingLincheckTest} instead: fixed small scenarios, under Lincheck's general-purpose
 * model checker ({@code Lincheck.runConcurrentTest}), in which every wait has a partner or a close
 * (so a hang is a lost wake-up, which Lincheck reports), with exactly-once assertions in place of a
 * sequential model. The unbuffered channel's model here is therefore thin on purpose: two
 * non-blocking operations never rendezvous (Go: a non-blocking send on an unbuffered channel
 * succeeds only if a receiver is already waiting), which is itself a property worth checking.
 */
public class ChanLincheckTest {

    /** The operations under test, on a channel of the subclass's capacity. Lincheck makes one instance per scenario. */
    public abstract static class Ops {
        final Chan<Integer> ch;

        Ops(int capacity) {
            ch = Chan.make(capacity);
        }

        @Operation
        public String trySend(@Param(gen = IntGen.class, conf = "1:3") int v) {
            try {
                return ch.trySend(v) ? "sent" : "full";
            } catch (ChannelClosedException e) {
                return e.getMessage();
            }
        }

        @Operation
        public String tryRecv() {
            Recv<Integer> r = ch.tryRecv();
            return r == null ? "empty" : r.ok() ? String.valueOf(r.value()) : "closed";
        }

        @Operation
        public String close() {
            try {
                ch.close();
                return "closed it";
            } catch (ChannelClosedException e) {
                return e.getMessage();
            }
        }

        @Operation
        public int len() {
            return ch.len();
        }

        @Validate
        public void checkInvariants() {
            ch.checkInvariants();
        }
    }

    public static class Unbuffered extends Ops { public Unbuffered() { super(0); } }
    public static class Buffered1 extends Ops { public Buffered1() { super(1); } }
    public static class Buffered2 extends Ops { public Buffered2() { super(2); } }

    /** Go's channel, one operation at a time: a FIFO of at most {@code capacity} values and a closed flag. */
    public abstract static class SequentialChan {
        private final int capacity;
        private final ArrayDeque<Integer> buf = new ArrayDeque<>();
        private boolean closed;

        SequentialChan(int capacity) {
            this.capacity = capacity;
        }

        public String trySend(int v) {
            if (closed) {
                return "send on closed channel";
            }
            if (buf.size() == capacity) {
                return "full";          // capacity 0: no receiver is ever waiting in this model
            }
            buf.add(v);
            return "sent";
        }

        public String tryRecv() {
            if (!buf.isEmpty()) {
                return String.valueOf(buf.poll());
            }
            return closed ? "closed" : "empty";
        }

        public String close() {
            if (closed) {
                return "close of closed channel";
            }
            closed = true;
            return "closed it";
        }

        public int len() {
            return buf.size();
        }
    }

    public static class SequentialUnbuffered extends SequentialChan { public SequentialUnbuffered() { super(0); } }
    public static class SequentialBuffered1 extends SequentialChan { public SequentialBuffered1() { super(1); } }
    public static class SequentialBuffered2 extends SequentialChan { public SequentialBuffered2() { super(2); } }

    private static ModelCheckingOptions modelChecking(Class<? extends SequentialChan> spec, int iterations, int invocations) {
        return new ModelCheckingOptions().iterations(iterations).invocationsPerIteration(invocations)
                .threads(3).actorsPerThread(2).actorsBefore(2).actorsAfter(1).sequentialSpecification(spec);
    }

    private static StressOptions stress(Class<? extends SequentialChan> spec) {
        return new StressOptions().iterations(10).invocationsPerIteration(2_000)
                .threads(3).actorsPerThread(3).sequentialSpecification(spec);
    }

    @Test
    void unbufferedModelChecking() {
        modelChecking(SequentialUnbuffered.class, 8, 200).check(Unbuffered.class);
    }

    @Test
    void buffered1ModelChecking() {
        modelChecking(SequentialBuffered1.class, 12, 300).check(Buffered1.class);
    }

    @Test
    void buffered2ModelChecking() {
        modelChecking(SequentialBuffered2.class, 12, 300).check(Buffered2.class);
    }

    @Test
    void buffered1Stress() {
        stress(SequentialBuffered1.class).check(Buffered1.class);
    }

    @Test
    @Tag("stress")
    void modelCheckingLarge() {
        int m = Math.max(1, Integer.getInteger("gort.stress", 1));
        modelChecking(SequentialUnbuffered.class, 20 * m, 1_000).check(Unbuffered.class);
        modelChecking(SequentialBuffered1.class, 40 * m, 1_000).check(Buffered1.class);
        modelChecking(SequentialBuffered2.class, 40 * m, 1_000).check(Buffered2.class);
        stress(SequentialUnbuffered.class).check(Unbuffered.class);
        stress(SequentialBuffered2.class).check(Buffered2.class);
    }
}
