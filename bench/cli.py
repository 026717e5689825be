#!/usr/bin/env python3
"""The `sts` command against `aws eks get-token` (awscli from PyPI), side by side in one run.

Measures the wall time of `sts eks-token`, of a cached `sts assume-role --cache --output
credential-process` (what `credential_process` runs on every SDK start) and of
`aws eks get-token`, alternating, each run a fresh process; prints medians and the ratios
(target: `sts` at least 20 times faster). Nothing leaves 127.0.0.1: both tools presign
locally, and the one AssumeRole call that fills the cache goes to the canned bench server.
Usage: python3 bench/cli.py [--runs 30]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    target = os.path.join(HERE, "target", "cli")
    print("building sts (release)...", file=sys.stderr)
    run(["cargo", "build", "--quiet", "--release", "--locked", "-p", "sts-cli"], cwd=ROOT,
        env=dict(os.environ, CARGO_TARGET_DIR=target))
    sts = os.path.join(target, "release", "sts")

    venv = os.path.join(HERE, "target", "awscli-venv")
    aws = os.path.join(venv, "bin", "aws")
    if not os.path.exists(aws):
        print("installing awscli from PyPI...", file=sys.stderr)
        run([sys.executable, "-m", "venv", venv])
        run([os.path.join(venv, "bin", "pip"), "install", "--quiet", "awscli"])

    server_target = os.path.join(HERE, "target", "server")
    run(["cargo", "build", "--quiet", "--release", "--locked", "-p", "bench-server"], cwd=HERE,
        env=dict(os.environ, CARGO_TARGET_DIR=server_target))
    server = subprocess.Popen([os.path.join(server_target, "release", "bench-server")],
                              stdout=subprocess.PIPE, text=True)
    home = tempfile.mkdtemp(prefix="sts-cli-bench-")
    env = {
        "PATH": os.environ.get("PATH", ""), "HOME": home,
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.path.join(home, "config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "credentials"),
        "STS_CLI_CACHE_DIR": os.path.join(home, "cache"),
    }
    try:
        endpoint = f"http://127.0.0.1:{server.stdout.readline().strip()}/"
        commands = {
            "sts eks-token": [sts, "eks-token", "--cluster-name", "bench"],
            "sts credential-process (cached)": [sts, "--endpoint-url", endpoint, "assume-role", "--role-arn",
                                                 "arn:aws:iam::123456789012:role/bench", "--role-session-name",
                                                 "bench", "--cache", "--output", "credential-process"],
            "aws eks get-token": [aws, "eks", "get-token", "--cluster-name", "bench"],
        }
        for command in commands.values():  # warm-up; fills the cache
            run(command, env=env, stdout=subprocess.DEVNULL)
        times = {name: [] for name in commands}
        for round_number in range(args.runs):
            names = list(commands)
            for name in names if round_number % 2 == 0 else reversed(names):
                started = time.perf_counter()
                run(commands[name], env=env, stdout=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - started)
    finally:
        server.terminate()

    aws_median = statistics.median(times["aws eks get-token"])
    print(f"| command ({args.runs} runs each, alternating) | median wall time (ms) | aws eks get-token / this |")
    print("|---|---|---|")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"| {name} | {median * 1000:.1f} | {aws_median / median:.1f}x |")


if __name__ == "__main__":
    main()
