package io.gort;

import java.util.concurrent.CountDownLatch;

/** Run by {@link GoTest} in a forked JVM: prints GOMAXPROCS as gort resolved it, and the default scheduler's carriers. */
public final class MaxProcsMain {
    private MaxProcsMain() { }

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        Go.spawn(ran::countDown);
        ran.await();
        long carriers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("gort-workstealing-\\d+-carrier-\\d+")).count();
        System.out.println("maxProcs=" + Go.maxProcs() + " parallelism=" + Go.scheduler().parallelism()
                + " kind=" + Go.scheduler().kind() + " carriers=" + carriers);
    }
}
