#!/usr/bin/env bash
# The Born-Again effect study of docs/results.md: where do students beat their own teachers?
# Converged teachers (cosine schedule), 5 seeds, each student paired with its own seed's teacher,
# on Fashion-MNIST and the rebuilt CIFAR-10, with clean labels and with 40% label noise.
# Each step is one `ban` command; its report lands in $OUT/<step>/. The first step of a family
# (fm-clean, fm-noisy, c10-clean, c10-noisy) trains the teachers, with students from ban(); the
# others reuse those teachers (--teacher-from) and train students with another loss.
#
# Usage: ban-examples/study/effect.sh STEP [STEP...]        (from anywhere)
#   fm-clean fm-clean-ban+l fm-clean-hinton     Fashion-MNIST, clean labels
#   fm-noisy fm-noisy-ban+l fm-noisy-hinton     Fashion-MNIST, 40% of training labels wrong
#   c10-clean c10-clean-ban+l c10-clean-hinton  CIFAR-10 (rebuilt from JPEG), clean labels
#   c10-noisy c10-noisy-ban+l c10-noisy-hinton  CIFAR-10, 40% label noise
#   fm-long / c10-long                          the regime LONG names (e.g. clean-ban+l), 3x epochs
#   fm-auto                                     clean BAN+L, --generations auto (fm-clean's teachers)
#   c10-auto                                    noisy BAN+L, --generations auto (c10-noisy's teachers)
#   lane-clean / lane-noisy                     the two halves that run side by side on 2 cores
#   fm-equal c10-equal c10-noisy-equal          BAN+L, 2 generations, beside their equal-compute
#                                               rivals (--baseline independent), fresh teachers
#   c10-noisy-ablation                          cwtm, dkpp and ban students of c10-noisy-equal's
#                                               teachers, one generation
#   demo-equal                                  the demo's regime (its defaults) with its rivals
#   merge:STEP                                  OUT/STEP and its shards OUT/STEP-* made into one
#                                               report, OUT/STEP-merged (`ban report merge`)
# Environment (defaults shown):
#   SHARED=<root>/../shared/data  OUT=<root>/runs/effect  CIFAR_BIN=<OUT>/cifar-10-bin
#   SEEDS=1,2,3,4,5  THREADS=1  GENERATIONS=2 (students per step)  C10_WARMUP=1 (CIFAR's warm-up epochs)
#   LONG=clean-ban+l  LONG_EPOCHS=30  LONG_SEEDS=$SEEDS  AUTO_MAX=5 (fm-auto's most generations)
#   SHARD=  (a suffix for the output directories, e.g. SHARD=seeds-4-5 SEEDS=4,5 on another machine
#            or process; `ban report merge` then makes one report of the shards)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/common.sh"
out=${OUT:-"$root/runs/effect"}
cifar_bin=${CIFAR_BIN:-"$out/cifar-10-bin"}
seeds=${SEEDS:-1,2,3,4,5}

usage_without_steps "${BASH_SOURCE[0]}" $#
prepare_ban

# The converged-teacher recipe: the first 10,000 training images, the last 5,000 of them held out
# for validation; SGD 0.1, Nesterov 0.9, weight decay 5e-4, batch 128, cosine to 0 per step.
recipe=(--train-subset 10000 --validation-size 5000 --batch-size 128 --lr 0.1 --schedule cosine
  --offline --quiet)
fashion=(fashion-mnist --data-dir "$shared/fashion-mnist" --model cnn-3x2-grey)
# On CIFAR-10 the cosine from 0.1 without warm-up left 3 of 5 teachers at chance (validation error
# 90% from the first epoch on): one epoch of linear warm-up first.
cifar=(cifar10 --data-dir "$cifar_bin/cifar-10-batches-bin" --model cnn-3x2-rgb
  --warmup-epochs "${C10_WARMUP:-1}")
# Every step but fm-long and c10-long: 10 epochs, GENERATIONS students.
schedule=(--epochs 10 --generations "${GENERATIONS:-2}")
# Hinton KD as self-training (Yuan et al. 2020): T = 4, teacher weight 0.9.
declare -A losses=([ban]="--loss ban" [ban+l]="--loss ban+l --label-weight 0.5"
  [hinton]="--loss hinton --temperature 4 --label-weight 0.1" [cwtm]="--loss cwtm" [dkpp]="--loss dkpp")
shard=${SHARD:+-$SHARD}

run() {
  local step=$1
  shift
  echo "# $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $step: ban $*" >&2
  local start=$SECONDS
  "${ban[@]}" "$@" --output "$out/$step$shard"
  echo "# $step took $((SECONDS - start)) s" >&2
}

cifar_data() {
  if [[ ! -f "$cifar_bin/cifar-10-batches-bin/test_batch.bin" ]]; then
    echo "# rebuilding CIFAR-10 from $shared/cifar-10 into $cifar_bin" >&2
    /usr/bin/python3 "$shared/cifar-10/build-bin.py" "$cifar_bin"
  fi
}

