package io.gort.sched;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Lincheck's sequential model of {@link SpmcArrayRunQueue}: a bounded FIFO. Its methods mirror
 * the operations of {@link SpmcArrayRunQueueLincheckTest} one for one (same names, parameters
 * and result types), with tasks represented by their ids.
 */
public final class SequentialSpmcRunQueue {
    private final ArrayDeque<Integer> tasks = new ArrayDeque<>();
    private final int capacity = SpmcArrayRunQueueLincheckTest.CAPACITY;

    /** Lincheck creates one instance per scenario. */
    public SequentialSpmcRunQueue() { }

    /** Appends at the tail; false, and no change, when the queue holds {@code capacity} tasks. */
    public boolean push(int task) {
        if (tasks.size() == capacity) {
            return false;
        }
        tasks.addLast(task);
        return true;
    }

    /** Takes the head, or null when empty. */
    public Integer pop() {
        return tasks.pollFirst();
    }

    /** Takes ceil(n/2) tasks from the head, oldest first. */
    public List<Integer> drainHalf() {
        return takeHalf();
    }

    /** Takes ceil(n/2) tasks from the head, oldest first (empty when the queue is). */
    public List<Integer> steal() {
        return takeHalf();
    }

    private List<Integer> takeHalf() {
        int n = (tasks.size() + 1) / 2;
        List<Integer> taken = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            taken.add(tasks.pollFirst());
        }
        return taken;
    }
}
