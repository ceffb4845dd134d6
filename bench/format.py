#!/usr/bin/env python3
"""Formats bench/run's results as markdown: the scheduler table and the channel table, each with one
row per workload and one column per subject.

usage: format.py machine.txt jmh.json go.txt [jmh-chan.json go-chan.txt [jmh-sync.json go-sync.txt
                 [jmh-ctx.json go-ctx.txt]]]
       (a missing or empty file leaves its cells blank; without the channel files, no channel table;
        the sync and ctx tables only when their JMH or Go file exists)
"""
import json
import os
import re
import sys

# (row label, JMH benchmark, unit, Go workload name)
ROWS = [
    ("spawn (ns/goroutine)", "io.gort.bench.SpawnBenchmark.spawn", "spawn"),
    ("fork/join tree (ms/tree)", "io.gort.bench.ForkJoinTreeBenchmark.tree", "forkjoin"),
    ("ping-pong (ns/round trip)", "io.gort.bench.PingPongBenchmark.pingPong", "pingpong"),
]
# (column header, JMH kind param)
SUBJECTS = [
    ("gort workstealing", "workstealing"),
    ("gort global", "global"),
    ("gort forkjoin", "forkjoin"),
    ("JDK default VT (gort `jdk`)", "jdk"),
    ("JDK VT, plain", "vt"),
    ("Kotlin", "kotlin"),
]


def load_machine(path):
    info = {}
    if os.path.exists(path):
        for line in open(path):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                info[k] = v
    return info


# The channel table. (row label, JMH benchmark, Go workload name)
CHAN_ROWS = [
    ("ping-pong, 2 unbuffered channels (ns/round trip)", "io.gort.bench.ChanPingPongBenchmark.pingPong", "chan-pingpong"),
    ("SPSC, capacity 1024 (ns/msg)", "io.gort.bench.ChanBufferedBenchmark.spsc", "chan-spsc"),
    ("MPMC 4×4, capacity 1024 (ns/msg)", "io.gort.bench.ChanBufferedBenchmark.mpmc", "chan-mpmc"),
    ("select over 4 unbuffered, 4 producers (ns/msg)", "io.gort.bench.ChanSelectBenchmark.select", "chan-select"),
    ("prime sieve, 2,000 primes (ms)", "io.gort.bench.ChanSieveBenchmark.sieve", "chan-sieve"),
    ("skynet, 1M leaves (ms)", "io.gort.bench.ChanSkynetBenchmark.skynet", "chan-skynet"),
    ("ping-pong, receive selects with a 1 s timeout (ns/round trip)", "io.gort.bench.ChanTimeoutBenchmark.timeoutSelect",
     "chan-timeout"),
]
# (column header, JMH kind param, has gort code)
CHAN_SUBJECTS = [
    ("gort workstealing", "workstealing", True),
    ("gort global", "global", True),
    ("gort forkjoin", "forkjoin", True),
    ("gort chan on JDK scheduler (`jdk`)", "jdk", True),
    ("JDK VT + j.u.c (`vt`)", "vt", False),
    ("jox on JDK VT (`jox`)", "jox", False),
    ("jox on gort workstealing (`jox-ws`)", "jox-ws", True),
    ("Kotlin (`kotlin`)", "kotlin", False),
]


def load_jmh(path):
    scores = {}
    if os.path.exists(path) and os.path.getsize(path) > 0:
        for r in json.load(open(path)):
            kind = r.get("params", {}).get("kind")
            m = r["primaryMetric"]
            err = to_float(m.get("scoreError"))                 # JMH writes "NaN" with too few iterations
            scores[(r["benchmark"], kind)] = (to_float(m["score"]), err)
    return scores


def load_jmh_params(path):
    """Scores keyed by (benchmark, all its params as a sorted tuple): for benchmarks with more than `kind`."""
    scores = {}
    if os.path.exists(path) and os.path.getsize(path) > 0:
        for r in json.load(open(path)):
            m = r["primaryMetric"]
            key = (r["benchmark"], tuple(sorted(r.get("params", {}).items())))
            scores[key] = (to_float(m["score"]), to_float(m.get("scoreError")))
    return scores


