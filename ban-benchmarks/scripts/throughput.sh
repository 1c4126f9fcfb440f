#!/usr/bin/env bash
# Training throughput of the CIFAR ResNet-20 with this library against plain PyTorch eager,
# side by side in one run: the same network (269,722 parameters, checked below), batch 128, the same
# number of steps on random data, the same optimizer, 2 threads on both sides. Each round runs both,
# ban first in odd rounds and PyTorch first in even ones; each run is a fresh process that takes
# WARMUP untimed steps, then STEPS timed ones. Prints each round's images/s for both and, last,
# the ratio of the medians:
#   ratio <median ban images/s / median PyTorch images/s>
# The warm-up is long enough (10 steps, about 6 s) for the JVM's compiler to finish most of its
# work, which otherwise takes a core from the two compute threads: the benchmark measures the
# steady state a training run spends its hours in. Both sides get the same warm-up.
#
# ban's image networks lay their input out channels-last (ChannelsLast in ban-models); PyTorch's side
# is plain eager code, NCHW, as the target asks. TORCH_CHANNELS_LAST=1 lays PyTorch's side out
# channels-last too, for the comparison at equal layouts.
#
# Usage: ban-benchmarks/scripts/throughput.sh             (from anywhere)
#   ROUNDS=5 STEPS=20 WARMUP=10 THREADS=2 BATCH=128   environment overrides (defaults shown)
#   TORCH_CHANNELS_LAST=1                             PyTorch's side channels-last (default NCHW)
#   PYTHON, BAN_JAR and what the script needs: see common.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/common.sh"
rounds=${ROUNDS:-5}
steps=${STEPS:-20}
warmup=${WARMUP:-10}
torch_layout=()
torch_layout_name=NCHW
if [[ "${TORCH_CHANNELS_LAST:-0}" == 1 ]]; then
  torch_layout=(--channels-last)
  torch_layout_name=channels-last
fi

echo "# throughput.sh: resnet-20 ($ban_params parameters), batch $batch, $threads threads," \
  "$rounds rounds of $steps steps after $warmup warm-up steps;" \
  "PyTorch side $torch_layout_name"
describe_machine

ban_round() {
  "${java_cmd[@]}" bench throughput --model resnet-20 --batch-size "$batch" --steps "$steps" \
    --warmup "$warmup" --rounds 1 | last_rate images/s
}
torch_round() {
  "${torch_cmd[@]}" "${torch_layout[@]}" --batch-size "$batch" --steps "$steps" \
    --warmup "$warmup" --rounds 1 | last_rate images/s
}

alternate_rounds images/s "$rounds"
