#!/usr/bin/env python3
"""Compares this SDK with aws-sdk-sts and a bare-reqwest floor, in one run on one machine.

Also measured: this SDK built with its `reqwest` feature instead of the default `hyper` one
(ours-reqwest) and, for comparison only, the floor's request sent with hyper-util.

For each program: a cold release build from an empty target directory
(timed), the crates in its normal dependency graph, the size of its stripped binary; then,
against a canned STS server on 127.0.0.1, the instructions one sequential call executes
(callgrind, when valgrind is installed) and a fixed number of AssumeRole calls sequentially
and with 32 concurrent tasks, reporting calls/s and client CPU per call (getrusage of the
child). Runs are repeated and medians printed, with ratios ours / aws-sdk-sts and
ours / floor. Usage: python3 bench/run.py [--rounds 3] [--sequential 2000] [--concurrent 20000]
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = [("floor", "bench-floor"), ("ours", "bench-ours"), ("aws-sdk", "bench-aws-sdk"),
            # The same program as ours, built with the SDK's `reqwest` feature.
            ("ours-reqwest", "bench-ours-reqwest"),
            # For comparison, not a target: the floor's request sent with hyper-util's pooled
            # client directly instead of reqwest (plain HTTP only).
            ("hyper", "bench-hyper")]


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=HERE, check=True, **kw)


def build(package, target):
    shutil.rmtree(target, ignore_errors=True)
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    started = time.perf_counter()
    run(["cargo", "build", "--quiet", "--release", "--locked", "-p", package], env=env)
    seconds = time.perf_counter() - started
    binary = os.path.join(target, "release", package)
    stripped = binary + ".stripped"
    run(["strip", "-o", stripped, binary])
    return seconds, os.path.getsize(stripped), binary


def crates(package):
    out = run(["cargo", "tree", "--locked", "-p", package, "-e", "normal", "--prefix", "none"],
              capture_output=True, text=True).stdout
    return len({line.split(" (")[0].strip() for line in out.splitlines() if line.strip()})


def measure(binary, endpoint, calls, concurrency):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([binary, endpoint, str(calls), str(concurrency)], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return calls / wall, cpu / calls * 1e6


def instructions_per_call(binary, endpoint, calls=200):
    """Instructions one sequential call executes, counted by callgrind, or None without valgrind.

    Unlike CPU time, this count is the same from run to run of the same binary whatever else
    the machine is doing, so it tells a change in the call path from scheduling noise. The
    program runs once with one call and once with `calls + 1`; the difference, divided by
    `calls`, leaves out start-up and the client's construction.
    """
    if shutil.which("valgrind") is None:
        return None
    totals = []
    for n in (1, calls + 1):
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                              binary, endpoint, str(n), "1"], check=True, capture_output=True, text=True).stderr
        found = re.search(r"Collected : (\d+)", out)
        if found is None:
            raise RuntimeError(f"callgrind printed no total for {binary}:\n{out}")
        totals.append(int(found.group(1)))
    return (totals[1] - totals[0]) / calls


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sequential", type=int, default=2000)
    parser.add_argument("--concurrent", type=int, default=20000)
    args = parser.parse_args()

    results = {}
    for name, package in PROGRAMS:
        print(f"building {name} from clean...", file=sys.stderr)
        seconds, size, binary = build(package, os.path.join(HERE, "target", name))
        results[name] = {"build": seconds, "size": size, "crates": crates(package), "binary": binary,
                         "seq_rate": [], "seq_cpu": [], "con_rate": [], "con_cpu": []}

    server_target = os.path.join(HERE, "target", "server")
    run(["cargo", "build", "--quiet", "--release", "--locked", "-p", "bench-server"],
        env=dict(os.environ, CARGO_TARGET_DIR=server_target))
    server = subprocess.Popen([os.path.join(server_target, "release", "bench-server")], stdout=subprocess.PIPE, text=True)
    try:
        endpoint = f"http://127.0.0.1:{server.stdout.readline().strip()}/"
        for name, _ in PROGRAMS:  # warm-up
            measure(results[name]["binary"], endpoint, 100, 4)
        for name, _ in PROGRAMS:
            results[name]["instructions"] = instructions_per_call(results[name]["binary"], endpoint)
        for round_number in range(args.rounds):
            print(f"round {round_number + 1} of {args.rounds}...", file=sys.stderr)
            for name, _ in PROGRAMS:
                r = results[name]
                rate, cpu = measure(r["binary"], endpoint, args.sequential, 1)
                r["seq_rate"].append(rate)
                r["seq_cpu"].append(cpu)
                rate, cpu = measure(r["binary"], endpoint, args.concurrent, 32)
                r["con_rate"].append(rate)
                r["con_cpu"].append(cpu)
    finally:
        server.kill()
        server.wait()

    med = {name: {k: (statistics.median(v) if isinstance(v, list) else v) for k, v in r.items() if k != "binary"}
           for name, r in results.items()}
    rows = [
        ("cold release build (s)", "build", "{:.0f}"),
        ("crates (normal deps)", "crates", "{:.0f}"),
        ("stripped binary (MB)", "size", "{:.2f}"),
        ("instructions per sequential call (callgrind)", "instructions", "{:.0f}"),
        ("client CPU per call, sequential (us)", "seq_cpu", "{:.0f}"),
        ("calls/s, sequential", "seq_rate", "{:.0f}"),
        ("client CPU per call, 32 tasks (us)", "con_cpu", "{:.0f}"),
        ("calls/s, 32 concurrent tasks", "con_rate", "{:.0f}"),
    ]
    if med["ours"]["instructions"] is None:
        print("valgrind is not installed: no instruction counts.", file=sys.stderr)
        rows = [row for row in rows if row[1] != "instructions"]
    for ours in ("ours", "ours-reqwest"):
        print(f"| figure | {ours} | aws-sdk-sts | floor | {ours} / aws-sdk-sts | {ours} / floor |")
        print("|---|---|---|---|---|---|")
        for label, key, fmt in rows:
            scale = 1e6 if key == "size" else 1
            o, a, f = (med[n][key] / scale for n in (ours, "aws-sdk", "floor"))
            print(f"| {label} | {fmt.format(o)} | {fmt.format(a)} | {fmt.format(f)} | {o / a:.2f} | {o / f:.2f} |")
        print()
    print("The floor's request through hyper-util directly (no reqwest), for comparison:")
    print()
    print("| figure | hyper floor | hyper floor / floor | ours / hyper floor |")
    print("|---|---|---|---|")
    for label, key, fmt in rows:
        scale = 1e6 if key == "size" else 1
        h, oh, f = (med[n][key] / scale for n in ("hyper", "ours", "floor"))
        print(f"| {label} | {fmt.format(h)} | {h / f:.2f} | {oh / h:.2f} |")


if __name__ == "__main__":
    main()
