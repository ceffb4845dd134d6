package io.gort.sched;

import java.time.Duration;

/** Manual reproduction driver (not a test): runs the permit ring on workStealing(N) until it stalls. */
public final class RingRepro {
    private RingRepro() { }

    public static void main(String[] args) {
        int carriers = Integer.parseInt(args[0]);
        int parties = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        for (int r = 0; r < rounds; r++) {
            try (Scheduler s = Scheduler.workStealing(carriers)) {
                new PermitRing(parties, 4, 2 * carriers, 1_000_000).run(s, Duration.ofSeconds(15));
            } catch (Throwable t) {
                System.out.println("round " + r + " FAILED: " + t.getMessage());
                System.exit(1);
            }
            System.out.println("round " + r + " ok");
        }
    }
}
