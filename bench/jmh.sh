#!/usr/bin/env bash
# Runs JMH benchmarks from src/jmh/java. Usage: bench/jmh.sh [JMH options, e.g. a benchmark regex and -f 1 -wi 2 -i 3]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -o -Pjmh test-compile
[ -s target/cp.txt ] || ./mvnw -q -o -Pjmh dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main "$@"
