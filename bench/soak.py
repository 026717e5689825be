#!/usr/bin/env python3
"""The soak benchmark: 200,000 AssumeRole calls over 32 tasks against the canned server on
127.0.0.1, with the client's resident memory sampled 20 times, to see that
it stays flat after warm-up (target: within 1 MiB). It is `bench-ours` with a SAMPLES
argument. A benchmark, not a test: it reports.
Usage: python3 bench/soak.py [--calls 200000] [--tasks 32] [--samples 20]
"""

import argparse
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--tasks", type=int, default=32)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    target = os.path.join(HERE, "target", "soak")
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    subprocess.run(["cargo", "build", "--quiet", "--release", "--locked", "-p", "bench-server", "-p", "bench-ours"],
                   cwd=HERE, env=env, check=True)
    server = subprocess.Popen([os.path.join(target, "release", "bench-server")], stdout=subprocess.PIPE, text=True)
    try:
        endpoint = f"http://127.0.0.1:{server.stdout.readline().strip()}/"
        subprocess.run([os.path.join(target, "release", "bench-ours"), endpoint, str(args.calls), str(args.tasks),
                        str(args.samples)], check=True)
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
