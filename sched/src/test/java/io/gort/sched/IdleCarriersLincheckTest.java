package io.gort.sched;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link IdleCarriers}' bitmap against {@link SequentialIdleCarriers}. Two
 * carriers, each driven by one Lincheck thread (its own non-parallel group), park ({@code
 * markIdle}) and take their bit back ({@code unmarkIdle}); any thread may {@code claim}. A carrier
 * parks at most once before it unparks, as a real carrier does; {@code parking} is that carrier's
 * own flag (one writer, so plain).
 *
 * <p>{@code idle()} is deliberately not an operation: it is a counter kept next to the bits, not
 * with them, so mid-race it can disagree with them (a claim between markIdle's bit set and its
 * increment makes it -1 for a moment). The scheduler uses it only as a hint before it claims.
 * {@link #checkInvariants()} checks that it agrees with the bits once the threads are done.
 */
public class IdleCarriersLincheckTest {
    private final IdleCarriers idle = new IdleCarriers(2);
    private final boolean[] parking = new boolean[2];

    /** Lincheck creates one instance per scenario. */
    public IdleCarriersLincheckTest() { }

    @Operation(nonParallelGroup = "carrier0") public boolean park0() { return park(0); }
    @Operation(nonParallelGroup = "carrier1") public boolean park1() { return park(1); }
    @Operation(nonParallelGroup = "carrier0") public Boolean unpark0() { return unpark(0); }
    @Operation(nonParallelGroup = "carrier1") public Boolean unpark1() { return unpark(1); }
    @Operation public int claim() { return idle.claim(); }

    private boolean park(int i) {
        if (parking[i]) {
            return false;
        }
        parking[i] = true;
        idle.markIdle(i);
        return true;
    }

    private Boolean unpark(int i) {
        if (!parking[i]) {
            return null;
        }
        parking[i] = false;
        return idle.unmarkIdle(i);
    }

    @Validate
    public void checkInvariants() {
        idle.checkInvariants();
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(10).invocationsPerIteration(300).threads(3).actorsPerThread(2)
                .sequentialSpecification(SequentialIdleCarriers.class).check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().iterations(10).invocationsPerIteration(2_000).threads(3).actorsPerThread(3)
                .sequentialSpecification(SequentialIdleCarriers.class).check(getClass());
    }

    @Test
    @Tag("stress")
    void modelCheckingLarge() {
        new ModelCheckingOptions().iterations(30 * Stress.multiplier()).invocationsPerIteration(1_000).threads(3)
                .actorsPerThread(3).sequentialSpecification(SequentialIdleCarriers.class).check(getClass());
    }
}
