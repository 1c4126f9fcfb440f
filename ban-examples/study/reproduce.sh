#!/usr/bin/env bash
# The reproduction study of docs/results.md: Born-Again Networks at a scale that fits 2 CPU cores.
# Each step is one `ban` command; its report (report.md, report.json, plots) lands in
# $OUT/<step>/. Steps that share nothing can run at once in two shells (each on one thread).
#
# Usage: ban-examples/study/reproduce.sh STEP [STEP...]        (from anywhere)
#   fashion          Fashion-MNIST: teacher, BAN-1..3, Ens*2, Ens*3 with ban(), 3 seeds
#   fashion-losses   Fashion-MNIST: BAN-1 with ban+l, cwtm, dkpp from the teachers of `fashion`
#   cifar10          CIFAR-10 (rebuilt from JPEG): teacher, BAN-1..3, Ens*2, Ens*3, 3 seeds
#   ptb              Penn Treebank, small LSTM: teacher against one BAN+L student, 3 seeds
#   all              the four, one after the other
# Environment (defaults shown):
#   SHARED=<root>/../shared/data   the project's data folder (Fashion-MNIST, PTB, CIFAR-10 JPEGs)
#   CIFAR_BIN=<OUT>/cifar-10-bin    where the rebuilt CIFAR-10 binaries go (built once)
#   OUT=<root>/runs/study           reports
#   THREADS=1                       PyTorch threads per command
#   SEEDS=1,2,3  BAN_JAR=<root>/ban-examples/target/ban.jar
#   FULL=1                          print the paper's full recipe for each step instead of running
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${SHARED:-"$root/../shared/data"}
out=${OUT:-"$root/runs/study"}
cifar_bin=${CIFAR_BIN:-"$out/cifar-10-bin"}
threads=${THREADS:-1}
seeds=${SEEDS:-1,2,3}
jar=${BAN_JAR:-"$root/ban-examples/target/ban.jar"}

if [[ $# -eq 0 ]]; then
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
fi
if [[ -z "${FULL:-}" && ! -f "$jar" ]]; then
  echo "# building $jar" >&2
  (cd "$root" && mvn -q -B package -DskipTests -Dspotless.check.skip -Dmaven.javadoc.skip)
fi

export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads OMP_WAIT_POLICY=PASSIVE
ban=(java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -jar "$jar")

run() {
  local step=$1
  shift
  echo "# $(date -u '+%Y-%m-%d %H:%M:%S') UTC, $step: ban $*" >&2
  local start=$SECONDS
  "${ban[@]}" "$@" --output "$out/$step" --seeds "$seeds" --offline --quiet
  echo "# $step took $((SECONDS - start)) s" >&2
}

# The paper's recipes (REFERENCE.md section 3), for machines with GPUs: printed, never run here.
full() {
  case $1 in
    fashion | cifar10)
      local dataset=$1
      [[ $dataset == fashion ]] && dataset=fashion-mnist
      echo "ban $dataset --model wrn-28-10 --epochs 200 --batch-size 64 --lr 0.1 --schedule wrn" \
        "--generations 3 --loss ban --seeds 1,2,3" ;;
    fashion-losses)
      for loss in ban+l cwtm dkpp; do
        echo "ban fashion-mnist --model wrn-28-10 --epochs 200 --batch-size 64 --lr 0.1" \
          "--schedule wrn --generations 1 --loss $loss --teacher-from runs/study/fashion" \
          "--seeds 1,2,3"
      done ;;
    ptb)
      echo "ban ptb --model lstm-2x1500-tied --epochs 40 --batch-size 20 --bptt 35 --lr 1" \
        "--schedule plateau --generations 1 --loss ban+l --seeds 1,2,3" ;;
  esac
}

fashion_recipe=(--data-dir "$shared/fashion-mnist" --model cnn-small-grey --train-subset 10000
  --epochs 12 --batch-size 64 --lr 0.02 --schedule wrn)
cifar_recipe=(--model cnn-small-rgb --train-subset 10000 --epochs 6 --batch-size 64 --lr 0.02
  --schedule wrn)

step() {
  case $1 in
    fashion)
      run fashion fashion-mnist "${fashion_recipe[@]}" --generations 3 --loss ban ;;
    fashion-losses)
      for loss in ban+l cwtm dkpp; do
        run "fashion-$loss" fashion-mnist "${fashion_recipe[@]}" --generations 1 --loss "$loss" \
          --teacher-from "$out/fashion"
      done ;;
    cifar10)
      if [[ ! -f "$cifar_bin/cifar-10-batches-bin/test_batch.bin" ]]; then
        echo "# rebuilding CIFAR-10 from $shared/cifar-10 into $cifar_bin" >&2
        /usr/bin/python3 "$shared/cifar-10/build-bin.py" "$cifar_bin"
      fi
      run cifar10 cifar10 --data-dir "$cifar_bin/cifar-10-batches-bin" "${cifar_recipe[@]}" \
        --generations 3 --loss ban ;;
    ptb)
      run ptb ptb --data-dir "$shared/ptb" --model lstm-2x200 --train-subset 200000 \
        --eval-subset 20000 --epochs 4 --batch-size 20 --bptt 35 --lr 1 --schedule plateau \
        --generations 1 --loss ban+l ;;
    *)
      echo "reproduce.sh: unknown step '$1' (fashion, fashion-losses, cifar10, ptb, all)" >&2
      exit 2 ;;
  esac
}

for name in "$@"; do
  if [[ $name == all ]]; then
    names=(fashion fashion-losses cifar10 ptb)
  else
    names=("$name")
  fi
  for one in "${names[@]}"; do
    if [[ -n "${FULL:-}" ]]; then
      full "$one"
    else
      step "$one"
    fi
  done
done
