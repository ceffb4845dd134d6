package io.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.sched.GState;
import io.gort.sched.Goroutine;
import io.gort.sched.WaitReason;
import io.gort.sync.WaitGroup;
import io.gort.testutil.GoroutineLeaks;
import io.gort.testutil.Waits;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link GoroutineProfile} and {@link Go#dumpGrouped()}: Go's goroutine profile at {@code debug=1},
 * goroutines grouped by identical stacks, largest group first.
 *
 * <p>{@link #goroutineCounts()} ports {@code TestGoroutineCounts} of Go's
 * {@code runtime/pprof/pprof_test.go} (the form without pprof labels, read through code search:
 * 100 goroutines blocked in {@code func1}/{@code func2}/{@code func3} on one channel, the profile
 * must list {@code 50 @}, {@code 40 @}, {@code 10 @} in that order). Go's test yields to let the
 * goroutines block; this one waits, bounded, until each is parked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoroutineProfileTest {

    // One method per blocking line, as Go's func1..func3: their frames differ, so their groups do.

    static void func1(Chan<Integer> c) {
        c.recv();
    }

    static void func2(Chan<Integer> c) {
        c.recv();
    }

    static void func3(Chan<Integer> c) {
        c.recv();
    }

    static void atLineA(Chan<Integer> c) {
        c.recv();
    }

    static void atLineB(WaitGroup wg) {
        wg.await();
    }

    private static void awaitParked(List<Goroutine> gs, WaitReason reason) {
        for (Goroutine g : gs) {
            Waits.until(g + " parked on " + reason,
                    () -> g.state() == GState.WAITING && g.waitReason() == reason);
        }
    }

    @Test
    void goroutineCounts() {
        Set<Long> before = GoroutineLeaks.snapshot();
        Chan<Integer> c = Chan.make();
        List<Goroutine> gs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            if (i % 10 == 0) {
                gs.add(Go.spawn(() -> func1(c)));
            } else if (i % 2 == 0) {
                gs.add(Go.spawn(() -> func2(c)));
            } else {
                gs.add(Go.spawn(() -> func3(c)));
            }
        }
        try {
            awaitParked(gs, WaitReason.CHAN_RECEIVE);

            GoroutineProfile p = GoroutineProfile.take(gs);
            String prof = p.text();

            assertTrue(containsInOrder(prof, "\n50 @ ", "\n40 @ ", "\n10 @ "), "expected sorted goroutine counts:\n" + prof);
            assertEquals(100, p.total(), prof);
            assertEquals(List.of(50, 40, 10), p.groups().stream().map(GoroutineProfile.Group::count).toList(), prof);
            assertEquals(List.of("func3", "func2", "func1"),
                    p.groups().stream().map(g -> userMethod(g)).toList(), prof);
        } finally {
            c.close();
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** The brief's case: 10 goroutines blocked at one line, 3 at another; the whole process's profile. */
    @Test
    void tenAtOneLineAndThreeAtAnotherMakeTwoGroupsWithGosFormat() {
        Set<Long> before = GoroutineLeaks.snapshot();
        Chan<Integer> c = Chan.make();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        List<Goroutine> tens = new ArrayList<>();
        List<Goroutine> threes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tens.add(Go.spawn(() -> atLineA(c)));
        }
        for (int i = 0; i < 3; i++) {
            threes.add(Go.spawn(() -> atLineB(wg)));
        }
        try {
            awaitParked(tens, WaitReason.CHAN_RECEIVE);
            awaitParked(threes, WaitReason.WAIT_GROUP);

            String prof = Go.dumpGrouped();

            // then: Go's header with the total of every live goroutine, at least ours
            Matcher total = Pattern.compile("\\Agoroutine profile: total (\\d+)\n").matcher(prof);
            assertTrue(total.find(), prof);
            assertTrue(Integer.parseInt(total.group(1)) >= 13, prof);
            // then: one group of 10 and one of 3, each with its wait reason, gort call and user frame
            String ten = groupOf(prof, "atLineA");
            String three = groupOf(prof, "atLineB");
            List<String> tenLines = ten.lines().toList();
            assertEquals("10 @ [chan receive]", tenLines.get(0), prof);
            assertTrue(tenLines.get(1).matches("#\tio\\.gort\\.chan\\.Chan\\.recv\tio/gort/chan/Chan\\.java:\\d+"), prof);
            assertTrue(tenLines.get(2).matches(
                    "#\tio\\.gort\\.GoroutineProfileTest\\.atLineA\tio/gort/GoroutineProfileTest\\.java:\\d+"), prof);
            List<String> threeLines = three.lines().toList();
            assertEquals("3 @ [sync.WaitGroup.Wait]", threeLines.get(0), prof);
            assertTrue(threeLines.get(1).startsWith("#\tio.gort.sync.WaitGroup.await\t"), prof);
            // then: the larger group first; every group ends with a blank line; frames, not the
            // hidden internals, and no "created by" (not part of a profile stack)
            assertTrue(prof.indexOf(ten) < prof.indexOf(three), prof);
            assertTrue(prof.endsWith("\n\n"), prof);
            assertTrue(!prof.contains("Continuation") && !prof.contains("created by"), prof);
            // then: the structured view agrees, ids ascending
            GoroutineProfile p = GoroutineProfile.take(concat(tens, threes));
            assertEquals(2, p.groups().size(), p.text());
            assertEquals(tens.stream().map(Goroutine::id).sorted().toList(), p.groups().get(0).ids());
            assertEquals(threes.stream().map(Goroutine::id).sorted().toList(), p.groups().get(1).ids());
            assertEquals("chan receive", p.groups().get(0).state());
        } finally {
            c.close();
            wg.done();
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    @Test
    void finishedGoroutinesAreLeftOutAndAnEmptyProfileIsJustTheHeader() {
        Goroutine done = Go.spawn(() -> { });
        done.join();
        GoroutineProfile p = GoroutineProfile.take(List.of(done));
        assertEquals(0, p.total());
        assertEquals("goroutine profile: total 0\n", p.text());
    }

    private static List<Goroutine> concat(List<Goroutine> a, List<Goroutine> b) {
        List<Goroutine> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The group (its {@code K @} line to the blank line) whose frames name {@code method}. */
    private static String groupOf(String prof, String method) {
        for (String group : prof.substring(prof.indexOf('\n') + 1).split("\n\n")) {
            if (group.contains("." + method + "\t")) {
                return group;
            }
        }
        throw new AssertionError("no group with " + method + " in\n" + prof);
    }

    /** The name of the first frame of this test class in the group: func1, func2 ... */
    private static String userMethod(GoroutineProfile.Group g) {
        return g.frames().stream().filter(f -> f.getClassName().equals(GoroutineProfileTest.class.getName()))
                .findFirst().orElseThrow().getMethodName();
    }

    private static boolean containsInOrder(String s, String... all) {
        for (String t : all) {
            int i = s.indexOf(t);
            if (i < 0) {
                return false;
            }
            s = s.substring(i + t.length());
        }
        return true;
    }
}