def to_float(x):
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return None if x != x else x


def load_go(path):
    scores = {}
    if os.path.exists(path):
        for line in open(path):
            m = re.match(r"RESULT (\S+) (\S+) ", line)
            if m:
                scores[m.group(1)] = float(m.group(2))
    return scores


def fmt(x):
    if x is None:
        return "—"
    return f"{x:.0f}" if x >= 100 else f"{x:.3g}"


def cell(v):
    if v is None:
        return "—"
    score, err = v
    return fmt(score) + (f" ± {fmt(err)}" if err is not None else "")


def ratio(a, b):
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def main():
    machine, jmh, go = load_machine(sys.argv[1]), load_jmh(sys.argv[2]), load_go(sys.argv[3])
    go_version = machine.get("go", "Go").replace("go version ", "")
    out = ["# gort benchmarks", "", "## Schedulers", ""]
    out.append(f"Machine: {machine.get('nproc', '?')} CPUs ({machine.get('cpu', '?')}), {machine.get('mem', '?')}, "
               f"load average at start {machine.get('load', '?')}; {machine.get('jdk', '?')}; {go_version}; "
               f"{machine.get('date', '?')}; gort {machine.get('commit', '?')}.")
    out.append(f"Every subject ran with {machine.get('procs', '?')} carriers (GOMAXPROCS, gort parallelism, "
               f"jdk.virtualThreadScheduler.parallelism, Kotlin's core pool). JMH `{machine.get('jmh', '?')}`: "
               "score ± 99.9% half-interval; Go: median of the measured runs. Lower is better.")
    out.append("")
    header = ["workload"] + [h for h, _ in SUBJECTS] + ["Go", "ws / jdk", "ws / plain VT", "ws / Go"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    targets = []
    for label, bench, goname in ROWS:
        vals = {k: jmh.get((bench, k)) for _, k in SUBJECTS}
        g = go.get(goname)
        ws = vals["workstealing"][0] if vals["workstealing"] else None
        jdk = vals["jdk"][0] if vals["jdk"] else None
        vt = vals["vt"][0] if vals["vt"] else None
        kt = vals["kotlin"][0] if vals["kotlin"] else None
        row = [label] + [cell(vals[k]) for _, k in SUBJECTS] + [fmt(g), ratio(ws, jdk), ratio(ws, vt), ratio(ws, g)]
        out.append("| " + " | ".join(row) + " |")
        if goname == "pingpong" and ws is not None and jdk is not None:
            targets.append(("ping-pong: workstealing ≤ 0.5× JDK default", ws <= 0.5 * jdk, ratio(ws, jdk)))
        if goname == "spawn" and ws is not None:
            if g is not None:
                targets.append(("spawn: workstealing ≤ 0.5× Go", ws <= 0.5 * g, ratio(ws, g)))
            if jdk is not None:
                targets.append(("spawn: workstealing ≤ JDK default", ws <= jdk, ratio(ws, jdk)))
            if kt is not None:
                targets.append(("spawn: workstealing ≤ Kotlin", ws <= kt, ratio(ws, kt)))
    out.append("")
    out.append("Go's ping-pong uses two unbuffered channels (Go has no park/unpark); the Java subjects hand the turn "
               "over with `LockSupport.park/unpark`. Kotlin runs only the spawn workload (`launch` on `Dispatchers.Default`).")
    if targets:
        out.append("")
        out.append("| target | ratio | met |")
        out.append("|---|---|---|")
        for name, ok, r in targets:
            out.append(f"| {name} | {r} | {'yes' if ok else '**no**'} |")
    if len(sys.argv) > 5:
        out += chan_table(machine, load_jmh(sys.argv[4]), load_go(sys.argv[5]))
    if len(sys.argv) > 7 and (os.path.exists(sys.argv[6]) or os.path.exists(sys.argv[7])):
        out += sync_table(machine, load_jmh(sys.argv[6]), load_go(sys.argv[7]), load_jmh_params(sys.argv[6]))
    if len(sys.argv) > 9 and (os.path.exists(sys.argv[8]) or os.path.exists(sys.argv[9])):
        out += ctx_table(machine, load_jmh(sys.argv[8]), load_go(sys.argv[9]))
    print("\n".join(out))


def chan_table(machine, jmh, go):
    """The channel workloads: every subject side by side, and gort's work-stealing subject over the
    fastest subject with no gort code in it (JDK VT + j.u.c, jox on JDK VT, Kotlin, Go)."""
    out = ["", "## Channels", ""]
    out.append(f"The same machine and carriers. JMH `{machine.get('jmh_chan', '?')}` (empty: each class's own "
               "`@Fork/@Warmup/@Measurement`, see bench/README.md); Go: median of the measured runs. Lower is better. "
               "`best without gort`: the fastest of JDK VT + j.u.c, jox on JDK VT, Kotlin and Go; `ws / jox-ws`: the same "
               "scheduler, gort's channel algorithm over jox's (ADR 0003).")
    out.append("")
    header = (["workload"] + [h for h, _, _ in CHAN_SUBJECTS]
              + ["Go", "best without gort", "ws / best", "ws / jox-ws", "ws / Go"])
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for label, bench, goname in CHAN_ROWS:
        vals = {k: jmh.get((bench, k)) for _, k, _ in CHAN_SUBJECTS}
        score = {k: (v[0] if v else None) for k, v in vals.items()}
        g = go.get(goname)
        others = [(score[k], h.split(" (")[0]) for h, k, gort in CHAN_SUBJECTS if not gort and score[k] is not None]
        if g is not None:
            others.append((g, "Go"))
        best = min(others) if others else None
        ws = score["workstealing"]
        row = ([label] + [cell(vals[k]) for _, k, _ in CHAN_SUBJECTS]
               + [fmt(g), f"{best[1]} {fmt(best[0])}" if best else "—",
                  ratio(ws, best[0] if best else None), ratio(ws, score["jox-ws"]), ratio(ws, g)])
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    out.append("Java and Kotlin channels carry boxed integers, Go plain ints. `vt` has no select (j.u.c has none): "
               "its timeout row is `SynchronousQueue.poll(1 s)`; jox's timeout is `Select.selectWithin`, which starts and "
               "joins a virtual thread on the JDK's scheduler per select. A `—`: the subject does not run that workload (or was left out of this run).")
    return out


# The sync table. (row label, JMH benchmark, Go workload name)
SYNC_ROWS = [
    ("Mutex uncontended: own mutex per goroutine (ns/lock+unlock)", "io.gort.bench.SyncMutexBenchmark.uncontended",
     "sync-mutex-uncontended"),
    ("Mutex: 2 goroutines, one mutex (ns/lock+unlock)", "io.gort.bench.SyncMutexBenchmark.mutex", "sync-mutex"),
    ("Mutex slack: 20 goroutines, one mutex (ns/lock+unlock)", "io.gort.bench.SyncMutexBenchmark.slack", "sync-mutex-slack"),
    ("RWMutex uncontended: RLock×2 RUnlock×2 Lock Unlock (ns/iteration)", "io.gort.bench.SyncRWMutexBenchmark.uncontended",
     "sync-rwmutex-uncontended"),
    ("RWMutex write 1 in 100 (ns/iteration)", "io.gort.bench.SyncRWMutexBenchmark.write100", "sync-rwmutex-write100"),
    ("RWMutex write 1 in 10 (ns/iteration)", "io.gort.bench.SyncRWMutexBenchmark.write10", "sync-rwmutex-write10"),
    ("RWMutex work, write 1 in 100 (ns/iteration)", "io.gort.bench.SyncRWMutexBenchmark.workWrite100",
     "sync-rwmutex-workwrite100"),
    ("RWMutex work, write 1 in 10 (ns/iteration)", "io.gort.bench.SyncRWMutexBenchmark.workWrite10",
     "sync-rwmutex-workwrite10"),
    ("WaitGroup uncontended: Add Done Wait (ns/iteration)", "io.gort.bench.SyncWaitGroupBenchmark.uncontended",
     "sync-waitgroup-uncontended"),
    ("WaitGroup Add+Done, shared (ns/iteration)", "io.gort.bench.SyncWaitGroupBenchmark.addDone", "sync-waitgroup-adddone"),
    ("WaitGroup Wait at zero, shared (ns/call)", "io.gort.bench.SyncWaitGroupBenchmark.await", "sync-waitgroup-wait"),
    ("Once.Do, done (ns/call)", "io.gort.bench.SyncOnceBenchmark.once", "sync-once"),
    ("counter: 8 goroutines × 1M increments under one Mutex (ns/increment)", "io.gort.bench.SyncCounterBenchmark.counter",
     "sync-counter"),
]
# (column header, JMH kind param)
SYNC_SUBJECTS = [
    ("gort (`gort`)", "gort"),
    ("JDK VT + j.u.c (`vt-juc`)", "vt-juc"),
    ("Kotlin (`kotlin`)", "kotlin"),
]


def sync_table(machine, jmh, go, raw=None):
    """The sync workloads: gort's io.gort.sync, j.u.c on virtual threads, Kotlin and Go side by side,
    and gort over the fastest of the others (the target: at most 1.00×)."""
    out = ["", "## Sync", ""]
    out.append(f"The same machine and carriers. JMH `{machine.get('jmh_sync', '?')}` (empty: each class's own "
               "`@Fork/@Warmup/@Measurement`, see bench/README.md); Go: median of the measured runs. Lower is better. "
               "`best other`: the fastest of j.u.c on virtual threads, Kotlin and Go; `gort / best`: the target is ≤ 1.00×.")
    out.append("")
    header = ["workload"] + [h for h, _ in SYNC_SUBJECTS] + ["Go", "best other", "gort / best", "gort / Go"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    met = missed = 0
    for label, bench, goname in SYNC_ROWS:
        vals = {k: jmh.get((bench, k)) for _, k in SYNC_SUBJECTS}
        score = {k: (v[0] if v else None) for k, v in vals.items()}
        g = go.get(goname)
        others = [(score[k], h.split(" (")[0]) for h, k in SYNC_SUBJECTS if k != "gort" and score[k] is not None]
        if g is not None:
            others.append((g, "Go"))
        best = min(others) if others else None
        gort = score["gort"]
        if gort is not None and best is not None:
            if gort <= best[0]:
                met += 1
            else:
                missed += 1
        row = ([label] + [cell(vals[k]) for _, k in SYNC_SUBJECTS]
               + [fmt(g), f"{best[1]} {fmt(best[0])}" if best else "—", ratio(gort, best[0] if best else None),
                  ratio(gort, g)])
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    out.append("`vt-juc`: `ReentrantLock`, `ReentrantReadWriteLock`, a `Phaser` for WaitGroup's Add/Done/Wait and a "
               "`CountDownLatch` at zero for Wait, a volatile flag + `ReentrantLock` for Once. Kotlin: "
               "`kotlinx.coroutines.sync.Mutex`, and `lazy` for Once; it has no public RW mutex or WaitGroup (`—`). "
               f"Target (gort no slower than the fastest other subject): met on {met} of {met + missed} rows "
               "with a gort figure. Differences under ~1.3× within one run are weak evidence on this machine.")
    raw = raw or {}
    pool = "io.gort.bench.SyncPoolBenchmark."
    if any(k[0].startswith(pool) for k in raw):
        out += ["", "### Pool", "",
                "Go's BenchmarkPool (put + get of one object; ns per pair) and BenchmarkPoolOverflow (100 puts, then "
                "100 gets; ns per batch), G goroutines splitting the work on gort's work-stealing scheduler. "
                "`clq`: a `ConcurrentLinkedQueue` free list; `mpmc`: a JCTools `MpmcArrayQueue` free list (1024).", "",
                "| workload | gort Pool | CLQ free list | MPMC free list | Go 1.19 | Pool / CLQ | Pool / best |",
                "|---|---|---|---|---|---|---|"]
        for bench, label, goname in (("pool", "BenchmarkPool", "sync-pool"),
                                     ("poolOverflow", "BenchmarkPoolOverflow", "sync-pool-overflow")):
            for g in ("2", "8"):
                v = {k: raw.get((pool + bench, (("goroutines", g), ("kind", k)))) for k in ("pool", "clq", "mpmc")}
                gv = go.get(f"{goname}-g{g}")
                others = [x[0] for k, x in v.items() if k != "pool" and x] + ([gv] if gv is not None else [])
                p = v["pool"][0] if v["pool"] else None
                out.append(f"| {label}, {g} goroutines | {cell(v['pool'])} | {cell(v['clq'])} | {cell(v['mpmc'])} | "
                           f"{fmt(gv)} | {ratio(p, v['clq'][0] if v['clq'] else None)} | "
                           f"{ratio(p, min(others) if others else None)} |")
    sem = "io.gort.bench.SyncSemaphoreBenchmark.acquireRelease"
    if any(k[0] == sem for k in raw):
        out += ["", "### Weighted semaphore", "",
                "8 goroutines each acquire and release one unit 10,000 times, with a little work while holding it "
                "(ns per acquire+release). `gort-ws`: gort's Semaphore on gort's scheduler; `gort-vt`: on plain "
                "virtual threads; `juc-vt` / `juc-ws`: a fair `java.util.concurrent.Semaphore` on each. x/sync has "
                "no contended benchmark (and is not in Go 1.19's standard library), so there is no Go column.", "",
                "| capacity | gort-ws | gort-vt | juc-vt | juc-ws | gort-ws / best j.u.c |", "|---|---|---|---|---|---|"]
        for c in ("1", "4"):
            v = {k: raw.get((sem, (("cap", c), ("kind", k)))) for k in ("gort-ws", "gort-vt", "juc-vt", "juc-ws")}
            juc = [x[0] for k, x in v.items() if k.startswith("juc") and x]
            out.append(f"| {c} | {cell(v['gort-ws'])} | {cell(v['gort-vt'])} | {cell(v['juc-vt'])} | {cell(v['juc-ws'])} | "
                       f"{ratio(v['gort-ws'][0] if v['gort-ws'] else None, min(juc) if juc else None)} |")
    return out


# The ctx table (issue 5). (row label, JMH benchmark, gort kind, JDK-world kind, Kotlin kind, Go workload);
# None: no such subject for that row.
CTX = "io.gort.bench.Ctx"
CTX_ROWS = [
    ("context: WithCancel(live parent) + cancel (ns/op)", CTX + "ContextBenchmark.withCancel", "gort", None, "kotlin",
     "ctx-withcancel"),
    ("context: ctx.Err() of a live context (ns/op)", CTX + "ContextBenchmark.err", "gort", None, "kotlin", "ctx-err"),
    ("context: select { case <-ctx.Done(): default: }, live (ns/op)", CTX + "ContextBenchmark.doneSelect", "gort", None,
     "kotlin", "ctx-done-select"),
    ("the same as gort's `ctx.done().tryRecv()`: Go's compiler makes that select a non-blocking receive (ns/op)",
     CTX + "DoneBenchmark.tryRecv", "gort", None, None, "ctx-done-select"),
    ("context: tree of 11,110 (10 × 4 levels), build + cancel root (µs/tree)", CTX + "ContextBenchmark.tree", "gort", None,
     "kotlin", "ctx-tree"),
    ("context: the same tree, cancel of the root only (µs/tree)", CTX + "ContextBenchmark.treeCancel", "gort", None,
     "kotlin", "ctx-tree-cancel"),
    ("errgroup, limit 8, 10,000 tasks adding to a counter (ns/task)", CTX + "ErrGroupBenchmark.limit", "gort", "vt-juc",
     "kotlin", "ctx-errgroup"),
    ("pipeline gen → ×2 → multiples of 3, 10⁶ items: gort `Pipeline` (ns/item)", CTX + "PipelineBenchmark.pipeline",
     "gort-pipeline", "vt", "kotlin-chan", "ctx-pipeline"),
    ("the same pipeline: gort channels + done by hand, the book's way (ns/item)", CTX + "PipelineBenchmark.pipeline",
     "gort-chan", "vt", "kotlin-chan", "ctx-pipeline"),
    ("the same pipeline as a Kotlin `Flow`: one coroutine, no channels (not comparable; ns/item)",
     CTX + "PipelineBenchmark.pipeline", None, None, "kotlin-flow", None),
    ("rate limiter Allow(), infinite rate (ns/op)", CTX + "RateBenchmark.allowInf", "gort", "guava", None, "ctx-rate-inf"),
    ("rate limiter Allow(), 10⁹/s burst 1: allowed (ns/op)", CTX + "RateBenchmark.allow", "gort", "guava", None,
     "ctx-rate-allow"),
    ("rate limiter Allow(), 1/hour, drained: denied (ns/op)", CTX + "RateBenchmark.deny", "gort", "guava", None,
     "ctx-rate-deny"),
]


def ctx_table(machine, jmh, go):
    """Issue 5's workloads: gort, the JDK world, Kotlin and Go side by side, and gort over the fastest other."""
    out = ["", "## Context, errgroup, pipeline, rate limiter", ""]
    out.append(f"The same machine and carriers. JMH `{machine.get('jmh_ctx', '?')}` (empty: each class's own "
               "`@Fork/@Warmup/@Measurement`, see bench/README.md); Go: median of the measured runs, with "
               "golang.org/x/sync v0.1.0 (errgroup) and golang.org/x/time v0.3.0 (rate). Lower is better. "
               "`best other`: the fastest of the JDK, Kotlin and Go cells of the row.")
    out.append("")
    header = ["workload", "gort", "JDK / Java", "Kotlin", "Go", "best other", "gort / best other"]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "---|" * len(header))
    for label, bench, gk, jk, kk, goname in CTX_ROWS:
        g = jmh.get((bench, gk)) if gk else None
        j = jmh.get((bench, jk)) if jk else None
        k = jmh.get((bench, kk)) if kk else None
        go_v = go.get(goname) if goname else None
        others = []
        if j:
            others.append((j[0], {"vt-juc": "JDK", "vt": "JDK", "guava": "Guava"}.get(jk, jk)))
        if k:
            others.append((k[0], "Kotlin"))
        if go_v is not None:
            others.append((go_v, "Go"))
        best = min(others) if others and gk else None
        gs = g[0] if g else None
        row = [label, cell(g) if gk else "n/a", cell(j) if jk else "n/a", cell(k) if kk else "n/a",
               fmt(go_v) if goname else "n/a", f"{best[1]} {fmt(best[0])}" if best else "—",
               ratio(gs, best[0] if best else None)]
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    out.append("JDK / Java: errgroup — virtual threads, a `newVirtualThreadPerTaskExecutor` and a `Semaphore(8)` taken "
               "before each task; pipeline — virtual threads and `SynchronousQueue`s with an end marker (no done: "
               "j.u.c has no select); rate — Guava 33.5.0's `RateLimiter.tryAcquire()`. The JDK has no context tree "
               "(n/a). Kotlin: a `Job` tree for context (`Job(parent)`, `isActive`, `select` on `onJoin` with "
               "`onTimeout(0)`), `coroutineScope` + `Semaphore(8)` for errgroup, `produce` stages over rendezvous "
               "channels for the pipeline; kotlinx.coroutines has no rate limiter (n/a). The Flow row runs every "
               "stage in one coroutine: it is Kotlin's idiom, not the same program, and has no ratio. Java and "
               "Kotlin pipelines carry boxed integers, Go plain ints. See bench/README.md, \"Context, errgroup, "
               "pipeline, rate limiter\".")
    return out


if __name__ == "__main__":
    main()
