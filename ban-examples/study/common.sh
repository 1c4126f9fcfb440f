# Sourced by the study scripts (effect.sh, ptb.sh, reproduce.sh) after `set -euo pipefail`, with
# $here set to this folder: the project's folders and settings from the environment, the usage
# printed when no step is named, and the `ban` command line every step runs.
# Environment: SHARED=<root>/../shared/data  THREADS=1  BAN_JAR=<root>/ban-examples/target/ban.jar

root=$(cd "$here/../.." && pwd)
shared=${SHARED:-"$root/../shared/data"}
threads=${THREADS:-1}
jar=${BAN_JAR:-"$root/ban-examples/target/ban.jar"}

# Prints the script's header comment, its usage, and exits with 2 when no step is named.
# Arguments: the script, the number of steps, the sed range of the header (default: to `set`).
usage_without_steps() {
  local header='2,/^set /{/^#/p;}'
  if [[ $2 -eq 0 ]]; then
    sed -n "${3:-$header}" "$1" | sed 's/^# \{0,1\}//'
    exit 2
  fi
}

# Builds the jar when it is missing, then sets `ban`: java on the jar, offline, with THREADS
# PyTorch and OpenMP threads (OpenMP's idle threads sleep instead of spinning).
prepare_ban() {
  if [[ ! -f "$jar" ]]; then
    (cd "$root" && mvn -q -B package -DskipTests -Dspotless.check.skip -Dmaven.javadoc.skip)
  fi
  export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads OMP_WAIT_POLICY=PASSIVE
  ban=(java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -jar "$jar")
}
