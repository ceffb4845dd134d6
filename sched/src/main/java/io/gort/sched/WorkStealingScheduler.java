package io.gort.sched;

import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * gort's default scheduler, modelled on Go's runtime ({@code runtime/proc.go}) and Tokio's
 * multi-thread scheduler: {@code parallelism} carriers, each with a local run queue and a
 * {@code runnext} slot; a global inject queue for submissions from other threads; idle carriers
 * steal half of a victim's queue, spin briefly, then park; a monitor lends a temporary carrier
 * while one is stuck. See {@code docs/HACKING.md} for the whole picture and ADR 0002 for the
 * choices.
 *
 * <p>{@link #execute} is what the JDK calls to make a virtual thread runnable; it is lock-free,
 * never blocks (until the scheduler is closed: then it may start a carrier thread) and may be
 * called from any thread: a goroutine on one of our carriers (its local
 * queue), or a foreign thread such as {@code main}, the JDK's timer and unblocker threads, the
 * socket poller or another scheduler's carrier (the global queue).
 */
class WorkStealingScheduler implements Scheduler, Executor {
    /*
     * Where execute() puts a task:
     *   caller is a goroutine on one of our carriers -> that worker's runnext (Worker.pushLocal);
     *   the task is the caller's own (yield)         -> the global queue, as Go's Gosched does;
     *   anything else                                -> the global queue, then wakeIfIdle().
     * Ordering pairs: a queue push happens-before the task runs (the queues' own release/acquire
     * pairs); wakeIfIdle's full fence pairs with the parking carrier's fence (IdleCarriers).
     * Closing: closed is set, idle carriers are woken and exit once they find no work. A task
     * submitted after that is pushed, then `closed` is re-read after a fence: if set, a helper
     * carrier is lent (unless one is live; a helper re-checks the queues after leaving), so a
     * goroutine woken after close still runs.
     */

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    final boolean localQueues;
    final Worker[] procs;
    volatile Worker[] all;                   // procs plus live helpers; copy-on-write under `this`
    final MpmcUnboundedXaddArrayQueue<Runnable> global = new MpmcUnboundedXaddArrayQueue<>(256);
    final IdleCarriers idle;
    final Monitor monitor;
    volatile boolean closed;
    private final AtomicInteger helpers = new AtomicInteger();
    private final AtomicInteger liveCarriers = new AtomicInteger();   // workers and helpers whose thread has not exited
    private final ThreadFactory threads;
    private final String name;
    /** Counters of helpers that have exited, summed; guarded by {@code this} (as {@link #all}'s writes). */
    private CarrierMetrics retiredHelpers = CarrierMetrics.NONE;

    WorkStealingScheduler(int parallelism) {
        this(parallelism, true);
    }

    WorkStealingScheduler(int parallelism, boolean localQueues) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
        this.localQueues = localQueues;
        this.name = "gort-" + kind() + "-" + INSTANCES.incrementAndGet();
        this.idle = new IdleCarriers(parallelism);
        this.procs = new Worker[parallelism];
        for (int i = 0; i < parallelism; i++) {
            procs[i] = new Worker(this, i, false);
        }
        this.all = procs.clone();
        this.threads = Loom.ofVirtual(this).factory();
        this.monitor = new Monitor(this);
        for (Worker w : procs) {
            start(w, name + "-carrier-" + w.index);
        }
        monitor.start(name + "-monitor");
    }

    private void start(Worker w, String threadName) {
        liveCarriers.incrementAndGet();
        w.thread = new Carrier(threadName, w, w);
        w.thread.start();
    }

    /** Carrier threads (workers and helpers) that have not exited yet. */
    int liveCarriers() {
        return liveCarriers.get();
    }

    @Override
    public Goroutine spawn(String name, Runnable task) {
        if (closed) {
            throw new IllegalStateException("scheduler closed: " + this.name);
        }
        Goroutine g = Goroutine.start(this, threads, name, task);
        WaitEvents.spawned(g, this.name);
        return g;
    }

    @Override
    public String kind() {
        return "workstealing";
    }

    @Override
    public int parallelism() {
        return procs.length;
    }

    /** Called by the JDK to make a virtual thread of this scheduler runnable. Any thread; lock-free. */
    @Override
    public void execute(Runnable task) {
        Worker w = currentWorker();
        if (w != null) {
            w.pushLocal(task);
        } else {
            submitGlobal(task);
        }
    }

    private Worker currentWorker() {
        return Loom.currentCarrier() instanceof Carrier c && c.worker.sched == this ? c.worker : null;
    }

    void submitGlobal(Runnable task) {
        global.offer(task);
        VarHandle.fullFence();                       // S2: the push before the reads of closed/nSpinning/nIdle
        if (closed) {
            if (helpers.get() == 0) {
                lendCarrier();
            }
            return;
        }
        wakeIfIdleFenced();
    }

    /** S2-S4 of IdleCarriers: wakes a parked carrier if none is spinning. Call after publishing work. */
    void wakeIfIdle() {
        VarHandle.fullFence();
        wakeIfIdleFenced();
    }

    private void wakeIfIdleFenced() {
        do {
            if (idle.spinning() != 0 || idle.idle() == 0 || !idle.casSpinning(0, 1)) {
                return;
            }
            int i = idle.claim();
            if (i >= 0) {
                procs[i].wake();                     // the woken carrier takes over our spinning count
                return;
            }
        } while (claimFailed());
    }

    /**
     * S5 of IdleCarriers: the caller counted itself spinning (S4) but found no parked carrier to
     * hand the count to. While it held that count, a submitter may have seen nSpinning != 0 and
     * left its task to "the spinner", and a carrier may have parked without seeing that task (it
     * checked before the push). So, after giving the count back, look again: returns true when a
     * carrier is parked while work is queued, and the caller must try to wake one again.
     */
    boolean claimFailed() {
        idle.decSpinning();
        VarHandle.fullFence();                       // the decrement before the re-check; pairs with S2
        return idle.idle() > 0 && hasWork();
    }

    /** Any thread: true if some queue holds work (a hint; see the park protocol). */
    boolean hasWork() {
        if (!global.isEmpty()) {
            return true;
        }
        for (Worker w : all) {
            if (w.hasLocalWork()) {
                return true;
            }
        }
        return false;
    }

    /** Every carrier idle (parked) and no queue holds work: a racy snapshot, for the deadlock detector. */
    @Override
    public boolean isQuiescent() {
        for (Worker w : all) {
            if (w.statusOpaque() != Worker.IDLE) {
                return false;
            }
        }
        return !hasWork();
    }

    /** Monitor thread, or a submitter after close: starts a temporary carrier. */
    void lendCarrier() {
        Worker h;
        synchronized (this) {
            h = new Worker(this, -1, true);
            helpers.incrementAndGet();
            Worker[] a = Arrays.copyOf(all, all.length + 1);
            a[a.length - 1] = h;
            all = a;
        }
        monitor.helperLent();
        WaitEvents.carrierLent(name, helpers.get(), monitor.longestStallNanos());
        start(h, name + "-helper");
        if (closed) {
            monitor.ensureRunning(name + "-monitor");   // after close the monitor may have left with the last carrier
        }
    }

    /**
     * A helper with no work (recheck), a recalled helper that handed its work back (no recheck),
     * or a worker of a closed scheduler with no work: true if it may exit. A helper re-checks the
     * queues after leaving the count when asked to and always once the scheduler is closed (pairs
     * with submitGlobal's fence): a submitter after close that saw the helper counted lent no
     * carrier and relies on that look (HelperRetireRaceTest).
     */
    boolean tryRetire(Worker w, boolean recheck) {
        if (!w.helper) {
            return !hasWork();
        }
        helpers.decrementAndGet();
        VarHandle.fullFence();                       // pairs with submitGlobal's S2 fence
        if ((recheck || closed) && hasWork()) {
            helpers.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Set by the monitor: how many helpers should leave because the stalls that brought them are over. */
    private final AtomicInteger recalls = new AtomicInteger();

    void recallHelpers(int n) {
        recalls.set(n);
    }

    /** A helper asks whether it is one of those recalled; at most {@code n} say yes. */
    boolean takeRecall() {
        for (int n; (n = recalls.get()) > 0; ) {
            if (recalls.compareAndSet(n, n - 1)) {
                return true;
            }
        }
        return false;
    }

    void workerExited(Worker w) {
        liveCarriers.decrementAndGet();
        if (w.helper) {
            synchronized (this) {
                // Called on w's own thread, after its last count: fold them in as it leaves `all`,
                // under the lock metrics() takes, so no snapshot counts it twice or not at all.
                retiredHelpers = CarrierMetrics.sum(retiredHelpers, w.metrics());
                Worker[] a = all;
                int i = Arrays.asList(a).indexOf(w);
                if (i >= 0) {
                    Worker[] b = new Worker[a.length - 1];
                    System.arraycopy(a, 0, b, 0, i);
                    System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                    all = b;
                }
            }
        }
    }

    @Override
    public Stats stats() {
        return new Stats(procs.length, helpers.get(), monitor.helpersLent(), monitor.longestStallNanos());
    }

    /**
     * The carriers' counters and the queues' depths (see {@link SchedulerMetrics}). Takes this
     * scheduler's lock, which only lending and retiring helpers also take, so that a helper is
     * counted exactly once whether it is live or has just exited; nothing on a carrier's or a
     * submitter's path waits for it.
     */
    @Override
    public SchedulerMetrics metrics() {
        Worker[] a;
        CarrierMetrics retired;
        java.util.List<CarrierMetrics> carriers;
        synchronized (this) {
            a = all;
            carriers = new java.util.ArrayList<>(a.length);
            for (Worker w : a) {
                carriers.add(w.metrics());
            }
            retired = retiredHelpers;
        }
        return new SchedulerMetrics(kind(), procs.length, liveCarriers.get(), global.size(), idle.idle(),
                idle.spinning(), helpers.get(), monitor.helpersLent(), monitor.wakeups(),
                monitor.longestStallNanos(), carriers, retired);
    }

    /** Live helper carriers lent by the monitor (or after close). */
    int helpers() {
        return helpers.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        VarHandle.fullFence();
        monitor.workerWoke();                           // it stays until the last carrier has left (see Monitor.run)
        for (int i; (i = idle.claim()) >= 0; ) {
            idle.incSpinning();
            procs[i].wake();
        }
    }

    @Override
    public String toString() {
        return name + "[" + idle + ", helpers=" + helpers + ", global=" + global.size() + ", " + Arrays.toString(all) + "]";
    }
}
