#!/usr/bin/env bash
# The Penn Treebank study of docs/results.md: born-again LSTM language models at a scale that
# converges. The full training text (929,589 tokens), the full validation and test texts, the small
# unregularised model (`lstm-2x200`), batch 20 x 35 steps, SGD at 20 with the gradient norm clipped
# to 0.25 (PyTorch's word-language-model recipe for a loss averaged over tokens), EPOCHS epochs per
# network with the learning rate on a cosine to 0 (chosen on validation over `ban ptb`'s default,
# divided by 4 when validation stalls: seed 1's teachers reached 119.55 and 128.32 validation
# perplexity after 5 epochs; docs/results.md). Each seed is a unit: a teacher, BAN-1 with BAN+L (the paper's PTB loss) and the
# equal-compute rival Ind-2 (--baseline independent) in one run, then BAN-1 with pure BAN on the
# same teacher (--teacher-from). Seeds run as shards (SHARD=seed-N SEEDS=N, one thread each, two at a
# time on 2 cores) and merge into one paired report with `ban report merge`.
#
# Usage: ban-examples/study/ptb.sh STEP [STEP...]        (from anywhere)
#   ban+l        teacher, BAN-1 (BAN+L, w = 0.5) and Ind-2 for SEEDS
#   ban          BAN-1 with pure BAN on ban+l's teachers (same SHARD)
#   seed         ban+l then ban: one whole unit
#   longer       the single-network rival of one BAN+L generation: a teacher trained for twice
#                EPOCHS (the time of a teacher and its student), then its own BAN+L student
#   merge:STEP   OUT/STEP and its shards OUT/STEP-* made into one report, OUT/STEP-merged
# Environment (defaults shown):
#   SHARED=<root>/../shared/data  OUT=<root>/runs/ptb-study  SEEDS=1  SHARD=  THREADS=1
#   EPOCHS=5  SCHEDULE=cosine, or plateau (lr / 4 when validation stalls)
#   RESUME=1  continue a stopped unit from its checkpoints (ban's --resume)
# The step names in OUT carry the schedule: ptb-plateau-ban+l, ptb-cosine-ban, ...
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/common.sh"
out=${OUT:-"$root/runs/ptb-study"}
seeds=${SEEDS:-1}
schedule=${SCHEDULE:-cosine}

usage_without_steps "${BASH_SOURCE[0]}" $#
prepare_ban
recipe=(ptb --data-dir "$shared/ptb" --offline --model lstm-2x200 --batch-size 20 --bptt 35
  --lr 20 --max-grad-norm 0.25 --schedule "$schedule" --generations 1 --quiet)
epochs=${EPOCHS:-5}
shard=${SHARD:+-$SHARD}
[[ ${RESUME:-0} == 1 ]] && recipe+=(--resume)
name=ptb-$schedule

run() {
  local step=$1
  shift
  echo "# $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $step$shard: ban $*" >&2
  local start=$SECONDS
  "${ban[@]}" "$@" --output "$out/$step$shard"
  echo "# $step$shard took $((SECONDS - start)) s" >&2
}

step() {
  case $1 in
    ban+l)
      run "$name-ban+l" "${recipe[@]}" --epochs "$epochs" --loss ban+l --label-weight 0.5 \
        --baseline independent --seeds "$seeds" ;;
    ban)
      run "$name-ban" "${recipe[@]}" --epochs "$epochs" --loss ban --seeds "$seeds" \
        --teacher-from "$out/$name-ban+l$shard" ;;
    longer)
      local twice=$((2 * epochs))
      run "$name-$twice-epochs-ban+l" "${recipe[@]}" --epochs "$twice" --loss ban+l \
        --label-weight 0.5 --seeds "$seeds" ;;
    seed)
      step ban+l
      step ban ;;
    merge:*)
      local merged=${1#merge:} shards=()
      for dir in "$out/$merged" "$out/$merged"-*; do
        [[ -f $dir/report.json && $dir != "$out/$merged-merged" ]] && shards+=("$dir")
      done
      "${ban[@]}" report merge "${shards[@]}" --output "$out/$merged-merged" ;;
    *)
      echo "ptb.sh: unknown step '$1'" >&2
      exit 2 ;;
  esac
}

for s in "$@"; do
  step "$s"
done
