#!/usr/bin/env python3
"""Compares this SDK (bench-ours) built from this tree and from another checkout, in one run.

For a change to the generator or the runtime: check the commit before it out elsewhere
(`git worktree add /tmp/before COMMIT`), then `python3 bench/compare_ours.py /tmp/before`.
Both programs get a cold release build (timed), their stripped size, the instructions one
sequential call executes (callgrind: the same count from run to run, so it shows a change
in the call path that the CPU-time figures' noise would hide), and alternating
rounds of AssumeRole calls against the canned server (client CPU per call and calls/s,
sequential and with 32 tasks, each round in the other order); medians and after/before
ratios are printed.
Usage: python3 bench/compare_ours.py BEFORE_TREE [--rounds 5] [--sequential 2000] [--concurrent 20000]
"""

import argparse
import os
import statistics
import subprocess
import sys

import run as bench

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sequential", type=int, default=2000)
    parser.add_argument("--concurrent", type=int, default=20000)
    args = parser.parse_args()

    trees = {"before": os.path.join(os.path.abspath(args.before), "bench"), "after": HERE}
    results = {}
    for name, tree in trees.items():
        print(f"building {name} ({tree}) from clean...", file=sys.stderr)
        target = os.path.join(HERE, "target", f"compare-{name}")
        bench.HERE = tree
        seconds, size, binary = bench.build("bench-ours", target)
        results[name] = {"build": seconds, "size": size, "binary": binary,
                         "seq_cpu": [], "seq_rate": [], "con_cpu": [], "con_rate": []}
    bench.HERE = HERE

    server_target = os.path.join(HERE, "target", "server")
    bench.run(["cargo", "build", "--quiet", "--release", "--locked", "-p", "bench-server"],
              env=dict(os.environ, CARGO_TARGET_DIR=server_target))
    server = subprocess.Popen([os.path.join(server_target, "release", "bench-server")], stdout=subprocess.PIPE, text=True)
    try:
        endpoint = f"http://127.0.0.1:{server.stdout.readline().strip()}/"
        for r in results.values():  # warm-up
            bench.measure(r["binary"], endpoint, 100, 4)
        for r in results.values():
            r["instructions"] = bench.instructions_per_call(r["binary"], endpoint)
        for round_number in range(args.rounds):
            print(f"round {round_number + 1} of {args.rounds}...", file=sys.stderr)
            # Each round in the other order, so neither always runs first.
            order = list(results.values())
            for r in order if round_number % 2 == 0 else reversed(order):
                rate, cpu = bench.measure(r["binary"], endpoint, args.sequential, 1)
                r["seq_rate"].append(rate)
                r["seq_cpu"].append(cpu)
                rate, cpu = bench.measure(r["binary"], endpoint, args.concurrent, 32)
                r["con_rate"].append(rate)
                r["con_cpu"].append(cpu)
    finally:
        server.kill()
        server.wait()

    rows = [
        ("cold release build (s)", "build", "{:.0f}", 1),
        ("stripped binary (MB)", "size", "{:.3f}", 1e6),
        ("instructions per sequential call (callgrind)", "instructions", "{:.0f}", 1),
        ("client CPU per call, sequential (us)", "seq_cpu", "{:.1f}", 1),
        ("calls/s, sequential", "seq_rate", "{:.0f}", 1),
        ("client CPU per call, 32 tasks (us)", "con_cpu", "{:.1f}", 1),
        ("calls/s, 32 concurrent tasks", "con_rate", "{:.0f}", 1),
    ]
    if results["after"]["instructions"] is None:
        print("valgrind is not installed: no instruction counts.", file=sys.stderr)
        rows = [row for row in rows if row[1] != "instructions"]
    print("| figure | before | after | after / before |")
    print("|---|---|---|---|")
    for label, key, fmt, scale in rows:
        b, a = (statistics.median(v) if isinstance(v, list) else v for v in (results["before"][key], results["after"][key]))
        print(f"| {label} | {fmt.format(b / scale)} | {fmt.format(a / scale)} | {a / b:.3f} |")


if __name__ == "__main__":
    main()
