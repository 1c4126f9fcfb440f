#!/usr/bin/env bash
# How much of ban's training step is Java: profiles 'ban bench throughput' (ResNet-20, batch 128,
# 2 threads; or the PTB LSTM's 'ban bench lm-throughput', MODEL below) with async-profiler,
# fetched from Maven Central (tools.profiler:async-profiler), and summarises with java_share.py:
# the training thread's samples by phase of the step, native against Java, and the JVM's compiler
# and GC threads. Last line:
#   java-share <percent of the training thread's step samples spent in Java and the JVM>
#
# Usage: ban-benchmarks/scripts/profile.sh                          (from anywhere; Linux x86-64)
#   STEPS=20 WARMUP=10 THREADS=2 BATCH=128 ASYNC_PROFILER=3.0   environment overrides (defaults)
#   MODEL=resnet-20                 or lstm-2x200: 'ban bench lm-throughput' on PTB (BATCH=20,
#                                   PTB=<root>/../shared/data/ptb)
#   BAN_JAR=/path/to/ban.jar                                     (default: ban-examples/target/ban.jar)
# Needs JDK 17 and Maven. Samples with a CPU timer (itimer), which needs no perf_events permission.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
steps=${STEPS:-20}
warmup=${WARMUP:-10}
threads=${THREADS:-2}
batch=${BATCH:-128}
model=${MODEL:-resnet-20}
version=${ASYNC_PROFILER:-3.0}
jar=${BAN_JAR:-"$root/ban-examples/target/ban.jar"}

if [[ ! -f "$jar" ]]; then
  echo "# building $jar" >&2
  (cd "$root" && mvn -q -B package -DskipTests -Dspotless.check.skip -Dmaven.javadoc.skip)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="tools.profiler:async-profiler:$version" \
  -DoutputDirectory="$work" >&2
unzip -q -o "$work/async-profiler-$version.jar" 'linux-x64/*' -d "$work"
agent="$work/linux-x64/libasyncProfiler.so"
[[ -f "$agent" ]] || { echo "profile.sh: no linux-x64 agent in async-profiler $version" >&2; exit 1; }

if [[ $model == lstm-* ]]; then
  # The language model trains on the Penn Treebank's text, 20 rows x 35 steps.
  batch=${BATCH:-20}
  bench=(lm-throughput --model "$model" --data-dir "${PTB:-$root/../shared/data/ptb}")
else
  bench=(throughput --model "$model")
fi
echo "# profile.sh: $model, batch $batch, $threads threads, $warmup + $steps steps;" \
  "$(nproc) processors, $(java -version 2>&1 | head -1), async-profiler $version"
echo "# load before: $(uptime)"
export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
java -agentpath:"$agent=start,event=itimer,interval=2ms,threads,collapsed,file=$work/steps.collapsed" \
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar" bench "${bench[@]}" \
  --batch-size "$batch" --steps "$steps" --warmup "$warmup" --rounds 1 | grep -v -e '^#' -e '^Profiling started'
echo "# load after: $(uptime)"
python3 "$here/java_share.py" "$work/steps.collapsed"
