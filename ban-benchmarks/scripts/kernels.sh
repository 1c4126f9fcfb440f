#!/usr/bin/env bash
# Where the throughput gap to PyTorch lies: the engine's own kernels, timed by the engine. Runs
# throughput.sh's two sides (ban's ResNet-20 step and resnet20_torch.py's) with oneDNN's verbose
# mode on (ONEDNN_VERBOSE=1, DNNL_VERBOSE=1 for oneDNN 2.x), which times every convolution and
# layout reorder inside oneDNN, with no Java or Python in the timing. The two sides run the same
# primitives on the same shapes (PyTorch's side channels-last, as ban's image networks are); their
# times compare the two engine builds (DJL's libtorch and Debian's PyTorch, each with its own
# oneDNN), not this library. Each round runs both, alternating which goes first. Prints a table of
# milliseconds per training step by primitive and, last:
#   kernel-ratio <median ban oneDNN ms/step / median PyTorch oneDNN ms/step>
# Verbose mode slows both sides a little; compare its times with each other, not with throughput.sh.
#
# Usage: ban-benchmarks/scripts/kernels.sh                (from anywhere)
#   ROUNDS=3 STEPS=5 WARMUP=10 THREADS=2 BATCH=128    environment overrides (defaults shown)
#   PYTHON, BAN_JAR and what the script needs: see common.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/common.sh"
rounds=${ROUNDS:-3}
steps=${STEPS:-5}
warmup=${WARMUP:-10}

echo "# kernels.sh: resnet-20 ($ban_params parameters), batch $batch, $threads threads," \
  "$rounds rounds of $warmup + $steps steps, oneDNN verbose"
describe_machine

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
ban_log() {
  ONEDNN_VERBOSE=1 DNNL_VERBOSE=1 "${java_cmd[@]}" bench throughput --model resnet-20 \
    --batch-size "$batch" --steps "$steps" --warmup "$warmup" --rounds 1 >"$logs/ban-$1.log"
}
torch_log() {
  ONEDNN_VERBOSE=1 DNNL_VERBOSE=1 "${torch_cmd[@]}" --channels-last --batch-size "$batch" \
    --steps "$steps" --warmup "$warmup" --rounds 1 >"$logs/torch-$1.log"
}
for ((round = 1; round <= rounds; round++)); do
  if ((round % 2 == 1)); then
    ban_log "$round"
    torch_log "$round"
  else
    torch_log "$round"
    ban_log "$round"
  fi
done

echo "# load after: $(uptime)"
"$python" "$here/onednn_summary.py" --steps-per-run $((warmup + steps)) "$logs"
