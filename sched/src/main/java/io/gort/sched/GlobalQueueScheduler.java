package io.gort.sched;

/**
 * The simplest baseline: every runnable goroutine goes to one shared lock-free queue that all
 * carriers poll; no local queues, no runnext, no stealing. Idle carriers spin, then park, with
 * the same no-lost-wake-up protocol and monitor as {@link WorkStealingScheduler}.
 */
final class GlobalQueueScheduler extends WorkStealingScheduler {
    GlobalQueueScheduler(int parallelism) {
        super(parallelism, false);
    }

    @Override
    public String kind() {
        return "global";
    }
}
