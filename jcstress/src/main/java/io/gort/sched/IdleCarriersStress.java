package io.gort.sched;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * jcstress scenarios for {@link IdleCarriers}: a parked carrier's bit is taken exactly once,
 * either by one waker ({@code claim}) or by the carrier itself ({@code unmarkIdle}), and the idle
 * count agrees with the bits once the race is over. Run:
 * {@code java -jar jcstress/target/jcstress.jar -t IdleCarriersStress -m quick -c 2}.
 */
public class IdleCarriersStress {

    /** Shared outcomes. */
    @Outcome(expect = FORBIDDEN, desc = "Anything else: a parked carrier claimed twice or not at all, or idle() out of step with the bits.")
    static class OtherwiseForbidden { }

    /*
     * C4 vs S4: carrier 2 is parked; it takes its bit back (it found work) while a waker claims
     * it. One getAndAccumulate and one CAS on the same word: exactly one clears the bit.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("claim() vs unmarkIdle(i) on a marked carrier: exactly one succeeds.")
    @Outcome(id = "2, 0, 0", expect = ACCEPTABLE, desc = "The waker claimed carrier 2; unmarkIdle saw it gone (the carrier must wait to be woken).")
    @Outcome(id = "-1, 1, 0", expect = ACCEPTABLE_INTERESTING, desc = "The carrier took its bit back first; the waker found no one parked.")
    @State
    public static class ClaimVsUnmark {
        final IdleCarriers idle = new IdleCarriers(4);
        { idle.markIdle(2); }

        @Actor public void waker(III_Result r) { r.r1 = idle.claim(); }
        @Actor public void carrier(III_Result r) { r.r2 = idle.unmarkIdle(2) ? 1 : 0; }
        @Arbiter public void after(III_Result r) { r.r3 = idle.idle(); }
    }

    /* Two wakers, one parked carrier: exactly one of them gets it. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Two claim()s on one idle carrier: exactly one gets it.")
    @Outcome(id = "2, -1, 0", expect = ACCEPTABLE, desc = "Waker 1 claimed carrier 2; waker 2 found no one.")
    @Outcome(id = "-1, 2, 0", expect = ACCEPTABLE, desc = "Waker 2 claimed carrier 2; waker 1 found no one.")
    @State
    public static class TwoClaimers {
        final IdleCarriers idle = new IdleCarriers(4);
        { idle.markIdle(2); }

        @Actor public void waker1(III_Result r) { r.r1 = idle.claim(); }
        @Actor public void waker2(III_Result r) { r.r2 = idle.claim(); }
        @Arbiter public void after(III_Result r) { r.r3 = idle.idle(); }
    }

    /* Two wakers, two parked carriers in different words: each gets a different one (the CAS loser retries). */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Two claim()s on two idle carriers in different bitmap words: each gets a different one.")
    @Outcome(id = "3, 67, 0", expect = ACCEPTABLE, desc = "Waker 1 got carrier 3 (lowest), waker 2 carrier 67.")
    @Outcome(id = "67, 3, 0", expect = ACCEPTABLE, desc = "Waker 2 got carrier 3 (lowest), waker 1 carrier 67.")
    @State
    public static class TwoClaimersTwoWords {
        final IdleCarriers idle = new IdleCarriers(128);
        { idle.markIdle(3); idle.markIdle(67); }

        @Actor public void waker1(III_Result r) { r.r1 = idle.claim(); }
        @Actor public void waker2(III_Result r) { r.r2 = idle.claim(); }
        @Arbiter public void after(III_Result r) { r.r3 = idle.idle(); }
    }

    /* Two wakers, two parked carriers in one word: the CAS loser retries on the new word value. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Two claim()s on two idle carriers in one bitmap word: each gets a different one.")
    @Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "Waker 1 got carrier 0, waker 2 carrier 1.")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "Waker 2 got carrier 0, waker 1 carrier 1.")
    @State
    public static class TwoClaimersOneWord {
        final IdleCarriers idle = new IdleCarriers(4);
        { idle.markIdle(0); idle.markIdle(1); }

        @Actor public void waker1(III_Result r) { r.r1 = idle.claim(); }
        @Actor public void waker2(III_Result r) { r.r2 = idle.claim(); }
        @Arbiter public void after(III_Result r) { r.r3 = idle.idle(); }
    }

    /*
     * C1 vs S4: a carrier marks itself idle while a waker claims. The claim may land between the
     * bit set and idle++ (idle() is briefly -1); once both are done, idle() matches the bits.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("markIdle(1) vs claim(): the waker gets carrier 1 or no one; afterwards idle() matches the bits.")
    @Outcome(id = "1, 0, -1", expect = ACCEPTABLE_INTERESTING, desc = "The waker claimed carrier 1 as it parked; nothing left idle.")
    @Outcome(id = "-1, 1, 1", expect = ACCEPTABLE, desc = "The waker came before the bit was set; carrier 1 is still idle and claimable.")
    @State
    public static class MarkVsClaim {
        final IdleCarriers idle = new IdleCarriers(4);

        @Actor public void carrier() { idle.markIdle(1); }
        @Actor public void waker(III_Result r) { r.r1 = idle.claim(); }
        @Arbiter public void after(III_Result r) { r.r2 = idle.idle(); r.r3 = idle.claim(); }
    }

    /* C1 vs C1: two carriers in one word park at once; neither bit is lost. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("Two markIdle()s on one bitmap word: both carriers are idle and each is claimed once.")
    @Outcome(id = "2, 0, 5, -1", expect = ACCEPTABLE, desc = "Both bits set; claims return 0 then 5, then no one.")
    @State
    public static class TwoMarkers {
        final IdleCarriers idle = new IdleCarriers(8);

        @Actor public void carrier0() { idle.markIdle(0); }
        @Actor public void carrier5() { idle.markIdle(5); }
        @Arbiter public void after(IIII_Result r) {
            r.r1 = idle.idle();
            r.r2 = idle.claim();
            r.r3 = idle.claim();
            r.r4 = idle.claim();
        }
    }
}
