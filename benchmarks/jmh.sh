#!/usr/bin/env bash
# A JMH benchmark of this module (docs/benchmarks.md): `bash benchmarks/jmh.sh <BenchmarkClass> [JMH arguments]`, e.g.
# `bash benchmarks/jmh.sh CodecBenchmark` or `bash benchmarks/jmh.sh RequestBenchmark -prof gc`. The class is its
# simple name (CodecBenchmark, RequestBenchmark, StoreBenchmark) or a fully qualified one, optionally followed by a
# method pattern (`'RequestBenchmark.(write|mutate)'`): JMH's include pattern. It builds the module, then runs JMH;
# without JMH arguments, a short run: -f 1 -wi 3 -i 5 -w 1s -r 1s.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -eq 0 ]; then
  echo "usage: bash benchmarks/jmh.sh <BenchmarkClass> [JMH arguments]" >&2
  exit 2
fi
benchmark="$1"
shift
case "$benchmark" in
  dev.baton.*) ;;
  CodecBenchmark|CodecBenchmark.*) benchmark="dev.baton.benchmarks.codec.$benchmark" ;;
  RequestBenchmark|RequestBenchmark.*) benchmark="dev.baton.benchmarks.engine.$benchmark" ;;
  StoreBenchmark|StoreBenchmark.*) benchmark="dev.baton.benchmarks.store.$benchmark" ;;
  *) echo "unknown benchmark $benchmark: CodecBenchmark, RequestBenchmark, StoreBenchmark or a qualified name" >&2
     exit 2 ;;
esac
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -i 5 -w 1s -r 1s
fi
./mvnw -q -ntp -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main "$benchmark" "$@"
