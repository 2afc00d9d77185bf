#!/usr/bin/env bash
# The load benchmark (docs/benchmarks.md): installs wrk when missing (Debian), builds, and runs every variant and
# workload in one invocation. Arguments go to dev.baton.benchmarks.load.LoadBenchmark, e.g. --rounds 3 --duration 10.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is needed: sudo apt-get install wrk" >&2; exit 1
  fi
fi
bash scripts/services.sh
./mvnw -q -ntp -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -Xmx1g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.baton.benchmarks.load.LoadBenchmark "$@"
