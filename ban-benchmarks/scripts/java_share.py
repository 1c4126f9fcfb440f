#!/usr/bin/env python3
"""Summarises an async-profiler profile (collapsed stacks, 'threads' mode) of 'ban bench throughput'.

Takes the thread that ran the training steps (its stacks pass through Student.trainBatch) and splits
its samples by phase of the step (data, forward, loss, backward, optimizer) and, within each, into
native code (the engine's kernels and the DJL JNI glue under them) and Java (leaf frame in Java or
the JVM). Also counts the samples of the JVM's compiler and garbage-collector threads, which take a
core from the engine's threads when they run. Last line:
  java-share <percent of the training thread's step samples spent in Java and the JVM>
"""
import argparse
import collections
import re
import sys

JAVA_FRAME = re.compile(r"^(java|javax|jdk|sun|ai|dev|com|org|picocli)/")
JVM_FRAME = re.compile(r"^(Interpreter|InterpreterRuntime|Runtime1|SharedRuntime|OptoRuntime|JVM_)")
# First match wins: a frame name fragment marks the phase a sample belongs to.
PHASES = [
    ("teacher", "TeacherOutputs"),
    ("forward", "Trainer.forward"),
    ("loss", "Loss.evaluate"),
    ("backward", "GradientCollector.backward"),
    ("clipping", "GradientClipping"),
    ("optimizer", "Trainer.step"),
    ("batch split/close", "Batch."),
    ("other in trainBatch", "Student.trainBatch"),
    ("data loading", "StepHarness.pass"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("collapsed", help="async-profiler output: collapsed stacks with threads")
    args = parser.parse_args()

    threads = collections.defaultdict(list)
    with open(args.collapsed, errors="replace") as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            frames = stack.split(";")
            threads[frames[0]].append((frames[1:], int(count)))
    trainers = [t for t, stacks in threads.items()
                if any("Student.trainBatch" in f for frames, _ in stacks for f in frames)]
    if len(trainers) != 1:
        sys.exit(f"java_share.py: expected one thread running Student.trainBatch in"
                 f" {args.collapsed}, found {len(trainers)}: was it profiled with 'threads'?")

    phase_native = collections.Counter()
    phase_java = collections.Counter()
    for frames, count in threads[trainers[0]]:
        phase = next((name for name, mark in PHASES if any(mark in f for f in frames)), None)
        if phase is None:
            continue  # start-up, model building, printing
        leaf = frames[-1] if frames else ""
        if JAVA_FRAME.match(leaf) or JVM_FRAME.match(leaf):
            phase_java[phase] += count
        else:
            phase_native[phase] += count
    total = sum(phase_native.values()) + sum(phase_java.values())
    if total == 0:
        sys.exit(f"java_share.py: no training-step samples in {args.collapsed}")

    print(f"# training thread {trainers[0]}: {total} samples in training steps")
    print(f"{'phase':<22} {'share':>7} {'native':>7} {'java':>7}")
    for name, _ in PHASES:
        n, j = phase_native[name], phase_java[name]
        if n + j:
            print(f"{name:<22} {100 * (n + j) / total:6.1f}% {100 * n / total:6.1f}%"
                  f" {100 * j / total:6.1f}%")
    others = {t: sum(c for _, c in s) for t, s in threads.items() if t != trainers[0]}
    jvm = {t: c for t, c in others.items() if re.search(r"Compiler|GC |G1 |VM Thread", t)}
    everything = sum(others.values()) + sum(c for _, c in threads[trainers[0]])
    print(f"# JVM compiler and GC threads: {sum(jvm.values())} samples,"
          f" {100 * sum(jvm.values()) / everything:.1f}% of the process's samples")
    print(f"java-share {100 * sum(phase_java.values()) / total:.2f}")


if __name__ == "__main__":
    main()
