package io.gort.sched;

import java.util.TreeSet;

/**
 * Lincheck's sequential model of {@link IdleCarriers} as {@link IdleCarriersLincheckTest} drives
 * it: a set of parked carriers; claim takes the lowest; a carrier that takes its bit back learns
 * whether it was still there. Each carrier also remembers whether it is between park and unpark.
 */
public final class SequentialIdleCarriers {
    private final TreeSet<Integer> idle = new TreeSet<>();
    private final boolean[] parking = new boolean[2];

    /** Lincheck creates one instance per scenario. */
    public SequentialIdleCarriers() { }

    public boolean park0() { return park(0); }
    public boolean park1() { return park(1); }
    public Boolean unpark0() { return unpark(0); }
    public Boolean unpark1() { return unpark(1); }

    public int claim() {
        Integer i = idle.pollFirst();
        return i == null ? -1 : i;
    }

    private boolean park(int i) {
        if (parking[i]) {
            return false;
        }
        parking[i] = true;
        idle.add(i);
        return true;
    }

    private Boolean unpark(int i) {
        if (!parking[i]) {
            return null;
        }
        parking[i] = false;
        return idle.remove(i);
    }
}
