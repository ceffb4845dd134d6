package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.sched.GState;
import io.gort.sched.GoInterruptedException;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import io.gort.testutil.GoroutineLeaks;
import io.gort.testutil.Waits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Go#dump()}: Go's goroutine dump format, wait reasons, hidden frames, order, liveness. */
class DumpTest {

    // Each body is its own method so that the dump must name it (the user's frame).

    static void receiver(Chan<Integer> ch) {
        ch.recv();
    }

    static void sender(Chan<Integer> ch) {
        ch.send(1);
    }

    /** Two cases: a one-case select is a plain channel operation (Go compiles it to one too). */
    static void selector(Chan<Integer> ch, Chan<Integer> never) {
        Select.select(ch.onRecv(v -> v), never.onRecv(v -> v));
    }

    static void locker(Mutex mu) {
        mu.lock();
        mu.unlock();
    }

    static void waiter(WaitGroup wg) {
        wg.await();
    }

    static void sleeper() {
        try {
            Go.sleep(Duration.ofHours(1));
        } catch (GoInterruptedException expected) {
            // released by the test's interrupt
        }
    }

    private static void awaitParked(Goroutine g, WaitReason reason) {
        Waits.until(g + " parked on " + reason,
                () -> g.state() == GState.WAITING && g.waitReason() == reason);
    }

    /** The block of goroutine {@code g} in {@code dump}, from its header to the blank line. */
    private static String blockOf(String dump, Goroutine g) {
        for (String block : dump.split("\n\n")) {
            if (block.startsWith("goroutine " + g.id() + " ")) {
                return block;
            }
        }
        return null;
    }

