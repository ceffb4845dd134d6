package io.gort;

import io.gort.sched.DeterministicScheduler;
import io.gort.sched.Goroutine;
import java.util.List;

/**
 * One synctest bubble, as the runtime sees it: the {@link DeterministicScheduler} that runs its
 * goroutines, and its timers (a manual {@link TimerEngine} on a {@link VirtualClock}). The
 * scheduler calls back through {@link DeterministicScheduler.Hooks}; {@link TimerEngine#current()}
 * finds the bubble through the scheduler's attachment.
 */
final class Bubble implements DeterministicScheduler.Hooks {
    final VirtualClock clock = new VirtualClock();
    final DeterministicScheduler scheduler;
    final TimerEngine engine;

    Bubble(long seed) {
        this.scheduler = DeterministicScheduler.create(seed, this, this);
        this.engine = TimerEngine.manual(clock, "gort-synctest-timers", scheduler);
    }

    /** The bubble of the calling goroutine, or null. */
    static Bubble current() {
        DeterministicScheduler d = DeterministicScheduler.current();
        return d != null && d.attachment() instanceof Bubble b ? b : null;
    }

    @Override
    public int fireTimers(boolean advance) {
        return engine.fireDue(advance);
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public String dump(List<Goroutine> goroutines) {
        return GoroutineDump.dump(goroutines);
    }
}
