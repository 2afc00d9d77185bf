#!/usr/bin/env bash
# The load benchmark (docs/benchmarks.md): installs wrk when missing (Debian), builds, and runs every variant and
# workload in one invocation. Arguments go to dev.baton.benchmarks.load.LoadBenchmark, e.g. --rounds 3 --duration 10
# --sizes 2k,10k,100k --threads 1,2 --heaps small,default --coldstart 60 (see docs/benchmarks.md).
# The class path is made of jars only, so that a node's classes can go in a CDS archive (BATON_NODE_JAVA_OPTS).
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
exec java -Xmx1g -cp "$(ls benchmarks/target/baton-benchmarks-*.jar):$(cat benchmarks/target/classpath.txt)" \
  dev.baton.benchmarks.load.LoadBenchmark "$@"
