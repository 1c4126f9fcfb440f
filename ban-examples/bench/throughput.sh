#!/usr/bin/env bash
# Training throughput of the CIFAR ResNet-20 with this library against plain PyTorch eager,
# side by side in one run: the same network (269,722 parameters, checked below), batch 128, the same
# number of steps on random data, the same optimizer, 2 threads on both sides. Each round runs both,
# ban first in odd rounds and PyTorch first in even ones; each run is a fresh process that takes
# WARMUP untimed steps, then STEPS timed ones. Prints each round's images/s for both and, last,
# the ratio of the medians:
#   ratio <median ban images/s / median PyTorch images/s>
#
# Usage: ban-examples/bench/throughput.sh            (from anywhere)
#   ROUNDS=5 STEPS=20 WARMUP=3 THREADS=2 BATCH=128   environment overrides (defaults shown)
#   PYTHON=/path/to/python3                           a Python with torch (default: search)
#   BAN_JAR=/path/to/ban.jar                          (default: ban-examples/target/ban.jar)
# Needs: JDK 17 and Maven (builds ban-examples/target/ban.jar when missing), and a Python 3 with
# PyTorch: when none is found, installs Debian's python3-torch with apt-get, which needs root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${ROUNDS:-5}
steps=${STEPS:-20}
warmup=${WARMUP:-3}
threads=${THREADS:-2}
batch=${BATCH:-128}
jar=${BAN_JAR:-"$root/ban-examples/target/ban.jar"}

# A Python that imports torch: $PYTHON, python3 on the PATH, or Debian's own interpreter.
python=${PYTHON:-}
if [[ -z "$python" ]]; then
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import torch' 2>/dev/null; then
      python=$candidate
      break
    fi
  done
fi
if [[ -z "$python" ]]; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "throughput.sh: no Python with torch found; installing Debian's python3-torch needs" \
      "root: run 'sudo apt-get install python3-torch' or set PYTHON" >&2
    exit 1
  fi
  echo "# installing python3-torch with apt-get" >&2
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch >&2
  python=/usr/bin/python3
  "$python" -c 'import torch'
fi

if [[ ! -f "$jar" ]]; then
  echo "# building $jar" >&2
  (cd "$root" && mvn -q -B package -DskipTests -Dspotless.check.skip -Dmaven.javadoc.skip)
fi

export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
java_cmd=(java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads"
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar")
torch_cmd=("$python" "$here/resnet20_torch.py" --threads "$threads")

# Both sides must train the same network.
ban_params=$("${java_cmd[@]}" models --preset resnet-20 | awk '$1 == "resnet-20" {print $2}')
torch_params=$("${torch_cmd[@]}" --count-parameters | awk '$1 == "parameters" {print $2}')
if [[ "$ban_params" != "$torch_params" ]]; then
  echo "throughput.sh: resnet-20 has $ban_params parameters in ban but $torch_params in" \
    "resnet20_torch.py; they must be the same network" >&2
  exit 1
fi

echo "# throughput.sh: resnet-20 ($ban_params parameters), batch $batch, $threads threads," \
  "$rounds rounds of $steps steps after $warmup warm-up steps; $(nproc) processors," \
  "$("$python" -c 'import torch; print("PyTorch", torch.__version__)'), $(java -version 2>&1 | head -1)"
echo "# OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset (the OpenMP default)}"
echo "# load before: $(uptime)"

last_rate() { awk '$1 == "images/s" {rate = $2} END {if (rate == "") exit 1; print rate}'; }

ban_round() {
  "${java_cmd[@]}" bench throughput --model resnet-20 --batch-size "$batch" --steps "$steps" \
    --warmup "$warmup" --rounds 1 | last_rate
}
torch_round() {
  "${torch_cmd[@]}" --batch-size "$batch" --steps "$steps" --warmup "$warmup" --rounds 1 |
    last_rate
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
  echo "round $round ban-images/s $ban_rate torch-images/s $torch_rate"
done

echo "# load after: $(uptime)"
"$python" - "${#ban_rates[@]}" "${ban_rates[@]}" "${torch_rates[@]}" <<'PY'
import statistics
import sys

n = int(sys.argv[1])
ban = [float(v) for v in sys.argv[2:2 + n]]
torch = [float(v) for v in sys.argv[2 + n:]]
b, t = statistics.median(ban), statistics.median(torch)
print(f"median ban-images/s {b:.2f} torch-images/s {t:.2f}")
print(f"ratio {b / t:.3f}")
PY
