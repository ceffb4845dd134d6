#!/usr/bin/env python3
"""Formats bench/run's results as a markdown table: one row per workload, one column per subject.

usage: format.py machine.txt jmh.json go.txt   (a missing or empty file leaves its cells blank)
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


def load_jmh(path):
    scores = {}
    if os.path.exists(path) and os.path.getsize(path) > 0:
        for r in json.load(open(path)):
            kind = r.get("params", {}).get("kind")
            m = r["primaryMetric"]
            err = to_float(m.get("scoreError"))                 # JMH writes "NaN" with too few iterations
            scores[(r["benchmark"], kind)] = (to_float(m["score"]), err)
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
    out = ["# gort scheduler benchmarks", ""]
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
    print("\n".join(out))


if __name__ == "__main__":
    main()
