#!/usr/bin/env bash
# The reproduction study of docs/results.md: Born-Again Networks at a scale that fits 2 CPU cores.
# Each step is one `ban` command; its report (report.md, report.json, plots) lands in
# $OUT/<step>/. Steps that share nothing can run at once in two shells (each on one thread).
#
# Usage: ban-examples/study/reproduce.sh [--full] STEP [STEP...]        (from anywhere)
#   --full           the paper's recipe instead (GPU-sized: days on a CPU), reports in $OUT/full
#   fashion          Fashion-MNIST: teacher, BAN-1..3, Ens*2, Ens*3 with ban(), 3 seeds
#   fashion-losses   Fashion-MNIST: BAN-1 with ban+l, cwtm, dkpp from the teachers of `fashion`
#                    (the three steps fashion-ban+l, fashion-cwtm, fashion-dkpp)
#   cifar10          CIFAR-10 (rebuilt from JPEG): teacher, BAN-1..3, Ens*2, Ens*3, 3 seeds;
#                    the rebuild needs /usr/bin/python3 with numpy and PIL
#                    (apt-get install python3-numpy python3-pil)
#   ptb              Penn Treebank, small LSTM: teacher against one BAN+L student, 3 seeds
#   all              the four, one after the other
# Environment (defaults shown):
#   SHARED=<root>/../shared/data   the project's data folder (Fashion-MNIST, PTB, CIFAR-10 JPEGs);
#                                   --full downloads the official data into data/ instead
#   CIFAR_BIN=<OUT>/cifar-10-bin    where the rebuilt CIFAR-10 binaries go (built once)
#   OUT=<root>/runs/study           reports
#   THREADS=1                       PyTorch threads per command
#   SEEDS=1,2,3  BAN_JAR=<root>/ban-examples/target/ban.jar
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/common.sh"
out=${OUT:-"$root/runs/study"}
cifar_bin=${CIFAR_BIN:-"$out/cifar-10-bin"}
seeds=${SEEDS:-1,2,3}
full=0
if [[ ${1:-} == --full ]]; then
  full=1
  shift
fi

usage_without_steps "${BASH_SOURCE[0]}" $# 2,22p
[[ -f "$jar" ]] || echo "# building $jar" >&2
prepare_ban
cd "$root" # --full downloads into the commands' default folders, data/... under the project

run() {
  local step=$1
  shift
  echo "# $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $step: ban $*" >&2
  local start=$SECONDS
  local offline=(--offline)
  [[ $full == 1 ]] && offline=()
  "${ban[@]}" "$@" --output "$out/$step" --seeds "$seeds" "${offline[@]}" --quiet
  echo "# $step took $((SECONDS - start)) s" >&2
}

# The CPU-sized recipes of docs/results.md, and with --full the paper's (REFERENCE.md section 3):
# full training sets, 200 epochs (40 for PTB), lr 0.1, batch 128, for machines with GPUs. PTB's
# lr 20 with clipping at 0.25 is the paper's lr 1 for a loss averaged over tokens (see PtbCommand).
if [[ $full == 1 ]]; then
  out="$out/full"
  # The official data, downloaded into the commands' default folders under data/.
  fashion_recipe=(--model cnn-small-grey --epochs 200 --batch-size 128 --lr 0.1 --schedule wrn)
  cifar_recipe=(--model wrn-28-2 --epochs 200 --batch-size 128 --lr 0.1 --schedule wrn)
  ptb_recipe=(--model lstm-2x1500-tied --epochs 40 --batch-size 32 --bptt 35 --lr 20
    --max-grad-norm 0.25 --schedule plateau)
else
  fashion_recipe=(--data-dir "$shared/fashion-mnist" --model cnn-small-grey --train-subset 10000
    --epochs 12 --batch-size 64 --lr 0.02 --schedule wrn)
  cifar_recipe=(--model cnn-small-rgb --train-subset 10000 --epochs 6 --batch-size 64 --lr 0.02
    --schedule wrn)
  ptb_recipe=(--data-dir "$shared/ptb" --model lstm-2x200 --train-subset 60000 --eval-subset 20000
    --epochs 3 --batch-size 20 --bptt 35 --lr 20 --max-grad-norm 0.25 --schedule plateau)
fi

step() {
  case $1 in
    fashion)
      run fashion fashion-mnist "${fashion_recipe[@]}" --generations 3 --loss ban ;;
    fashion-losses)
      step fashion-ban+l
      step fashion-cwtm
      step fashion-dkpp ;;
    fashion-ban+l | fashion-cwtm | fashion-dkpp)
      run "$1" fashion-mnist "${fashion_recipe[@]}" --generations 1 --loss "${1#fashion-}" \
        --teacher-from "$out/fashion" ;;
    cifar10)
      if [[ $full == 1 ]]; then
        run cifar10 cifar10 "${cifar_recipe[@]}" --generations 3 --loss ban
        return
      fi
      if [[ ! -f "$cifar_bin/cifar-10-batches-bin/test_batch.bin" ]]; then
        echo "# rebuilding CIFAR-10 from $shared/cifar-10 into $cifar_bin" >&2
        /usr/bin/python3 "$shared/cifar-10/build-bin.py" "$cifar_bin"
      fi
      run cifar10 cifar10 --data-dir "$cifar_bin/cifar-10-batches-bin" "${cifar_recipe[@]}" \
        --generations 3 --loss ban ;;
    ptb)
      run ptb ptb "${ptb_recipe[@]}" --generations 1 --loss ban+l ;;
    *)
      echo "reproduce.sh: unknown step '$1' (see reproduce.sh with no arguments)" >&2
      exit 2 ;;
  esac
}

for name in "$@"; do
  if [[ $name == all ]]; then
    step fashion
    step fashion-losses
    step cifar10
    step ptb
  else
    step "$name"
  fi
done
