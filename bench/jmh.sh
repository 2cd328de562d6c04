#!/usr/bin/env bash
# Generic JMH runner (benchmarks live in src/jmh/java, never part of ./mvnw verify).
# Usage: bench/jmh.sh <benchmark-regex> [JMH options...]
#   e.g. bench/jmh.sh 'io.rolegate.policy.PolicyBenchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: $0 <benchmark-regex> [JMH options...]" >&2
  exit 2
fi
./mvnw -q -Pjmh test-compile
if [ ! -s target/cp.txt ] || [ pom.xml -nt target/cp.txt ]; then
  ./mvnw -q -Pjmh dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
fi
exec java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main "$@"
