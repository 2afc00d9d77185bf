#!/usr/bin/env bash
# The codec benchmark (docs/benchmarks.md): JMH, encode and decode of a typical cart with Kryo and Java serialization.
# Arguments go to JMH; without any, a short run: -f 1 -wi 3 -i 5 -w 1s -r 1s.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -i 5 -w 1s -r 1s
fi
./mvnw -q -ntp -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main \
  dev.baton.benchmarks.codec.CodecBenchmark "$@"