    @Test
    void namesEachWaitReasonTheBlockingCallAndTheUsersMethod() {
        Set<Long> before = GoroutineLeaks.snapshot();
        // given: goroutines parked in each kind of gort wait
        Chan<Integer> recvCh = Chan.make();
        Chan<Integer> sendCh = Chan.make();
        Chan<Integer> selectCh = Chan.make();
        Mutex mu = new Mutex();
        mu.lock();
        WaitGroup wg = new WaitGroup();
        wg.add(1);

        Goroutine recv = Go.spawn(() -> receiver(recvCh));
        Goroutine send = Go.spawn(() -> sender(sendCh));
        Chan<Integer> never = Chan.make();
        Goroutine sel = Go.spawn(() -> selector(selectCh, never));
        Goroutine lock = Go.spawn("locker", () -> locker(mu));
        Goroutine wait = Go.spawn(() -> waiter(wg));
        Goroutine sleep = Go.spawn(DumpTest::sleeper);
        Goroutine finished = Go.spawn(() -> { });
        finished.join();
        awaitParked(recv, WaitReason.CHAN_RECEIVE);
        awaitParked(send, WaitReason.CHAN_SEND);
        awaitParked(sel, WaitReason.SELECT);
        awaitParked(lock, WaitReason.MUTEX_LOCK);
        awaitParked(wait, WaitReason.WAIT_GROUP);
        awaitParked(sleep, WaitReason.SLEEP);

        try {
            // when
            String dump = Go.dump();

            // then: each goroutine's block has Go's header, the gort call, the user's method and "created by"
            String[][] expected = {
                    {"chan receive", "io.gort.chan.Chan.recv(...)", "io.gort.DumpTest.receiver(...)"},
                    {"chan send", "io.gort.chan.Chan.send(...)", "io.gort.DumpTest.sender(...)"},
                    {"select", "io.gort.chan.Select.select(...)", "io.gort.DumpTest.selector(...)"},
                    {"sync.Mutex.Lock", "io.gort.sync.Mutex.lock(...)", "io.gort.DumpTest.locker(...)"},
                    {"sync.WaitGroup.Wait", "io.gort.sync.WaitGroup.await(...)", "io.gort.DumpTest.waiter(...)"},
                    {"sleep", "io.gort.Go.sleep(...)", "io.gort.DumpTest.sleeper(...)"},
            };
            Goroutine[] gs = {recv, send, sel, lock, wait, sleep};
            for (int i = 0; i < gs.length; i++) {
                String block = blockOf(dump, gs[i]);
                assertNotNull(block, "no block for " + gs[i] + " in\n" + dump);
                String name = gs[i] == lock ? " \"locker\"" : "";
                List<String> lines = block.lines().toList();
                assertEquals("goroutine " + gs[i].id() + name + " [" + expected[i][0] + "]:", lines.get(0), block);
                // the top frame is the gort call that blocked: the JDK's park frames are hidden
                assertEquals(expected[i][1], lines.get(1), block);
                assertTrue(lines.get(2).matches("\t" + Pattern.quote(sourcePath(expected[i][1])) + ":\\d+"), block);
                // then the user's method, with its source line
                int user = lines.indexOf(expected[i][2]);
                assertTrue(user > 2, block);
                assertTrue(lines.get(user + 1).matches("\tio/gort/DumpTest\\.java:\\d+"), block);
                assertTrue(lines.get(lines.size() - 1).startsWith("created by io.gort.DumpTest"), block);
                // gort's internal frames below the user's code are hidden
                assertFalse(block.contains("Goroutine.run") || block.contains("Continuation")
                        || block.contains("ScopedValue") || block.contains("LockSupport"), block);
            }
            // and only the blocking call's frame of gort's internals: Mutex.lock, not its semaphore
            assertFalse(blockOf(dump, lock).contains("Semaphore") || blockOf(dump, lock).contains("lockSlow"), dump);

            // then: a finished goroutine is absent; ids ascend; blocks are separated by one blank line
            assertEquals(null, blockOf(dump, finished), dump);
            List<Long> ids = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^goroutine (\\d+) ").matcher(dump);
            while (m.find()) {
                ids.add(Long.parseLong(m.group(1)));
            }
            assertEquals(ids.stream().sorted().toList(), ids, dump);
            assertTrue(ids.size() >= gs.length, dump);
            assertFalse(dump.contains("\n\n\n"), dump);
            assertTrue(dump.endsWith("\n") && !dump.endsWith("\n\n"), dump);
        } finally {
            // release every goroutine
            recvCh.send(1);
            sendCh.recv();
            selectCh.send(1);
            mu.unlock();
            wg.done();
            sleep.thread().interrupt();
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** {@code "io/gort/chan/Chan.java"} for the frame line {@code "io.gort.chan.Chan.recv(...)"}. */
    private static String sourcePath(String frameLine) {
        String function = frameLine.substring(0, frameLine.indexOf('('));
        return function.substring(0, function.lastIndexOf('.')).replace('.', '/') + ".java";
    }

    @Test
    void aLongWaitShowsItsMinutesAsGoDoes() {
        Set<Long> before = GoroutineLeaks.snapshot();
        Chan<Integer> ch = Chan.make();
        Goroutine g = Go.spawn(() -> receiver(ch));
        awaitParked(g, WaitReason.CHAN_RECEIVE);
        try {
            long since = g.waitSinceNanos();
            assertEquals("goroutine " + g.id() + " [chan receive]:\n",
                    GoroutineDump.header(g, GState.WAITING, since + TimeUnit.SECONDS.toNanos(59)));
            assertEquals("goroutine " + g.id() + " [chan receive, 1 minutes]:\n",
                    GoroutineDump.header(g, GState.WAITING, since + TimeUnit.SECONDS.toNanos(61)));
            assertEquals("goroutine " + g.id() + " [chan receive, 3 minutes]:\n",
                    GoroutineDump.header(g, GState.WAITING, since + TimeUnit.MINUTES.toNanos(3)));
            assertEquals("goroutine " + g.id() + " [running]:\n", GoroutineDump.header(g, GState.RUNNING, since));
            assertEquals("goroutine " + g.id() + " [runnable]:\n", GoroutineDump.header(g, GState.RUNNABLE, since));
        } finally {
            ch.send(1);
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void aGoroutineDumpingItselfIsRunningAndCreatedByItsParent() {
        Set<Long> before = GoroutineLeaks.snapshot();
        Chan<String> out = Chan.make(1);
        Chan<Long> childId = Chan.make(1);
        Goroutine parent = Go.spawn(() -> {
            Goroutine child = Go.spawn(() -> out.send(Go.dump()));
            childId.send(child.id());
        });
        String dump = out.recv();
        long id = childId.recv();
        parent.join();
        String block = null;
        for (String b : dump.split("\n\n")) {
            if (b.startsWith("goroutine " + id + " ")) {
                block = b;
            }
        }
        assertNotNull(block, dump);
        List<String> lines = block.lines().toList();
        assertEquals("goroutine " + id + " [running]:", lines.get(0), block);
        assertEquals("io.gort.Go.dump(...)", lines.get(1), block);
        assertEquals("created by io.gort.DumpTest in goroutine " + parent.id(), lines.get(lines.size() - 1), block);
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void dumpToAPrintStreamWritesTheSameText() {
        Set<Long> before = GoroutineLeaks.snapshot();
        Chan<Integer> ch = Chan.make();
        Goroutine g = Go.spawn(() -> receiver(ch));
        awaitParked(g, WaitReason.CHAN_RECEIVE);
        try {
            String asString = Go.dump();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Go.dump(new PrintStream(bytes, false, StandardCharsets.UTF_8));
            String printed = bytes.toString(StandardCharsets.UTF_8);
            // the same goroutine's block, byte for byte (others, such as leftovers of other tests, may move)
            assertEquals(blockOf(asString, g), blockOf(printed, g), printed);
            assertNotNull(blockOf(printed, g), printed);
        } finally {
            ch.send(1);
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** Under -Dgort.creationsite=true: main spawns a parent, the parent a child that parks; main prints the dump. */
    static final class CreationSiteMain {
        public static void main(String[] args) {
            Chan<Integer> block = Chan.make();
            Chan<Goroutine> child = Chan.make(1);
            Goroutine parent = Go.spawn(() -> child.send(Go.spawn(() -> receiver(block))));
            Goroutine c = child.recv();
            parent.join();
            Waits.until("the child parked", () -> c.waitReason() == WaitReason.CHAN_RECEIVE);
            System.out.println("child=" + c.id() + " parent=" + parent.id());
            Go.dump(System.out);
            block.send(1);
            c.join();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withCreationSitesCreatedByNamesTheSpawningFrameAndItsLine() {
        ForkedJvm.Result r = ForkedJvm.run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dgort.creationsite=true"), Map.of(), CreationSiteMain.class);
        assertEquals(0, r.exit(), r::toString);
        Matcher ids = Pattern.compile("child=(\\d+) parent=(\\d+)").matcher(r.out());
        assertTrue(ids.find(), r::toString);
        String block = null;
        for (String b : r.out().split("\n\n")) {
            int start = b.indexOf("goroutine " + ids.group(1) + " [");
            if (start >= 0) {
                block = b.substring(start);
            }
        }
        assertNotNull(block, r::toString);
        List<String> lines = block.lines().toList();
        assertEquals("goroutine " + ids.group(1) + " [chan receive]:", lines.get(0), block);
        // Go 1.21: "created by main.main.func1 in goroutine 1", then the spawning line's file:line
        String created = lines.get(lines.size() - 2);
        assertTrue(created.matches("created by io\\.gort\\.DumpTest\\$CreationSiteMain\\.lambda\\$main\\$\\d+ in goroutine "
                + ids.group(2)), block);
        assertTrue(lines.get(lines.size() - 1).matches("\tio/gort/DumpTest\\.java:\\d+"), block);
    }
}
