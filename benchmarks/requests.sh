#!/usr/bin/env bash
# The request benchmark (docs/benchmarks.md): JMH, one request of the load benchmark's workloads through the engine,
# on the in-memory store and on the local Redis. Arguments go to JMH; without any, a short run: -f 1 -wi 3 -i 5 -w 1s -r 1s.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -i 5 -w 1s -r 1s
fi
./mvnw -q -ntp -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main \
  dev.baton.benchmarks.engine.RequestBenchmark "$@"
