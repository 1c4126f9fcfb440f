#!/usr/bin/env bash
# Training throughput of the Penn Treebank LSTM (`lstm-2x200`, 4,653,200 parameters, checked below)
# with this library against plain PyTorch eager, side by side in one run: the same training text
# (929,589 tokens of ptb.train.txt), batch 20 rows x 35 steps in order with the hidden state carried,
# cross-entropy averaged over the tokens, gradient norm clipped to 0.25, plain SGD at 20, THREADS
# threads on both sides. Each round runs both, ban first in odd rounds and PyTorch first in even
# ones; each run is a fresh process that takes WARMUP untimed steps, then STEPS timed ones
# (STEPS=0: a whole epoch, 1,328 steps). Prints each round's tokens/s for both and, last,
# the ratio of the medians:
#   ratio <median ban tokens/s / median PyTorch tokens/s>
#
# Usage: ban-examples/bench/ptb_throughput.sh             (from anywhere)
#   ROUNDS=3 STEPS=200 WARMUP=20 THREADS=2 BATCH=20   environment overrides (defaults shown)
#   PTB=<root>/../shared/data/ptb                     the directory of ptb.{train,valid,test}.txt
#   PYTHON, BAN_JAR and what the script needs: see common.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ptb=${PTB:-"$(cd "$here/../.." && pwd)/../shared/data/ptb"}
BATCH=${BATCH:-20}
model=lstm-2x200
twin=ptb_lstm_torch.py
twin_args=(--data-dir "$ptb")
source "$here/common.sh"
rounds=${ROUNDS:-3}
steps=${STEPS:-200}
warmup=${WARMUP:-20}

echo "# ptb_throughput.sh: $model ($ban_params parameters), batch $batch x 35, $threads threads," \
  "$rounds rounds of $steps steps (0: a whole epoch) after $warmup warm-up steps"
describe_machine

last_rate() { awk '$1 == "tokens/s" {rate = $2} END {if (rate == "") exit 1; print rate}'; }

ban_round() {
  "${java_cmd[@]}" bench lm-throughput --data-dir "$ptb" --model "$model" --batch-size "$batch" \
    --steps "$steps" --warmup "$warmup" --rounds 1 | last_rate
}
torch_round() {
  "${torch_cmd[@]}" --batch-size "$batch" --steps "$steps" --warmup "$warmup" --rounds 1 | last_rate
}

ban_rates=()
torch_rates=()
for ((round = 1; round <= rounds; round++)); do
  # Odd rounds run ban first, even rounds PyTorch first: neither always follows the other.
  if ((round % 2 == 1)); then
    ban_rate=$(ban_round)
    torch_rate=$(torch_round)
  else
    torch_rate=$(torch_round)
    ban_rate=$(ban_round)
  fi
  ban_rates+=("$ban_rate")
  torch_rates+=("$torch_rate")
  echo "round $round ban-tokens/s $ban_rate torch-tokens/s $torch_rate"
done

echo "# load after: $(uptime)"
"$python" - "${#ban_rates[@]}" "${ban_rates[@]}" "${torch_rates[@]}" <<'PY'
import statistics
import sys

n = int(sys.argv[1])
ban = [float(v) for v in sys.argv[2:2 + n]]
torch = [float(v) for v in sys.argv[2 + n:]]
b, t = statistics.median(ban), statistics.median(torch)
print(f"median ban-tokens/s {b:.1f} torch-tokens/s {t:.1f}")
print(f"ratio {b / t:.3f}")
PY
