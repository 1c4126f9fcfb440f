#!/usr/bin/env bash
# Runs the JMH benchmarks of this module; arguments go to JMH (e.g. -h, -l, -p loss=BAN, -f 1).
# Usage, from anywhere:  ban-benchmarks/run.sh [JMH options] [benchmark regex]
# Builds the module (and ban-losses) first; needs JDK 17 and Maven, offline once dependencies are
# in the local repository.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mvn -q -B -pl ban-benchmarks -am package -DskipTests -Dspotless.check.skip -Dmaven.javadoc.skip \
  -Denforcer.skip
classpath="ban-benchmarks/target/classes:$(cat ban-benchmarks/target/benchmark-classpath.txt)"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
exec java -Dai.djl.offline=true -cp "$classpath" org.openjdk.jmh.Main "$@"