step() {
  local name=$1 family data noise loss
  family=${name%%-clean*}
  family=${family%%-noisy*}
  case $name in
    lane-clean) for s in fm-clean fm-clean-hinton fm-clean-ban+l c10-clean c10-clean-hinton; do
        step "$s"; done; return ;;
    lane-noisy) for s in fm-noisy fm-noisy-ban+l fm-noisy-hinton c10-noisy c10-noisy-ban+l; do
        step "$s"; done; return ;;
    fm-long | c10-long)
      local regime=${LONG:-clean-ban+l}
      noise=0
      [[ $regime == noisy-* ]] && noise=0.4
      loss=${regime#*-}
      if [[ $name == fm-* ]]; then data=("${fashion[@]}"); else cifar_data; data=("${cifar[@]}"); fi
      run "${name%-long}-long-$regime" "${data[@]}" "${recipe[@]}" --epochs "${LONG_EPOCHS:-30}" --generations 1 \
        --label-noise "$noise" ${losses[$loss]} --seeds "${LONG_SEEDS:-$seeds}"
      return ;;
    fm-auto)
      run fm-auto-clean-ban+l "${fashion[@]}" "${recipe[@]}" --epochs 10 --generations auto \
        --max-generations "${AUTO_MAX:-5}" --label-noise 0 ${losses[ban+l]} --seeds "$seeds" \
        --teacher-from "$out/fm-clean"
      return ;;
    fm-equal | c10-equal | c10-noisy-equal)
      # Is born-again worth its compute? Each seed: a teacher, BAN-1 and BAN-2 (BAN+L), then
      # Ind-2, Ind-3 on the labels and KD(Ind*2) with BAN+L (docs/results.md, "Equal compute").
      noise=0
      [[ $name == *-noisy-* ]] && noise=0.4
      if [[ $name == fm-* ]]; then data=("${fashion[@]}"); else cifar_data; data=("${cifar[@]}"); fi
      run "$name-ban+l" "${data[@]}" "${recipe[@]}" --epochs 10 --generations 2 \
        --baseline independent --label-noise "$noise" ${losses[ban+l]} --seeds "$seeds"
      return ;;
    merge:*)
      local merged=${name#merge:} shards=()
      for dir in "$out/$merged" "$out/$merged"-*; do
        [[ -f $dir/report.json && $dir != "$out/$merged-merged" ]] && shards+=("$dir")
      done
      "${ban[@]}" report merge "${shards[@]}" --output "$out/$merged-merged"
      return ;;
    demo-equal)
      run demo-equal demo --quiet --baseline independent --seeds "$seeds"
      return ;;
    c10-noisy-ablation)
      # The paper's question on the regime where a single student wins: the teacher's confidence
      # (cwtm) or its dark knowledge (dkpp), beside pure KD (ban), on the same teachers.
      cifar_data
      for loss in cwtm dkpp ban; do
        run "c10-noisy-equal-$loss" "${cifar[@]}" "${recipe[@]}" --epochs 10 --generations 1 \
          --label-noise 0.4 ${losses[$loss]} --seeds "$seeds" \
          --teacher-from "$out/c10-noisy-equal-ban+l$shard"
      done
      return ;;
    c10-auto)
      # CIFAR-10's regime with the largest validation gain of BAN-1 over its teacher.
      cifar_data
      run c10-auto-noisy-ban+l "${cifar[@]}" "${recipe[@]}" --epochs 10 --generations auto \
        --max-generations "${AUTO_MAX:-5}" --label-noise 0.4 ${losses[ban+l]} --seeds "$seeds" \
        --teacher-from "$out/c10-noisy"
      return ;;
  esac
  case $family in
    fm) data=("${fashion[@]}") ;;
    c10) cifar_data; data=("${cifar[@]}") ;;
    *) echo "effect.sh: unknown step '$name'" >&2; exit 2 ;;
  esac
  noise=0
  [[ $name == *-noisy* ]] && noise=0.4
  local base=$family-clean
  [[ $noise != 0 ]] && base=$family-noisy
  if [[ $name == "$base" ]]; then
    run "$name" "${data[@]}" "${recipe[@]}" "${schedule[@]}" --label-noise "$noise" ${losses[ban]} \
      --seeds "$seeds"
  else
    loss=${name#"$base"-}
    [[ -n ${losses[$loss]:-} ]] || { echo "effect.sh: unknown loss in '$name'" >&2; exit 2; }
    run "$name" "${data[@]}" "${recipe[@]}" "${schedule[@]}" --label-noise "$noise" \
      ${losses[$loss]} --seeds "$seeds" --teacher-from "$out/$base"
  fi
}

for name in "$@"; do
  step "$name"
done
