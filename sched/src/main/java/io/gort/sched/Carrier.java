package io.gort.sched;

/**
 * A platform thread that carries goroutines for one of gort's schedulers. {@link Loom#currentCarrier()}
 * returns it while a goroutine runs on it, which is how {@code execute()} knows that a wake-up
 * comes from one of its own carriers.
 */
final class Carrier extends Thread {
    /** The worker this thread runs. */
    final Worker worker;

    Carrier(String name, Worker worker, Runnable body) {
        super(null, body, name, 0, false);
        this.worker = worker;
        setDaemon(true);
    }
}
