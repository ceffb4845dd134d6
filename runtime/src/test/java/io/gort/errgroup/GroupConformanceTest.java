package io.gort.errgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.context.Context;
import io.gort.testutil.GoroutineLeaks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's own tests and examples of errgroup, ported: {@code errgroup/errgroup_test.go} and {@code
 * errgroup/errgroup_example_md5all_test.go} of golang/sync at commit
 * ec11c4a93de22cde2abe2bf74d70791033c2464c (2026-02-23). One method per Go test or example, same
 * names. Go compares errors with {@code ==}; here {@link Group#awaitError()} (Go's shape) is compared
 * with {@code assertSame}, and the Java shape {@link Group#await()} is checked to carry the same
 * instance as its cause. Adapted, and why:
 * <ul>
 *   <li>{@code ExampleGroup_justErrors} fetches real URLs over HTTP; here a fake fetch (a map of URL
 *       to outcome), once with every URL answering (the example's printed line) and once with one
 *       failing (no line, the fetch's error from await).
 *   <li>{@code ExampleGroup_pipeline} walks the real current directory; here {@code MD5All} walks a
 *       fake file tree (a sorted map of path to contents, with an optional unreadable file), and the
 *       sums are checked against {@link MessageDigest} directly; plus the error path Go's comment
 *       describes (a read error: MD5All returns it and every goroutine has ended).
 *   <li>{@code TestGoLimit} sleeps 1 µs "to give other goroutines a chance"; here {@link Go#yield()}.
 *   <li>{@code BenchmarkGo}: benchmarks live in the bench module (ErrgroupBenchmark).
 *   <li>The panic tests of older x/sync (re-panic in Wait) were reverted upstream (commit 7fad2c9);
 *       gort's rule for throwing tasks is tested in {@link GroupTest}.
 * </ul>
 */
@Timeout(30)
class GroupConformanceTest {

    // ---- ExampleGroup_justErrors ---------------------------------------------------------------

    private static List<String> justErrors(Map<String, Exception> fetchOutcome) {
        List<String> out = new ArrayList<>();
        Group g = new Group();
        List<String> urls = List.of("http://www.golang.org/", "http://www.google.com/", "http://www.somestupidname.com/");
        for (String url : urls) {
            // Launch a goroutine to fetch the URL.
            g.go(() -> {
                Exception e = fetchOutcome.get(url);   // the fake http.Get
                if (e != null) {
                    throw e;
                }
            });
        }
        // Wait for all HTTP fetches to complete.
        if (g.awaitError() == null) {
            out.add("Successfully fetched all URLs.");
        }
        return out;
    }

    /** ExampleGroup_justErrors, every fetch succeeding: the example's line is printed. */
    @Test
    void exampleGroupJustErrors() {
        assertEquals(List.of("Successfully fetched all URLs."), justErrors(Map.of()));
    }

    /** ExampleGroup_justErrors with the third host unknown (as it is in real life): nothing printed. */
    @Test
    void exampleGroupJustErrorsFailing() {
        var unknownHost = new IOException("dial tcp: lookup www.somestupidname.com: no such host");
        assertEquals(List.of(), justErrors(Map.of("http://www.somestupidname.com/", unknownHost)));
    }

    // ---- ExampleGroup_parallel -----------------------------------------------------------------

    interface Search {
        String search(Context ctx, String query) throws Exception;
    }

    private static Search fakeSearch(String kind) {
        return (ctx, query) -> kind + " result for \"" + query + "\"";
    }

    private static List<String> google(Context parent, String query, List<Search> searches) {
        Group g = Group.withContext(parent);
        Context ctx = g.context();
        String[] results = new String[searches.size()];
        for (int i = 0; i < searches.size(); i++) {
            int idx = i;
            Search search = searches.get(i);
            g.go(() -> results[idx] = search.search(ctx, query));
        }
        g.await();   // throws the first error: Go's "if err := g.Wait(); err != nil { return nil, err }"
        return Arrays.asList(results);
    }

    /** ExampleGroup_parallel: the results, written by the tasks, are all visible after await. */
    @Test
    void exampleGroupParallel() {
        List<String> results = google(Context.background(), "golang",
                List.of(fakeSearch("web"), fakeSearch("image"), fakeSearch("video")));
        assertEquals(List.of("web result for \"golang\"", "image result for \"golang\"", "video result for \"golang\""), results);
    }

    /** ExampleGroup_parallel with a failing search: Google returns (throws) its error. */
    @Test
    void exampleGroupParallelError() {
        Exception down = new Exception("image search is down");
        GroupException e = assertThrows(GroupException.class, () -> google(Context.background(), "golang",
                List.of(fakeSearch("web"), (ctx, q) -> { throw down; }, fakeSearch("video"))));
        assertSame(down, e.getCause());
    }

    // ---- ExampleGroup_pipeline (MD5All) --------------------------------------------------------

    record Result(String path, byte[] sum) { }

    /** A fake file system: regular files by path, sorted as filepath.Walk visits them; some unreadable. */
    record FakeTree(TreeMap<String, byte[]> files, Set<String> unreadable) {
        byte[] readFile(String path) throws IOException {
            if (unreadable.contains(path)) {
                throw new IOException("open " + path + ": permission denied");
            }
            return files.get(path);
        }
    }

    private static byte[] md5(byte[] data) {
        try {
            return MessageDigest.getInstance("MD5").digest(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Go's MD5All, line by line: a walker, 20 digesters and a closer under one Group. */
    static Map<String, byte[]> md5All(Context parent, FakeTree root) {
        // ctx is cancelled when g.await() returns. When this version of MD5All returns - even in case
        // of error! - we know that all of the goroutines have finished.
        Group g = Group.withContext(parent);
        Context ctx = g.context();
        Chan<String> paths = Chan.make();

        g.go(() -> {
            try {
                for (String path : root.files().keySet()) {   // filepath.Walk over regular files
                    boolean sent = Select.select(
                            paths.onSend(path, () -> true),
                            ctx.done().onRecv(x -> false));
                    if (!sent) {
                        throw ctx.err();
                    }
                }
            } finally {
                paths.close();
            }
        });

        // Start a fixed number of goroutines to read and digest files.
        Chan<Result> c = Chan.make();
        final int numDigesters = 20;
        for (int i = 0; i < numDigesters; i++) {
            g.go(() -> {
                for (String path : paths) {
                    byte[] data = root.readFile(path);
                    Result r = new Result(path, md5(data));
                    boolean sent = Select.select(
                            c.onSend(r, () -> true),
                            ctx.done().onRecv(x -> false));
                    if (!sent) {
                        throw ctx.err();
                    }
                }
            });
        }
        Go.spawn(() -> {
            g.awaitError();
            c.close();
        });

        Map<String, byte[]> m = new TreeMap<>();
        for (Result r : c) {
            m.put(r.path(), r.sum());
        }
        // Check whether any of the goroutines failed. Since g is accumulating the errors, we don't
        // need to send them (or check for them) in the individual results sent on the channel.
        g.await();
        return m;
    }

    private static FakeTree tree(int files, String... unreadable) {
        TreeMap<String, byte[]> f = new TreeMap<>();
        for (int i = 0; i < files; i++) {
            f.put("dir" + (i % 7) + "/file" + i + ".txt", ("contents of file " + i).repeat(i % 13 + 1).getBytes(StandardCharsets.UTF_8));
        }
        return new FakeTree(f, Set.of(unreadable));
    }

    /** ExampleGroup_pipeline: every file's sum, as MessageDigest computes it; no goroutine left. */
    @Test
    void exampleGroupPipeline() {
        var before = GoroutineLeaks.snapshot();
        FakeTree root = tree(200);
        Map<String, byte[]> m = md5All(Context.background(), root);
        assertEquals(root.files().keySet(), m.keySet());
        HexFormat hex = HexFormat.of();
        for (var e : root.files().entrySet()) {
            assertEquals(hex.formatHex(md5(e.getValue())), hex.formatHex(m.get(e.getKey())), e.getKey());
        }
        GoroutineLeaks.assertNoneLeft(before);
    }

    /** ExampleGroup_pipeline's error path: a file cannot be read; MD5All throws that error, and has stopped everything. */
    @Test
    void exampleGroupPipelineReadError() {
        var before = GoroutineLeaks.snapshot();
        FakeTree root = tree(500, "dir3/file10.txt");
        GroupException e = assertThrows(GroupException.class, () -> md5All(Context.background(), root));
        assertTrue(e.getCause() instanceof IOException, e.toString());
        assertEquals("open dir3/file10.txt: permission denied", e.getCause().getMessage());
        GoroutineLeaks.assertNoneLeft(before);
    }

    // ---- Tests ----------------------------------------------------------------------------------

    /** TestZeroGroup: after each go, await returns the first non-null error (the same instance). */
    @Test
    void testZeroGroup() {
        Exception err1 = new Exception("errgroup_test: 1");
        Exception err2 = new Exception("errgroup_test: 2");
        List<List<Exception>> cases = List.of(
                List.of(),
                Arrays.asList((Exception) null),
                List.of(err1),
                Arrays.asList(err1, null),
                Arrays.asList(err1, null, err2));
        for (List<Exception> errs : cases) {
            Group g = new Group();
            Exception firstErr = null;
            for (int i = 0; i < errs.size(); i++) {
                Exception err = errs.get(i);
                g.go(() -> {
                    if (err != null) {
                        throw err;
                    }
                });
                if (firstErr == null && err != null) {
                    firstErr = err;
                }
                Throwable gErr = g.awaitError();
                assertSame(firstErr, gErr, "after go(...) for errs " + errs.subList(0, i + 1));
                if (firstErr != null) {
                    Exception f = firstErr;
                    GroupException ge = assertThrows(GroupException.class, g::await);
                    assertSame(f, ge.getCause());
                } else {
                    g.await();
                }
            }
        }
    }

    private static List<List<Exception>> contextCases(Exception errDoom) {
        return List.of(
                List.of(),
                Arrays.asList((Exception) null),
                List.of(errDoom),
                Arrays.asList(errDoom, null));
    }

    /** TestWithContext: await returns the first error, and the context is done after await. */
    @Test
    void testWithContext() {
        Exception errDoom = new Exception("group_test: doomed");
        for (List<Exception> errs : contextCases(errDoom)) {
            Exception want = errs.isEmpty() ? null : errs.get(0);
            Group g = Group.withContext(Context.background());
            Context ctx = g.context();
            for (Exception err : errs) {
                g.go(() -> {
                    if (err != null) {
                        throw err;
                    }
                });
            }
            assertSame(want, g.awaitError(), "errs " + errs);
            boolean canceled = Select.select(ctx.done().onRecv(x -> true), Select.onDefault(() -> false));
            assertTrue(canceled, "after await for errs " + errs + ": ctx.done() was not closed");
        }
    }

    /** TestTryGo: tryGo fills the limit, then fails; frees up after await; limit 1, then 0 blocks all. */
    @Test
    void testTryGo() {
        Group g = new Group();
        int n = 42;
        g.setLimit(42);
        Chan<Boolean> ch = Chan.make();
        Task fn = () -> ch.send(true);
        for (int i = 0; i < n; i++) {
            if (!g.tryGo(fn)) {
                fail("tryGo should succeed but got fail at " + i + "-th call.");
            }
        }
        if (g.tryGo(fn)) {
            fail("tryGo is expected to fail but succeeded.");
        }
        Go.spawn(() -> {
            for (int i = 0; i < n; i++) {
                ch.recv();
            }
        });
        g.await();

        if (!g.tryGo(fn)) {
            fail("tryGo should succeed but got fail after all goroutines.");
        }
        Go.spawn(ch::recv);
        g.await();

        // Switch limit.
        g.setLimit(1);
        if (!g.tryGo(fn)) {
            fail("tryGo should succeed but got failed.");
        }
        if (g.tryGo(fn)) {
            fail("tryGo should fail but succeeded.");
        }
        Go.spawn(ch::recv);
        g.await();

        // Block all calls.
        g.setLimit(0);
        for (int i = 0; i < 1 << 10; i++) {
            if (g.tryGo(fn)) {
                fail("tryGo should fail but got succeeded.");
            }
        }
        g.await();
    }

    /** TestGoLimit: with a limit of 10, no more than 10 tasks are ever active at once. */
    @Test
    void testGoLimit() {
        final int limit = 10;
        Group g = new Group();
        g.setLimit(limit);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        for (int i = 0; i <= 1 << 10; i++) {
            g.go(() -> {
                int n = active.incrementAndGet();
                peak.accumulateAndGet(n, Math::max);
                if (n > limit) {
                    throw new Exception("saw " + n + " active goroutines; want ≤ " + limit);
                }
                Go.yield();   // give other goroutines a chance to increment active
                active.decrementAndGet();
            });
        }
        assertNull(g.awaitError());
        assertTrue(peak.get() >= 1 && peak.get() <= limit, "peak " + peak);
    }

    /** TestCancelCause: the context's cause is the first error, or Context.CANCELED when none failed. */
    @Test
    void testCancelCause() {
        Exception errDoom = new Exception("group_test: doomed");
        for (List<Exception> errs : contextCases(errDoom)) {
            Exception want = errs.isEmpty() ? null : errs.get(0);
            Group g = Group.withContext(Context.background());
            Context ctx = g.context();
            for (Exception err : errs) {
                assertTrue(g.tryGo(() -> {
                    if (err != null) {
                        throw err;
                    }
                }));
            }
            assertSame(want, g.awaitError(), "errs " + errs);
            Throwable wantCause = want == null ? Context.CANCELED : want;
            assertSame(wantCause, Context.cause(ctx), "Context.cause(ctx) for errs " + errs);
        }
    }

    /** The limit counts goroutines, not calls: a blocked go() is not active (TestGoLimit's converse). */
    @Test
    void testGoBlocksAtLimitUntilASlotFrees() {
        Group g = new Group();
        g.setLimit(1);
        Chan<Boolean> release = Chan.make();
        g.go(release::recv);
        Chan<Boolean> secondStarted = Chan.make(1);
        var caller = Go.spawn(() -> g.go(() -> secondStarted.send(true)));
        boolean early = Select.select(secondStarted.onRecv(x -> true),
                io.gort.Time.after(java.time.Duration.ofMillis(50)).onRecv(x -> false));
        assertFalse(early, "the second task started while the first held the only slot");
        release.send(true);
        assertTrue(secondStarted.recv());
        caller.join();
        assertNull(g.awaitError());
    }
}
