package io.gort.sched;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which carriers are parked and how many are spinning (Go's {@code sched.pidle},
 * {@code sched.npidle}, {@code sched.nmspinning}). Lock-free: a parked carrier sets its bit; a
 * waker claims a carrier by clearing its bit with a CAS, so each parked carrier is woken by at
 * most one waker and no claim is lost (a bit cannot be claimed twice; bits have no ABA).
 */
final class IdleCarriers {
    /*
     * The no-lost-wake-up argument (Go's "delicate dance" in findrunnable, proc.go):
     *
     *   submitter S                            carrier C going idle
     *   S1 publish the task (queue push)       C1 set its idle bit, nIdle++        (volatile RMW)
     *   S2 full fence                          C2 if spinning: nSpinning--          (volatile RMW)
     *   S3 read nSpinning, nIdle               C3 full fence
     *   S4 if nSpinning == 0 && nIdle > 0:     C4 re-check every queue; if work: take its bit
     *        CAS nSpinning 0->1, claim a bit,        back (or, if claimed meanwhile, wait to be
     *        unpark that carrier                     woken) and look again
     *                                          C5 park until woken
     *
     *                                          S5 if the claim found no bit: nSpinning--, full
     *                                             fence, and if nIdle > 0 and some queue holds
     *                                             work, go back to S3
     *
     * With both fences, S3 reads C1/C2's writes or C4 sees S1's task. If S3 sees nSpinning > 0,
     * that spinner will itself pass C2-C4 before parking and see the task - or the count is a
     * "phantom" held by another submitter between its S4 CAS and its S5 decrement (no carrier owns
     * it), and that submitter's S5 re-check sees the task: S3 read the phantom, so S1 precedes the
     * S5 decrement, fence and re-check. Without S5's re-check the task could wait forever
     * (PhantomSpinnerRaceTest). Go needs no such step: its wakep and pidleput hold sched.lock. If S4's claim finds no
     * bit, no carrier is idle: each is running or searching and looks at the queues again before
     * it parks. A carrier that finds work while spinning drops its spinning count and, if it was
     * the last spinner, wakes another (Go's resetspinning), so a burst of submissions fans out.
     */

    private final AtomicLongArray bits;
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger spinning = new AtomicInteger();

    IdleCarriers(int carriers) {
        bits = new AtomicLongArray((carriers + 63) >>> 6);
    }

    int idle() { return idle.get(); }
    int spinning() { return spinning.get(); }
    boolean casSpinning(int expect, int update) { return spinning.compareAndSet(expect, update); }
    int incSpinning() { return spinning.incrementAndGet(); }
    int decSpinning() { return spinning.decrementAndGet(); }

    /** C1: carrier {@code i} is about to park. */
    void markIdle(int i) {
        bits.getAndAccumulate(i >>> 6, 1L << i, (v, b) -> v | b);
        idle.incrementAndGet();
    }

    /** C4: carrier {@code i} takes its own bit back; false when a waker claimed it first. */
    boolean unmarkIdle(int i) {
        long bit = 1L << i;
        long prev = bits.getAndAccumulate(i >>> 6, ~bit, (v, m) -> v & m);
        if ((prev & bit) != 0) {
            idle.decrementAndGet();
            return true;
        }
        return false;
    }

    /** S4: claims some parked carrier and returns its index, or -1 when none is parked. */
    int claim() {
        for (int w = 0; w < bits.length(); w++) {
            for (;;) {
                long v = bits.get(w);
                if (v == 0) {
                    break;
                }
                long bit = Long.lowestOneBit(v);
                if (bits.compareAndSet(w, v, v & ~bit)) {
                    idle.decrementAndGet();
                    return (w << 6) + Long.numberOfTrailingZeros(bit);
                }
            }
        }
        return -1;
    }

    /** For tests, on a quiescent instance: idle() equals the number of set bits and is not negative. */
    void checkInvariants() {
        int set = 0;
        for (int w = 0; w < bits.length(); w++) {
            set += Long.bitCount(bits.get(w));
        }
        if (set != idle.get()) {
            throw new AssertionError("idle carriers corrupted: " + set + " bits set " + this);
        }
    }

    @Override
    public String toString() {
        return "IdleCarriers[idle=" + idle + ", spinning=" + spinning + "]";
    }
}
