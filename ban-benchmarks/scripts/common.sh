# Shared setup of the PyTorch-beside-ban benchmarks (throughput.sh, kernels.sh, ptb_throughput.sh);
# source it after setting `here` to this folder, and optionally `model` (a preset, default
# resnet-20), `twin` (its PyTorch script here, default resnet20_torch.py) and `twin_args` (extra
# arguments for the twin). Defines root, threads, batch, jar, python, java_cmd, torch_cmd and
# checks that both sides build the same network (sets ban_params).
#   THREADS=2 BATCH=128                environment overrides (defaults shown)
#   PYTHON=/path/to/python3            a Python with torch (default: search)
#   BAN_JAR=/path/to/ban.jar           (default: ban-examples/target/ban.jar)
# Needs JDK 17 and Maven (builds ban.jar when missing), and a Python 3 with PyTorch: when none is
# found, installs Debian's python3-torch with apt-get, which needs root. Debian's torch does its
# matrix products through the system BLAS, the netlib reference unless OpenBLAS is installed: that
# makes PyTorch's linear layers several times slower (the LSTM's 10,000-word decoder 20x), so the
# benchmarks install libopenblas0-openmp when it is missing (root) or refuse to compare.

root=$(cd "$here/../.." && pwd)
threads=${THREADS:-2}
batch=${BATCH:-128}
jar=${BAN_JAR:-"$root/ban-examples/target/ban.jar"}
script=$(basename "$0")

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
    echo "$script: no Python with torch found; installing Debian's python3-torch needs" \
      "root: run 'sudo apt-get install python3-torch' or set PYTHON" >&2
    exit 1
  fi
  echo "# installing python3-torch with apt-get" >&2
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-torch >&2
  python=/usr/bin/python3
  "$python" -c 'import torch'
fi
if [[ $python == /usr/bin/python3 ]] && ! ls /usr/lib/x86_64-linux-gnu/libopenblas*.so* >/dev/null 2>&1; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "$script: Debian's torch would multiply matrices with the netlib reference BLAS;" \
      "run 'sudo apt-get install libopenblas0-openmp' first" >&2
    exit 1
  fi
  echo "# installing libopenblas0-openmp with apt-get (Debian's torch uses the system BLAS)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libopenblas0-openmp >&2
fi

if [[ ! -f "$jar" ]]; then
  echo "# building $jar" >&2
  (cd "$root" && mvn -q -B package -DskipTests -Dspotless.check.skip -Dmaven.javadoc.skip)
fi

export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
java_cmd=(java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads"
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$jar")
model=${model:-resnet-20}
twin=${twin:-resnet20_torch.py}
torch_cmd=("$python" "$here/$twin" --threads "$threads" ${twin_args[@]+"${twin_args[@]}"})

# Both sides must train the same network.
ban_params=$("${java_cmd[@]}" models --preset "$model" | awk -v m="$model" '$1 == m {print $2}')
torch_params=$("${torch_cmd[@]}" --count-parameters | awk '$1 == "parameters" {print $2}')
if [[ "$ban_params" != "$torch_params" ]]; then
  echo "$script: $model has $ban_params parameters in ban but $torch_params in" \
    "$twin; they must be the same network" >&2
  exit 1
fi

# Prints the machine and both sides' versions as comment lines.
describe_machine() {
  echo "# $(nproc) processors ($(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'))," \
    "$("$python" -c 'import torch; print("PyTorch", torch.__version__)'), $(java -version 2>&1 | head -1)"
  echo "# AVX-512: $(grep -q avx512f /proc/cpuinfo && echo yes || echo no)," \
    "system BLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)"
  echo "# OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset (the OpenMP default)}"
  echo "# load before: $(uptime)"
}

# Prints the last '<unit> <value>' line's value of a benchmark's output; fails if there is none.
last_rate() { awk -v unit="$1" '$1 == unit {rate = $2} END {if (rate == "") exit 1; print rate}'; }

# Runs ROUNDS rounds of the functions ban_round and torch_round (each prints one rate), ban first
# in odd rounds and PyTorch first in even ones, so that neither always follows the other. Prints
# each round's rates, then the medians and, last, 'ratio <median ban / median PyTorch>'.
#   alternate_rounds UNIT ROUNDS        UNIT names the rates, e.g. images/s
alternate_rounds() {
  local unit=$1 rounds=$2 round ban_rate torch_rate
  local ban_rates=() torch_rates=()
  for ((round = 1; round <= rounds; round++)); do
    if ((round % 2 == 1)); then
      ban_rate=$(ban_round)
      torch_rate=$(torch_round)
    else
      torch_rate=$(torch_round)
      ban_rate=$(ban_round)
    fi
    ban_rates+=("$ban_rate")
    torch_rates+=("$torch_rate")
    echo "round $round ban-$unit $ban_rate torch-$unit $torch_rate"
  done
  echo "# load after: $(uptime)"
  "$python" - "$unit" "${#ban_rates[@]}" "${ban_rates[@]}" "${torch_rates[@]}" <<'PY'
import statistics
import sys

unit, n = sys.argv[1], int(sys.argv[2])
ban = [float(v) for v in sys.argv[3:3 + n]]
torch = [float(v) for v in sys.argv[3 + n:]]
b, t = statistics.median(ban), statistics.median(torch)
print(f"median ban-{unit} {b:.2f} torch-{unit} {t:.2f}")
print(f"ratio {b / t:.3f}")
PY
}
