#!/usr/bin/env python3
"""Pools runs of bench/noisy-tenant.sh: B's p99 with A at 5x over B's p99 with A at its limit, round by round.

Usage: bench/noisy-stats.py [--blocks] RUN.txt [RUN.txt ...]   (each the script's output, or its
target/bench/noisy-tenant.txt). --blocks: runs made with NOOP_EXCESS=blocks, whose rounds 5-8, 13-16, ... had the
no-op requests in place of A's excess; their rounds are described apart, with the ratio of the two geometric means.

Each round of the script runs its four phases within ~90 s of each other, so the round's own ratio (its p99 with A
at 5x over its p99 with A at its limit) is the unit: a slower stretch of the shared machine moves both sides. Prints,
per run and over all runs' rounds, the geometric mean and median of that ratio with a 95 % bootstrap interval
(rounds resampled, fixed seed) and how many rounds were above 1.10, beside the same for the control (B alone twice
in the same round: the spread of two identical phases). docs/benchmarks.md quotes its output.
"""
import math
import random
import re
import statistics
import sys

ROUND = re.compile(r"^\s*round (\d+) (alone|limit|noisy|again):.*\bp99\s+([0-9.]+)")


def rounds(path):
    """{round: {phase: p99 ms}} of one run, complete rounds only."""
    found = {}
    with open(path, errors="replace") as f:
        for line in f:
            m = ROUND.match(line)
            if m:
                found.setdefault(int(m.group(1)), {})[m.group(2)] = float(m.group(3))
    return {r: p for r, p in found.items() if len(p) == 4}


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def interval(xs, stat, n=10000, seed=1):
    rnd = random.Random(seed)
    boots = sorted(stat([rnd.choice(xs) for _ in xs]) for _ in range(n))
    return boots[int(0.025 * n)], boots[int(0.975 * n) - 1]


def describe(name, xs):
    if len(xs) < 2:
        return f"{name}: {len(xs)} round(s), too few"
    lo, hi = interval(xs, geomean)
    above = sum(1 for x in xs if x > 1.10)
    return (f"{name}: geometric mean {geomean(xs):.2f} (95 % {lo:.2f}-{hi:.2f}), median {statistics.median(xs):.2f},"
            f" {above} of {len(xs)} rounds above 1.10")


def blocks(paths):
    """Rounds of A's real excess against rounds of the no-op requests in its place (NOOP_EXCESS=blocks)."""
    real, noop = [], []
    for path in paths:
        for r, p in sorted(rounds(path).items()):
            (noop if (r - 1) // 4 % 2 == 1 else real).append(p["noisy"] / p["limit"])
    print("   " + describe("A's excess (refused AssumeRole), 5x/limit", real))
    print("   " + describe("no-op requests instead, 5x/limit", noop))
    if len(real) > 1 and len(noop) > 1:
        rnd = random.Random(1)
        boots = sorted(geomean([rnd.choice(real) for _ in real]) / geomean([rnd.choice(noop) for _ in noop])
                       for _ in range(10000))
        print(f"   refusals over no-ops: {geomean(real) / geomean(noop):.2f} (95 % {boots[250]:.2f}-{boots[9749]:.2f})")


def main(paths):
    if paths[0] == "--blocks":
        blocks(paths[1:])
        return
    all_noisy, all_control = [], []
    for path in paths:
        runs = rounds(path)
        noisy = [p["noisy"] / p["limit"] for _, p in sorted(runs.items())]
        control = [p["again"] / p["alone"] for _, p in sorted(runs.items())]
        print(f"== {path}: {len(runs)} rounds")
        print("   per round 5x/limit: " + ", ".join(f"{x:.2f}" for x in noisy))
        print("   " + describe("5x/limit", noisy))
        print("   " + describe("control again/alone", control))
        all_noisy += noisy
        all_control += control
    if len(paths) > 1:
        print(f"== all {len(all_noisy)} rounds")
        print("   " + describe("5x/limit", all_noisy))
        print("   " + describe("control again/alone", all_control))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
