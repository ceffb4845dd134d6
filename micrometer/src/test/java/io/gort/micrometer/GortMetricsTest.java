package io.gort.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.chan.Chan;
import io.gort.chan.ChanStats;
import io.gort.chan.Receiver;
import io.gort.context.Context;
import io.gort.pattern.Pipeline;
import io.gort.pattern.StageStats;
import io.gort.sched.Scheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link GortMetrics}: the meters move when work runs (SimpleMeterRegistry), and a Prometheus
 * scrape shows the metric names the debug endpoint and dashboards rely on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GortMetricsTest {
    static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void schedulerCountersMoveWhenWorkRuns() {
        try (Scheduler s = Scheduler.workStealing(2)) {
            MeterRegistry r = new SimpleMeterRegistry();
            new GortMetrics(s, Tags.empty()).bindTo(r);
            assertEquals(2, r.get("gort.sched.carriers").gauge().value());
            double before = tasks(r);
            int n = 1_000;
            CountDownLatch done = new CountDownLatch(n);
            s.spawn(() -> IntStream.range(0, n).forEach(i -> s.spawn(done::countDown)));
            await(done);
            until("tasks counted", () -> tasks(r) - before >= n + 1);
            for (String c : List.of("0", "1", "helpers")) {
                assertTrue(r.get("gort.sched.runqueue.depth").tag("carrier", c).gauge().value() >= 0);
                assertTrue(r.get("gort.sched.steals").tag("carrier", c).functionCounter().count() >= 0);
            }
            // After the burst both carriers go idle: they park, and the park counters say so.
            until("both carriers parked", () -> r.get("gort.sched.carriers.idle").gauge().value() == 2
                    && parks(r, "0") > 0 && parks(r, "1") > 0);
            assertEquals(0, r.get("gort.sched.global.queue.depth").gauge().value());
        }
    }

    @Test
    void goroutineGaugesSeeAWaitingReceiver() {
        try (Scheduler s = Scheduler.workStealing(2)) {
            MeterRegistry r = new SimpleMeterRegistry();
            new GortMetrics(s, Tags.empty()).bindTo(r);
            Gauge waiting = r.get("gort.goroutines").tag("state", "waiting").gauge();
            Gauge chanRecv = r.get("gort.goroutines.waiting").tag("reason", "chan receive").gauge();
            double base = chanRecv.value();
            Chan<Integer> c = Chan.make();
            CountDownLatch got = new CountDownLatch(1);
            s.spawn(() -> {
                c.recv();
                got.countDown();
            });
            until("a goroutine waiting in chan receive", () -> chanRecv.value() >= base + 1);
            assertTrue(waiting.value() >= 1);
            c.send(1);
            await(got);
            until("the receiver no longer counted", () -> chanRecv.value() <= base);
        }
    }

    @Test
    void stagesAppearOnRefreshAndCount() {
        MeterRegistry r = new SimpleMeterRegistry();
        GortMetrics m = new GortMetrics();
        m.bindTo(r);
        try (var ctx = Context.withCancel(Context.background())) {
            Receiver<Integer> gen = Pipeline.generator(ctx, IntStream.range(0, 100).boxed().toList());
            Receiver<Integer> sq = Pipeline.map(ctx, gen, v -> v * v);
            String name = StageStats.of(sq).orElseThrow().name();
            assertTrue(r.find("gort.stage.items").tag("stage", name).functionCounters().isEmpty(),
                    "not registered before refresh");
            m.refresh();
            FunctionCounter items = r.get("gort.stage.items").tag("stage", name).tag("kind", "map").functionCounter();
            for (int i = 0; i < 100; i++) {
                assertEquals(i * i, sq.recv());
            }
            until("the map stage counted 100 items", () -> items.count() == 100);
            assertEquals(0, r.get("gort.stage.drops").tag("stage", name).functionCounter().count());
            assertTrue(r.get("gort.stage.queue.depth").tag("stage", name).gauge().value() >= 0);
        }
    }

    @Test
    void countedChannelsAppearOnRefreshWithExactCounts() {
        MeterRegistry r = new SimpleMeterRegistry();
        GortMetrics m = new GortMetrics();
        m.bindTo(r);
        Chan<Integer> jobs = Chan.make();
        ChanStats.enable(jobs, "jobs-exact");
        m.refresh();
        CountDownLatch got = new CountDownLatch(1);
        var receiver = io.gort.Go.spawn(() -> {
            for (int i = 0; i < 10; i++) {
                jobs.recv();
            }
            got.countDown();
        });
        until("the receiver parked", () -> receiver.waitReason() == io.gort.sched.WaitReason.CHAN_RECEIVE);
        for (int i = 0; i < 10; i++) {
            jobs.send(i);
        }
        await(got);
        assertEquals(10, r.get("gort.chan.sends").tag("chan", "jobs-exact").functionCounter().count());
        assertEquals(10, r.get("gort.chan.receives").tag("chan", "jobs-exact").functionCounter().count());
        FunctionCounter blocked = r.get("gort.chan.blocked").tag("chan", "jobs-exact").functionCounter();
        assertTrue(blocked.count() > 0, "the receiver waited");
        assertEquals("seconds", blocked.getId().getBaseUnit());
    }

    /**
     * Two live channels under one name share one series; the channel that did not register it
     * being collected must not take the series away from the one that did (they share the meter
     * objects Micrometer returned).
     */
    @Test
    void aCollectedChannelDoesNotRemoveTheSeriesItSharedWithALiveOne() {
        MeterRegistry r = new SimpleMeterRegistry();
        GortMetrics m = new GortMetrics();
        m.bindTo(r);
        Chan<Integer> kept = Chan.make(4);
        ChanStats.enable(kept, "shared-name");
        m.refresh();
        java.lang.ref.WeakReference<Chan<Integer>> dropped = dropSecondChannel("shared-name");
        m.refresh();                                          // the second channel's meters are bound (shared)
        until("the second channel collected", () -> {
            System.gc();
            return dropped.get() == null;
        });
        m.refresh();                                          // removes the collected channel's meters
        kept.send(1);
        kept.send(2);
        FunctionCounter sends = r.find("gort.chan.sends").tag("chan", "shared-name").functionCounter();
        assertTrue(sends != null, "the live channel's series is gone");
        assertEquals(2, sends.count());
        m.refresh();
        assertEquals(2, r.get("gort.chan.sends").tag("chan", "shared-name").functionCounter().count());
    }

    private static java.lang.ref.WeakReference<Chan<Integer>> dropSecondChannel(String name) {
        Chan<Integer> other = Chan.make(4);
        ChanStats.enable(other, name);
        return new java.lang.ref.WeakReference<>(other);
    }

    @Test
    void prometheusScrapeHasTheSharedNames() {
        PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        GortMetrics m = new GortMetrics();
        m.bindTo(r);
        try (var ctx = Context.withCancel(Context.background())) {
            Receiver<Integer> out = Pipeline.map(ctx, Pipeline.generator(ctx, 1, 2, 3), v -> v);
            assertEquals(1, out.recv());
            Chan<Integer> c = Chan.make();
            ChanStats.enable(c, "scraped");
            CountDownLatch got = new CountDownLatch(1);
            io.gort.Go.spawn(() -> {
                c.recv();
                got.countDown();
            });
            until("a chan receive", () -> r.get("gort.goroutines.waiting").tag("reason", "chan receive").gauge().value() >= 1);
            m.refresh();
            String text = r.scrape();
            for (String expected : List.of(
                    "gort_goroutines{state=\"running\"}", "gort_goroutines{state=\"runnable\"}",
                    "gort_goroutines{state=\"waiting\"}", "gort_goroutines_waiting{reason=\"chan receive\"}",
                    "gort_sched_carriers ", "gort_sched_runqueue_depth{carrier=\"0\"}", "gort_sched_global_queue_depth ",
                    "gort_sched_tasks_total{carrier=\"0\"}", "gort_sched_steals_total{carrier=\"0\"}",
                    "gort_sched_parks_total{carrier=\"0\"}", "gort_sched_spins_total{carrier=\"0\"}",
                    "gort_sched_helpers ", "gort_sched_helpers_lent_total ",
                    "gort_stage_items_total{kind=\"map\",stage=\"map#", "gort_stage_drops_total{kind=\"map\"",
                    "gort_stage_queue_depth{kind=\"map\"",
                    "gort_chan_sends_total{chan=\"scraped\"}", "gort_chan_receives_total{chan=\"scraped\"}",
                    "gort_chan_blocked_seconds_total{chan=\"scraped\"}",
                    "# TYPE gort_sched_steals_total counter", "# TYPE gort_goroutines gauge")) {
                assertTrue(text.contains(expected), "scrape lacks " + expected + ":\n" + text);
            }
            assertFalse(text.contains("gort_sched_steals_total_total"), text);
            c.send(1);
            await(got);
        }
    }

    private static double tasks(MeterRegistry r) {
        return r.find("gort.sched.tasks").functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
    }

    private static double parks(MeterRegistry r, String carrier) {
        return r.get("gort.sched.parks").tag("carrier", carrier).functionCounter().count();
    }

    static void await(CountDownLatch l) {
        try {
            if (!l.await(LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("timed out after " + LONG);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Bounded polling on a condition (never a sleep standing in for synchronisation). */
    static void until(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + LONG + " waiting for " + what);
            }
            Thread.yield();
        }
    }
}
