package io.gort.sched;

import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link SpmcArrayRunQueue} against {@link SequentialSpmcRunQueue}, a bounded
 * FIFO. The owner operations (push, pop, drainHalf) share the non-parallel group "owner", so one
 * Lincheck thread plays the owner; every thread may steal. Each steal is a thief with a fresh,
 * empty queue of its own, as a worker's queue is empty when it steals.
 *
 * <p>The capacity is shrunk to 4 ({@code -Dgort.runqueue.capacity} overrides it), so that full
 * queues, wrap-around and "steal half of a full queue" are reached in a handful of operations.
 * The default run keeps to a few seconds per mode on two cores; the {@code stress}-tagged tests
 * run bigger scenarios ({@code mvn verify -Pstress}).
 *
 * <p>The model checker explores interleavings under sequential consistency; it cannot find a
 * missing acquire or release. Those are RunQueueStress's job (jcstress).
 */
@Param(name = "task", gen = IntGen.class, conf = "1:99")
public class SpmcArrayRunQueueLincheckTest {
    static final int CAPACITY = Integer.getInteger("gort.runqueue.capacity", 4);

    /** A task that knows its id, so that results compare by value. */
    static final class Task implements Runnable {
        private final int id;
        Task(int id) { this.id = id; }
        int id() { return id; }
        @Override public void run() { }
        @Override public String toString() { return "Task" + id; }
    }

    private final SpmcArrayRunQueue queue = new SpmcArrayRunQueue(CAPACITY);

    /** Lincheck creates one instance per scenario. */
    public SpmcArrayRunQueueLincheckTest() { }

    @Operation(nonParallelGroup = "owner")
    public boolean push(@Param(name = "task") int task) {
        return queue.push(new Task(task));
    }

    @Operation(nonParallelGroup = "owner")
    public Integer pop() {
        Runnable r = queue.pop();
        return r == null ? null : ((Task) r).id();
    }

    @Operation(nonParallelGroup = "owner")
    public List<Integer> drainHalf() {
        List<Integer> drained = new ArrayList<>();
        int n = queue.drainHalf(r -> drained.add(((Task) r).id()));
        if (n != drained.size()) {
            throw new AssertionError("drainHalf returned " + n + " but moved " + drained);
        }
        return drained;
    }

    /**
     * A thief with its own empty queue steals, then reports what it got in queue order: the tasks
     * left in its queue (the older ones), then the one stealInto returned to run now (the newest).
     */
    @Operation
    public List<Integer> steal() {
        SpmcArrayRunQueue thief = new SpmcArrayRunQueue(CAPACITY);
        Runnable runNow = queue.stealInto(thief);
        List<Integer> stolen = new ArrayList<>();
        if (runNow == null) {
            if (!thief.isEmpty()) {
                throw new AssertionError("steal returned nothing but filled the thief: " + thief);
            }
            return stolen;
        }
        thief.checkInvariants();
        for (Runnable r; (r = thief.pop()) != null; ) {
            stolen.add(((Task) r).id());
        }
        stolen.add(((Task) runNow).id());
        return stolen;
    }

    @Validate
    public void checkInvariants() {
        queue.checkInvariants();
    }

    private ModelCheckingOptions modelChecking(int iterations, int invocations, int threads, int actors) {
        return new ModelCheckingOptions()
                .iterations(iterations)
                .invocationsPerIteration(invocations)
                .threads(threads)
                .actorsPerThread(actors)
                .actorsBefore(3)
                .actorsAfter(2)
                .sequentialSpecification(SequentialSpmcRunQueue.class);
    }

    private StressOptions stress(int iterations, int invocations, int threads, int actors) {
        return new StressOptions()
                .iterations(iterations)
                .invocationsPerIteration(invocations)
                .threads(threads)
                .actorsPerThread(actors)
                .actorsBefore(3)
                .actorsAfter(2)
                .sequentialSpecification(SequentialSpmcRunQueue.class);
    }

    @Test
    void modelChecking() {
        modelChecking(10, 300, 3, 2).check(getClass());
    }

    @Test
    void stress() {
        stress(10, 2_000, 3, 2).check(getClass());
    }

    @Test
    @Tag("stress")
    void modelCheckingLarge() {
        modelChecking(20 * Stress.multiplier(), 1_000, 3, 3).check(getClass());
    }

    @Test
    @Tag("stress")
    void stressLarge() {
        stress(50 * Stress.multiplier(), 5_000, 3, 3).check(getClass());
    }
}
