package io.gort.bench;

import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import java.util.concurrent.TimeUnit;
import kotlinx.coroutines.CompletableJob;
import kotlinx.coroutines.Job;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Go's context package against gort's {@link Context} and Kotlin's {@code Job} tree, after Go's own
 * src/context/benchmark_test.go (Go 1.19.8: BenchmarkCommonParentCancel, BenchmarkCancelTree,
 * BenchmarkCheckCanceled, BenchmarkContextCancelDone), single-threaded:
 * <ul>
 *   <li>{@link #withCancel}: derive a cancel context from a live cancelable parent and cancel it
 *       (the child joins the parent's children and leaves again); Kotlin: {@code Job(parent)},
 *       {@code cancel()};</li>
 *   <li>{@link #err}: {@code ctx.err()} of a live context; Kotlin: {@code job.isActive};</li>
 *   <li>{@link #doneSelect}: {@code select { case <-ctx.Done(): default: }} on a live context,
 *       {@value #SELECTS} per operation; Kotlin: {@code select { job.onJoin {}; onTimeout(0) {} }}
 *       (its select has no default; a zero timeout is the nearest), in one {@code runBlocking};</li>
 *   <li>{@link #tree}: build a tree of {@value #NODES} cancel contexts under a fresh root
 *       ({@value #FANOUT} children per node, {@value #DEPTH} levels: 10,000 leaves), then cancel the
 *       root; µs per tree, the build and the cancel;</li>
 *   <li>{@link #treeCancel}: the same tree built before each operation ({@link Tree}); only the
 *       root's cancel is timed.</li>
 * </ul>
 * No node's {@code done()} is asked for, as in Go's BenchmarkCancelTree (Go makes a done channel
 * only when asked). Checked: the children are canceled and the parent is not; the tree has
 * {@value #NODES} nodes and its last leaf is canceled; no select saw done. Go: {@code bench/go
 * ctx-withcancel, ctx-err, ctx-done-select, ctx-tree, ctx-tree-cancel}. The JDK has no
 * cancellation tree (StructuredTaskScope, a preview in JDK 25, cancels threads, not values).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xms1g", "-Xmx2g"})
public class CtxContextBenchmark extends CtxBenchmark {
    static final int FANOUT = 10, DEPTH = 4, NODES = 11_110, SELECTS = 1000;

    @Param({"gort", "kotlin"})
    public String kind;

    boolean gort;
    private CancelContext parent;        // gort: a live cancelable parent
    private CompletableJob parentJob;    // kotlin
    private Object lastChild;            // the last child withCancel made, checked after each iteration

    @Setup(Level.Trial)
    public void setUp() {
        gort = switch (kind) {
            case "gort" -> true;
            case "kotlin" -> false;
            default -> throw new IllegalArgumentException("unknown context subject " + kind);
        };
        if (gort) {
            parent = Context.withCancel(Context.background());
        } else {
            parentJob = KotlinCtx.root();
        }
    }

    @TearDown(Level.Iteration)
    public void checkLastChild() {
        if (lastChild == null) {
            return;
        }
        boolean canceled = gort ? ((Context) lastChild).err() == Context.CANCELED : ((Job) lastChild).isCancelled();
        boolean parentLive = gort ? parent.err() == null : parentJob.isActive();
        if (!canceled || !parentLive) {
            throw new AssertionError("withCancel: the last child is " + (canceled ? "" : "not ")
                    + "canceled and the parent is " + (parentLive ? "live" : "canceled"));
        }
        lastChild = null;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (gort) {
            parent.cancel();
        } else {
            parentJob.cancel(null);
        }
    }

    @Benchmark
    public Object withCancel() {
        Object child;
        if (gort) {
            CancelContext c = Context.withCancel(parent);
            c.cancel();
            child = c;
        } else {
            child = KotlinCtx.withCancel(parentJob);
        }
        lastChild = child;
        return child;
    }

    @Benchmark
    public boolean err() {
        boolean done = gort ? parent.err() != null : !KotlinCtx.isActive(parentJob);
        if (done) {
            throw new AssertionError("err: the live parent reads as done");
        }
        return done;
    }

    @Benchmark
    @OperationsPerInvocation(SELECTS)
    public int doneSelect() {
        int done = 0;
        if (gort) {
            for (int i = 0; i < SELECTS; i++) {
                if (Select.select(parent.done().onRecv(x -> Boolean.TRUE), Select.onDefault(() -> Boolean.FALSE))) {
                    done++;
                }
            }
        } else {
            done = KotlinCtx.doneSelect(parentJob, SELECTS);
        }
        return (int) check("doneSelect", "selects that saw done", done, 0);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object tree() {
        if (gort) {
            CancelContext root = Context.withCancel(Context.background());
            Context[] leaf = new Context[1];
            check("tree", "contexts built", build(root, DEPTH, leaf), NODES);
            root.cancel();
            checkGortLeaf(leaf[0]);
            return leaf[0];
        }
        CompletableJob root = KotlinCtx.root();
        KotlinCtx.Built built = KotlinCtx.buildTree(root, FANOUT, DEPTH);
        check("tree", "jobs built", built.getMade(), NODES);
        root.cancel(null);
        checkKotlinLeaf(built.getLeaf());
        return built.getLeaf();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object treeCancel(Tree t) {
        if (gort) {
            t.root.cancel();
        } else {
            t.rootJob.cancel(null);
        }
        return t;
    }

    /** A tree built before each {@link #treeCancel} operation and checked after it. */
    @State(Scope.Thread)
    public static class Tree {
        CancelContext root;
        Context leaf;
        CompletableJob rootJob;
        Job leafJob;

        @Setup(Level.Invocation)
        public void build(CtxContextBenchmark b) {
            if (b.gort) {
                root = Context.withCancel(Context.background());
                Context[] last = new Context[1];
                check("treeCancel", "contexts built", CtxContextBenchmark.build(root, DEPTH, last), NODES);
                leaf = last[0];
            } else {
                rootJob = KotlinCtx.root();
                KotlinCtx.Built built = KotlinCtx.buildTree(rootJob, FANOUT, DEPTH);
                check("treeCancel", "jobs built", built.getMade(), NODES);
                leafJob = built.getLeaf();
            }
        }

        @TearDown(Level.Invocation)
        public void verify() {
            if (root != null) {
                checkGortLeaf(leaf);
            } else {
                checkKotlinLeaf(leafJob);
            }
            root = null;
            leaf = null;
            rootJob = null;
            leafJob = null;
        }
    }

    /** Derives {@value #FANOUT} children of {@code parent}, and of each, {@code depth} levels; returns how many; the last leaf goes to {@code leaf[0]}. */
    static int build(Context parent, int depth, Context[] leaf) {
        if (depth == 0) {
            leaf[0] = parent;
            return 0;
        }
        int made = 0;
        for (int i = 0; i < FANOUT; i++) {
            CancelContext c = Context.withCancel(parent);     // canceled through the root
            made += 1 + build(c, depth - 1, leaf);
        }
        return made;
    }

    static void checkGortLeaf(Context leaf) {
        if (leaf.err() != Context.CANCELED) {
            throw new AssertionError("tree: a leaf's err() is " + leaf.err() + " after the root's cancel");
        }
    }

    static void checkKotlinLeaf(Job leaf) {
        if (!leaf.isCancelled() || !leaf.isCompleted()) {
            throw new AssertionError("tree: a leaf job is not cancelled and completed after the root's cancel: " + leaf);
        }
    }
}
