#!/usr/bin/env bash
# Runs JMH benchmarks from src/jmh/java. Arguments go to JMH, e.g.:
#   bench/jmh.sh SessionTokenBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -Pjmh test-compile
./mvnw -q -Pjmh dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main "$@"
