package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.sched.Goroutine;
import io.gort.sched.Scheduler;
import io.gort.sched.WaitReason;
import io.gort.testutil.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * gort's JFR events, recorded in-process: {@code io.gort.GoroutinePark} for a wait longer than its
 * {@code waitThreshold} (and none for a shorter one), {@code io.gort.CarrierLent} when the monitor
 * lends a helper, {@code io.gort.GoroutineSpawn} only when enabled.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JfrEventsTest {
    static final long WAIT_MS = 60;

    @TempDir
    Path dir;

    @Test
    void aLongChannelWaitIsRecordedWithItsReasonAndDuration() throws Exception {
        List<RecordedEvent> events;
        long[] waitedAtLeast = new long[1];
        long[] ids = new long[1];
        try (Recording r = new Recording()) {
            r.enable("io.gort.GoroutinePark").with("waitThreshold", "20 ms");
            r.start();
            Chan<Integer> c = Chan.make();
            Goroutine g = Go.spawn("jfr-receiver", c::recv);
            ids[0] = g.id();
            Waits.until("the receiver parked", () -> g.waitReason() == WaitReason.CHAN_RECEIVE);
            long t0 = System.nanoTime();
            Thread.sleep(WAIT_MS);                       // the wait being recorded
            waitedAtLeast[0] = System.nanoTime() - t0;
            c.send(1);
            g.join();
            r.stop();
            events = read(r, "park.jfr");
        }
        List<RecordedEvent> mine = events.stream()
                .filter(e -> e.getEventType().getName().equals("io.gort.GoroutinePark"))
                .filter(e -> e.getLong("goroutineId") == ids[0]).toList();
        assertEquals(1, mine.size(), "events: " + events);
        RecordedEvent e = mine.get(0);
        assertEquals("chan receive", e.getString("reason"));
        assertEquals("jfr-receiver", e.getString("goroutineName"));
        assertEquals(Chan.class.getName(), e.getClass("waitingOn").getName());
        Duration waited = e.getDuration("waited");
        assertTrue(waited.toNanos() >= waitedAtLeast[0], "waited " + waited + " < " + waitedAtLeast[0] + " ns");
        assertTrue(e.getStackTrace() != null && !e.getStackTrace().getFrames().isEmpty(), "the wait site's stack");
    }

    @Test
    void aWaitShorterThanTheThresholdIsNotRecorded() throws Exception {
        List<RecordedEvent> events;
        long id;
        try (Recording r = new Recording()) {
            r.enable("io.gort.GoroutinePark").with("waitThreshold", "10 s");
            r.start();
            Chan<Integer> c = Chan.make();
            Goroutine g = Go.spawn(c::recv);
            id = g.id();
            Waits.until("the receiver parked", () -> g.waitReason() == WaitReason.CHAN_RECEIVE);
            c.send(1);
            g.join();
            r.stop();
            events = read(r, "short.jfr");
        }
        assertTrue(events.stream().noneMatch(e -> e.getEventType().getName().equals("io.gort.GoroutinePark")
                && e.getLong("goroutineId") == id), "events: " + events);
    }

    @Test
    void theDefaultThresholdIsTwentyMilliseconds() throws Exception {
        long id;
        List<RecordedEvent> events;
        try (Recording r = new Recording()) {
            r.enable("io.gort.GoroutinePark");           // no waitThreshold given: the default applies
            r.start();
            Chan<Integer> c = Chan.make();
            Goroutine g = Go.spawn(c::recv);
            id = g.id();
            Waits.until("the receiver parked", () -> g.waitReason() == WaitReason.CHAN_RECEIVE);
            Thread.sleep(WAIT_MS);                       // the wait being recorded: above 20 ms
            c.send(1);
            g.join();
            r.stop();
            events = read(r, "default.jfr");
        }
        assertEquals(1, events.stream().filter(e -> e.getEventType().getName().equals("io.gort.GoroutinePark")
                && e.getLong("goroutineId") == id).count(), "events: " + events);
        // The event type is registered now; what it declares as the default:
        var type = jdk.jfr.FlightRecorder.getFlightRecorder().getEventTypes().stream()
                .filter(t -> t.getName().equals("io.gort.GoroutinePark")).findFirst().orElseThrow();
        var setting = type.getSettingDescriptors().stream().filter(d -> d.getName().equals("waitThreshold"))
                .findFirst().orElseThrow(() -> new AssertionError(type.getSettingDescriptors().toString()));
        assertEquals("20 ms", setting.getDefaultValue());
    }

    @Test
    void aLentHelperIsRecorded() throws Exception {
        List<RecordedEvent> events;
        try (Recording r = new Recording(); Scheduler s = Scheduler.workStealing(1)) {
            r.enable("io.gort.CarrierLent");
            r.start();
            // A goroutine hogs the only carrier with work queued behind it: the monitor lends a helper.
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch finished = new CountDownLatch(1);
            s.spawn(() -> {
                for (int i = 0; i < 4; i++) {
                    s.spawn(ran::incrementAndGet);
                }
                long deadline = System.nanoTime() + Waits.LONG.toNanos();
                while (ran.get() < 4 && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                }
                finished.countDown();
            });
            assertTrue(finished.await(Waits.LONG.toMillis(), TimeUnit.MILLISECONDS));
            assertEquals(4, ran.get());
            r.stop();
            events = read(r, "lent.jfr");
        }
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.gort.CarrierLent")
                && e.getString("scheduler").startsWith("gort-workstealing-")), "events: " + events);
    }

    @Test
    void spawnEventsOnlyWhenEnabled() throws Exception {
        long quiet, loud;
        try (Scheduler s = Scheduler.workStealing(1)) {
            try (Recording r = new Recording()) {
                r.enable("io.gort.GoroutinePark");        // the spawn event keeps its default: off
                r.start();
                s.spawn("quiet", () -> { }).join();
                r.stop();
                quiet = read(r, "quiet.jfr").stream().filter(e -> e.getEventType().getName().equals("io.gort.GoroutineSpawn")).count();
            }
            try (Recording r = new Recording()) {
                r.enable("io.gort.GoroutineSpawn");
                r.start();
                s.spawn("loud", () -> { }).join();
                r.stop();
                loud = read(r, "loud.jfr").stream().filter(e -> e.getEventType().getName().equals("io.gort.GoroutineSpawn")
                        && "loud".equals(e.getString("goroutineName"))).count();
            }
        }
        assertEquals(0, quiet);
        assertEquals(1, loud);
    }

    private List<RecordedEvent> read(Recording r, String file) throws Exception {
        Path p = dir.resolve(file);
        r.dump(p);
        assertTrue(Files.size(p) > 0);
        return RecordingFile.readAllEvents(p);
    }
}
