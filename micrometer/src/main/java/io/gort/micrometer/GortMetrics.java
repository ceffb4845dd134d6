package io.gort.micrometer;

import io.gort.chan.ChanStats;
import io.gort.pattern.StageStats;
import io.gort.sched.CarrierMetrics;
import io.gort.sched.GState;
import io.gort.sched.GoroutineStats;
import io.gort.sched.Scheduler;
import io.gort.sched.SchedulerMetrics;
import io.gort.sched.WaitReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * gort's runtime metrics as a Micrometer {@link MeterBinder}: what Go exports through
 * {@code runtime/metrics} (and Prometheus' Go collector) for goroutines and the scheduler, plus
 * gort's per-stage pattern counters. Bind it to any registry; with
 * {@code micrometer-registry-prometheus} the scrape shows these names:
 *
 * <pre>
 * gort_goroutines{state="running|runnable|waiting"}        gauge    live goroutines by state
 * gort_goroutines_waiting{reason="chan receive"}           gauge    waiting goroutines by Go's wait reason
 * gort_sched_carriers                                      gauge    parallelism (GOMAXPROCS)
 * gort_sched_carriers_idle, gort_sched_carriers_spinning   gauge    carriers parked / looking for work
 * gort_sched_runqueue_depth{carrier="0"}                   gauge    tasks queued on a carrier (ring + runnext)
 * gort_sched_global_queue_depth                            gauge    tasks in the global queue
 * gort_sched_tasks_total{carrier}                          counter  tasks (goroutine runs) started
 * gort_sched_steals_total{carrier}                         counter  successful steal operations
 * gort_sched_stolen_total{carrier}                         counter  tasks those steals moved
 * gort_sched_parks_total{carrier}                          counter  times the carrier parked for want of work
 * gort_sched_spins_total{carrier}                          counter  spin phases begun
 * gort_sched_helpers                                       gauge    helper carriers live now
 * gort_sched_helpers_lent_total                            counter  helpers the monitor lent (hand-offs)
 * gort_sched_monitor_wakeups_total                         counter  idle carriers the monitor woke for stuck work
 * gort_chan_sends_total{chan}                              counter  values sent (channels with {@link ChanStats} only)
 * gort_chan_receives_total{chan}                           counter  values received
 * gort_chan_blocked_seconds_total{chan}                    counter  time goroutines waited on the channel
 * gort_stage_items_total{stage,kind}                       counter  items a pattern stage passed on
 * gort_stage_drops_total{stage,kind}                       counter  items it dropped
 * gort_stage_queue_depth{stage,kind}                       gauge    items waiting in its buffer
 * </pre>
 *
 * The {@code carrier} label is the carrier's index, {@code "helpers"} for all helper carriers
 * together (live and exited, so the counters never go down) and, for a ForkJoinPool scheduler
 * ({@code forkjoin}, {@code jdk}), which counts only pool-wide, {@code "pool"}. In Micrometer's own
 * names the underscores are dots ({@code gort.sched.steals}); the Prometheus registry adds
 * {@code _total} to counters.
 *
 * <p><b>Stages and channels that appear after binding.</b> Micrometer registers a meter per object,
 * and pattern stages and counted channels come and go while the program runs, so their meters are
 * registered by {@link #refresh()}:
 * {@link #bindTo} calls it once, and the caller calls it again before a scrape (the debug
 * endpoint does) or lets {@link #refreshEvery(Duration)} do it. Refresh also removes the meters of
 * stages and channels that were garbage-collected (meters hold them weakly, as Micrometer's
 * function meters do). Two live channels enabled under one name share one series (the first
 * registered counts until it is collected, then the next): give counted channels distinct names. Rejected: a {@code MultiGauge} rebuilt at each refresh (gauges only, and the same
 * need for a refresh call); registering from inside a gauge's callback during a scrape (re-enters
 * the registry while it iterates).
 *
 * <p>Micrometer's function meters hold their object weakly; a bound {@code GortMetrics} is
 * therefore kept reachable from a static set (as long as the JVM runs), so its meters keep working
 * after the caller drops its reference. Stage meters hold their stage weakly on purpose.
 *
 * <p><b>Cost.</b> Reading is cheap for the program: {@link Scheduler#metrics()} takes only reads
 * (and a lock that lending helpers takes), {@link GoroutineStats#snapshot()} walks the live
 * goroutines once. Both are taken at most once per {@value #SNAPSHOT_TTL_MILLIS} ms and shared by all
 * the meters one scrape reads, so a scrape walks the goroutines once, not once per meter.
 *
 * <p>Several schedulers in one registry: bind one {@code GortMetrics} per scheduler, each with
 * a distinguishing tag (e.g. {@code Tags.of("scheduler", "io")}) given to every one of them,
 * since Prometheus wants the same label names on every series of a metric.
 * The goroutine gauges ({@code gort.goroutines*}), stages and channels are process-wide (gort keeps
 * one registry of goroutines for all schedulers): every bound {@code GortMetrics} reports the same
 * values for them.
 */
public final class GortMetrics implements MeterBinder {
    /** How long one snapshot of the scheduler and of the goroutines serves the meters that read it. */
    static final long SNAPSHOT_TTL_MILLIS = 10;

    private final Scheduler scheduler;
    private final Tags tags;
    private final Cached<SchedulerMetrics> sched;
    private final Cached<GoroutineStats> goroutines = new Cached<>(GoroutineStats::snapshot);
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final List<ObjectMeters> objects = new ArrayList<>();        // guarded by this: stages and channels
    /** Bound binders: keeps them, and the snapshots their meters read weakly, reachable. */
    private static final java.util.Set<GortMetrics> BOUND = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Metrics of the default scheduler ({@link Scheduler#byDefault()}) and of all goroutines and stages. */
    public GortMetrics() {
        this(Scheduler.byDefault(), Tags.empty());
    }

    /** Metrics of {@code scheduler}, every meter tagged with {@code tags} as well. */
    public GortMetrics(Scheduler scheduler, Iterable<Tag> tags) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.tags = Tags.of(tags);
        this.sched = new Cached<>(scheduler::metrics);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        BOUND.add(this);
        registries.add(registry);
        bindGoroutines(registry);
        bindScheduler(registry);
        refresh();
    }

    private void bindGoroutines(MeterRegistry r) {
        for (GState s : List.of(GState.RUNNING, GState.RUNNABLE, GState.WAITING)) {
            Gauge.builder("gort.goroutines", goroutines, c -> c.get().count(s))
                    .tags(tags).tag("state", s.name().toLowerCase(Locale.ROOT))
                    .description("Live goroutines by state").register(r);
        }
        for (WaitReason w : WaitReason.values()) {
            if (w != WaitReason.NONE) {
                Gauge.builder("gort.goroutines.waiting", goroutines, c -> c.get().waiting(w))
                        .tags(tags).tag("reason", w.toString())
                        .description("Waiting goroutines by Go's wait reason").register(r);
            }
        }
    }

    private void bindScheduler(MeterRegistry r) {
        gauge(r, "gort.sched.carriers", "Carriers (GOMAXPROCS)", SchedulerMetrics::parallelism);
        gauge(r, "gort.sched.carriers.idle", "Carriers parked for want of work", SchedulerMetrics::idleCarriers);
        gauge(r, "gort.sched.carriers.spinning", "Carriers looking for work", SchedulerMetrics::spinningCarriers);
        gauge(r, "gort.sched.global.queue.depth", "Tasks in the global queue", SchedulerMetrics::globalQueueDepth);
        gauge(r, "gort.sched.helpers", "Helper carriers live now", SchedulerMetrics::helpers);
        FunctionCounter.builder("gort.sched.helpers.lent", sched, c -> c.get().helpersLent())
                .tags(tags).description("Helper carriers the monitor lent while a carrier was stuck").register(r);
        FunctionCounter.builder("gort.sched.monitor.wakeups", sched, c -> c.get().monitorWakeups())
                .tags(tags).description("Idle carriers the monitor woke to take work from behind a stuck one").register(r);

        SchedulerMetrics now = scheduler.metrics();
        int regular = (int) now.carriers().stream().filter(c -> !c.helper()).count();
        for (int i = 0; i < regular; i++) {
            int index = i;
            carrierMeters(r, String.valueOf(i), m -> m.carriers().get(index));
        }
        // Helpers come and go: one series for all of them, live ones plus those that exited (rest).
        carrierMeters(r, regular > 0 ? "helpers" : "pool", GortMetrics::helpersAndRest);
    }

    private static CarrierMetrics helpersAndRest(SchedulerMetrics m) {
        CarrierMetrics sum = m.rest();
        for (CarrierMetrics c : m.carriers()) {
            if (c.helper()) {
                sum = new CarrierMetrics(-1, true, CarrierMetrics.Status.IDLE, sum.runQueueDepth() + c.runQueueDepth(),
                        sum.tasks() + c.tasks(), sum.runnextTasks() + c.runnextTasks(), sum.globalTasks() + c.globalTasks(),
                        sum.steals() + c.steals(), sum.stolen() + c.stolen(), sum.spins() + c.spins(),
                        sum.spinsFound() + c.spinsFound(), sum.parks() + c.parks());
            }
        }
        return sum;
    }

    private void carrierMeters(MeterRegistry r, String label, java.util.function.Function<SchedulerMetrics, CarrierMetrics> pick) {
        Tags t = tags.and("carrier", label);
        Gauge.builder("gort.sched.runqueue.depth", sched, c -> pick.apply(c.get()).runQueueDepth())
                .tags(t).description("Tasks queued on a carrier: ring plus runnext").register(r);
        counter(r, "gort.sched.tasks", "Tasks (goroutine runs) a carrier started", t, pick, CarrierMetrics::tasks);
        counter(r, "gort.sched.steals", "Successful steal operations by a carrier", t, pick, CarrierMetrics::steals);
        counter(r, "gort.sched.stolen", "Tasks a carrier's steals moved to it", t, pick, CarrierMetrics::stolen);
        counter(r, "gort.sched.parks", "Times a carrier parked for want of work", t, pick, CarrierMetrics::parks);
        counter(r, "gort.sched.spins", "Spin phases a carrier began", t, pick, CarrierMetrics::spins);
    }

    private void counter(MeterRegistry r, String name, String help, Tags t,
                         java.util.function.Function<SchedulerMetrics, CarrierMetrics> pick, ToLongFunction<CarrierMetrics> f) {
        FunctionCounter.builder(name, sched, c -> f.applyAsLong(pick.apply(c.get()))).tags(t).description(help).register(r);
    }

    private void gauge(MeterRegistry r, String name, String help, ToDoubleFunction<SchedulerMetrics> f) {
        Gauge.builder(name, sched, c -> f.applyAsDouble(c.get())).tags(tags).description(help).register(r);
    }

    /**
     * Registers meters for the pattern stages that appeared since the last call, in every registry
     * this binder was bound to, and removes those of stages that are gone. Any thread.
     */
    public synchronized void refresh() {
        java.util.Set<Meter.Id> removed = new java.util.HashSet<>();
        for (Iterator<ObjectMeters> it = objects.iterator(); it.hasNext(); ) {
            ObjectMeters om = it.next();
            if (om.gone()) {
                om.remove(removed);
                it.remove();
            }
        }
        if (!removed.isEmpty()) {
            // Objects under one name share the meters Micrometer returned for the first of them:
            // the live ones whose series went with a collected one register theirs again below.
            for (ObjectMeters om : objects) {
                om.rebindIfAnyOf(removed);
            }
        }
        java.util.Set<Object> known = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (ObjectMeters om : objects) {
            known.add(om.ref.get());
        }
        for (StageStats st : StageStats.all()) {
            if (!known.contains(st)) {
                objects.add(new StageMeters(st));
            }
        }
        for (ChanStats cs : ChanStats.all()) {
            if (!known.contains(cs)) {
                objects.add(new ChanMeters(cs));
            }
        }
        for (ObjectMeters om : objects) {
            for (MeterRegistry r : registries) {
                om.bind(r);
            }
        }
    }

    /**
     * Calls {@link #refresh()} every {@code period} on a daemon thread until the returned handle is
     * closed. For a push registry or a scraper that does not call refresh itself.
     */
    public AutoCloseable refreshEvery(Duration period) {
        Thread t = Thread.ofPlatform().daemon().name("gort-metrics-refresh").start(() -> {
            try {
                for (;;) {
                    Thread.sleep(period);
                    refresh();
                }
            } catch (InterruptedException stop) {
                // closed
            }
        });
        return t::interrupt;
    }

    /** The meters of one stage or channel, in each registry; they hold their object weakly. */
    private abstract static class ObjectMeters {
        final WeakReference<Object> ref;
        final List<Meter> meters = new ArrayList<>();
        final List<MeterRegistry> boundTo = new ArrayList<>();

        ObjectMeters(Object o) {
            ref = new WeakReference<>(o);
        }

        /** True once the object is collected, or for a channel, once the channel is. */
        boolean gone() {
            return ref.get() == null;
        }

        final void bind(MeterRegistry r) {
            Object o = ref.get();
            if (o == null || boundTo.contains(r)) {
                return;
            }
            boundTo.add(r);
            register(r, o);
        }

        abstract void register(MeterRegistry r, Object o);

        /** Removes this object's meters from the registries, adding their ids to {@code removed}. */
        final void remove(java.util.Set<Meter.Id> removed) {
            for (MeterRegistry r : boundTo) {
                for (Meter m : meters) {
                    r.remove(m);
                    removed.add(m.getId());
                }
            }
        }

        /** Forgets the registrations if one of them was removed, so that the next bind makes them again. */
        final void rebindIfAnyOf(java.util.Set<Meter.Id> removed) {
            for (Meter m : meters) {
                if (removed.contains(m.getId())) {
                    meters.clear();
                    boundTo.clear();
                    return;
                }
            }
        }
    }

    private final class StageMeters extends ObjectMeters {
        final Tags t;

        StageMeters(StageStats st) {
            super(st);
            String name = st.name();
            int hash = name.indexOf('#');
            t = tags.and("stage", name, "kind", hash < 0 ? name : name.substring(0, hash));
        }

        @Override
        void register(MeterRegistry r, Object o) {
            StageStats st = (StageStats) o;
            meters.add(FunctionCounter.builder("gort.stage.items", st, StageStats::items).tags(t)
                    .description("Items a pattern stage passed on").register(r));
            meters.add(FunctionCounter.builder("gort.stage.drops", st, StageStats::dropped).tags(t)
                    .description("Items a pattern stage dropped").register(r));
            meters.add(Gauge.builder("gort.stage.queue.depth", st, StageStats::queueDepth).tags(t)
                    .description("Items waiting in a pattern stage's buffer").register(r));
        }
    }

    private final class ChanMeters extends ObjectMeters {
        final Tags t;

        ChanMeters(ChanStats cs) {
            super(cs);
            t = tags.and("chan", cs.name());
        }

        @Override
        boolean gone() {
            // ChanStats outlives its channel while the registry's list copy holds it: go with the channel.
            return !(ref.get() instanceof ChanStats cs) || cs.channel().isEmpty();
        }

        @Override
        void register(MeterRegistry r, Object o) {
            ChanStats cs = (ChanStats) o;
            meters.add(FunctionCounter.builder("gort.chan.sends", cs, ChanStats::sends).tags(t)
                    .description("Values sent on a channel").register(r));
            meters.add(FunctionCounter.builder("gort.chan.receives", cs, ChanStats::receives).tags(t)
                    .description("Values received from a channel").register(r));
            meters.add(FunctionCounter.builder("gort.chan.blocked", cs, c -> c.blockedNanos() / 1e9).tags(t)
                    .baseUnit("seconds").description("Time goroutines waited on a channel").register(r));
        }
    }

    /** A value computed at most once per {@link #SNAPSHOT_TTL_MILLIS}, shared by the meters of one scrape. */
    static final class Cached<T> {
        private final java.util.function.Supplier<T> source;
        private T value;              // guarded by this
        private long takenAt;         // guarded by this

        Cached(java.util.function.Supplier<T> source) {
            this.source = source;
        }

        synchronized T get() {
            long now = System.nanoTime();
            if (value == null || now - takenAt > SNAPSHOT_TTL_MILLIS * 1_000_000) {
                value = source.get();
                takenAt = now;
            }
            return value;
        }
    }
}
