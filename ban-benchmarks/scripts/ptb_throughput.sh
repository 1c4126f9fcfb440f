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
# Usage: ban-benchmarks/scripts/ptb_throughput.sh             (from anywhere)
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

ban_round() {
  "${java_cmd[@]}" bench lm-throughput --data-dir "$ptb" --model "$model" --batch-size "$batch" \
    --steps "$steps" --warmup "$warmup" --rounds 1 | last_rate tokens/s
}
torch_round() {
  "${torch_cmd[@]}" --batch-size "$batch" --steps "$steps" --warmup "$warmup" --rounds 1 \
    | last_rate tokens/s
}

alternate_rounds tokens/s "$rounds"
