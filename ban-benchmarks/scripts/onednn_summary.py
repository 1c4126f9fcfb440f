#!/usr/bin/env python3
"""Summarises the oneDNN verbose logs that kernels.sh writes: ban-<round>.log, torch-<round>.log.

Reads every 'exec' line (oneDNN 2.x: onednn_verbose,exec,cpu,<primitive>,<implementation>,
<propagation>,...,<problem>,<ms>; oneDNN 3.x puts 'v1,primitive,' before 'exec'), groups the times
by primitive, propagation and problem, and prints milliseconds per training step for both sides,
then per round the total, and last 'kernel-ratio <median ban total / median PyTorch total>'.
Stops with an error when the two sides did not run the same primitives the same number of times.
"""
import argparse
import collections
import pathlib
import statistics
import sys


def parse(path):
    """Returns ({(primitive, propagation, problem): [ms, count]}, {implementation: count})."""
    times = collections.defaultdict(lambda: [0.0, 0])
    implementations = collections.Counter()
    for line in path.read_text(errors="replace").splitlines():
        fields = line.split(",")
        if not fields[0].endswith("_verbose") or "exec" not in fields:
            continue
        i = fields.index("exec")
        try:
            primitive, implementation, propagation = fields[i + 2], fields[i + 3], fields[i + 4]
            problem, ms = fields[-2], float(fields[-1])
        except (IndexError, ValueError):
            sys.exit(f"onednn_summary.py: {path}: cannot read the verbose line: {line}")
        entry = times[(primitive, propagation, problem)]
        entry[0] += ms
        entry[1] += 1
        implementations[f"{primitive} {implementation}"] += 1
    if not times:
        sys.exit(f"onednn_summary.py: {path} holds no oneDNN verbose lines: was the engine built"
                 " with oneDNN, and did ONEDNN_VERBOSE reach it?")
    return times, implementations


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("logs", type=pathlib.Path, help="the folder of kernels.sh's logs")
    parser.add_argument("--steps-per-run", type=int, required=True,
                        help="training steps each logged run took, warm-up included")
    args = parser.parse_args()

    sides = {"ban": sorted(args.logs.glob("ban-*.log")),
             "torch": sorted(args.logs.glob("torch-*.log"))}
    if not sides["ban"] or len(sides["ban"]) != len(sides["torch"]):
        sys.exit(f"onednn_summary.py: {args.logs} must hold as many ban-*.log as torch-*.log")
    per_round = {side: [] for side in sides}
    merged = {side: collections.defaultdict(lambda: [0.0, 0]) for side in sides}
    implementations = {side: collections.Counter() for side in sides}
    for side, paths in sides.items():
        for path in paths:
            times, impls = parse(path)
            per_round[side].append(sum(ms for ms, _ in times.values()) / args.steps_per_run)
            implementations[side].update(impls)
            for key, (ms, count) in times.items():
                merged[side][key][0] += ms
                merged[side][key][1] += count

    runs = len(sides["ban"]) * args.steps_per_run
    ban_counts = {k: c for k, (_, c) in merged["ban"].items()}
    torch_counts = {k: c for k, (_, c) in merged["torch"].items()}
    if ban_counts.keys() != torch_counts.keys():
        only = sorted(set(ban_counts) ^ set(torch_counts))
        sys.exit(f"onednn_summary.py: the two sides ran different primitives, e.g. {only[:3]}")

    print(f"{'primitive':<12} {'propagation':<17} {'problem':<56} {'calls':>5}"
          f" {'ban ms':>8} {'torch ms':>8} {'ratio':>6}")
    keys = sorted(ban_counts, key=lambda k: -merged["torch"][k][0])
    for key in keys:
        b, t = merged["ban"][key][0] / runs, merged["torch"][key][0] / runs
        calls = ban_counts[key] / runs
        if calls != torch_counts[key] / runs:
            sys.exit(f"onednn_summary.py: {key} ran {ban_counts[key]} times in ban but"
                     f" {torch_counts[key]} in PyTorch")
        ratio = f"{b / t:6.2f}" if t > 0 else "     -"
        print(f"{key[0]:<12} {key[1]:<17} {key[2][:56]:<56} {calls:5.0f} {b:8.2f} {t:8.2f} {ratio}")
    for side in sides:
        impls = ", ".join(f"{k} x{v // runs}" for k, v in sorted(implementations[side].items()))
        print(f"# {side} implementations per step: {impls}")
    for r, (b, t) in enumerate(zip(per_round["ban"], per_round["torch"]), start=1):
        print(f"round {r} ban-onednn-ms/step {b:.1f} torch-onednn-ms/step {t:.1f}")
    b, t = statistics.median(per_round["ban"]), statistics.median(per_round["torch"])
    print(f"median ban-onednn-ms/step {b:.1f} torch-onednn-ms/step {t:.1f}")
    print(f"kernel-ratio {b / t:.3f}")


if __name__ == "__main__":
    main()
