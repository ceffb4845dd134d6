package io.gort.sched;

/**
 * A platform thread that carries goroutines for one of gort's schedulers. {@link Loom#currentCarrier()}
 * returns it while a goroutine runs on it, which is how {@code execute()} knows that a wake-up
 * comes from one of its own carriers. Each holds a dense {@link CarrierId} while it lives.
 */
final class Carrier extends Thread {
    /** The worker this thread runs. */
    final Worker worker;
    /** This carrier's {@link CarrierId}: taken here, given back when {@link #run()} ends. */
    final int id;

    Carrier(String name, Worker worker, Runnable body) {
        super(null, body, name, 0, false);
        this.worker = worker;
        this.id = CarrierId.acquire();
        setDaemon(true);
    }

    @Override
    public void run() {
        try {
            super.run();
        } finally {
            CarrierId.release(id);
        }
    }
}
