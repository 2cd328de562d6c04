#!/usr/bin/env bash
# The warm-up curve of AssumeRole from a cold start: the gateway starts, the set-up runs, then AssumeRole load is
# measured per 5-second interval for SECONDS (default 60), next to a 5 s no-op figure taken at the end (warm).
# Usage: bench/warmup-curve.sh [seconds=60] [connections=64]   ALG=ES256|EDDSA, JAVA_OPTS (e.g. -XX:SharedArchiveFile=...),
# EXTRA="-Drolegate.keys.warm-up-tokens=0" (gateway -D options), REBUILD=1. Needs: wrk, the AWS CLI. 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TOTAL=${1:-60}
CONNS=${2:-64}
ALG=${ALG:-ES256}
PORT=${PORT:-18140}
EP="http://127.0.0.1:$PORT"
OUT=target/bench
RESULTS=warmup-$ALG.txt
mkdir -p "$OUT"; : > "$OUT/$RESULTS"; : > "$OUT/$RESULTS.summary"

. bench/lib.sh
package_if_needed
DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
write_bootstrap
t0=$(date +%s%N)
# shellcheck disable=SC2086
start_gateway -Drolegate.keys.algorithm="$ALG" ${EXTRA:-}
trap 'stop_gateway; rm -rf "$DATA"' EXIT
wait_for "$EP/bench/noop"
echo "started in $(( ($(date +%s%N) - t0) / 1000000 )) ms (load average $(loadavg))" | tee -a "$OUT/$RESULTS.summary"
setup_assume_role
for s in $(seq 5 5 "$SECONDS_TOTAL"); do
  measure "AssumeRole $ALG ${s}s" "$EP/" -t2 -c$CONNS -d5s -s "$OUT/assume-role.lua"
done
measure "no-op (after)" "$EP/bench/noop" -t2 -c$CONNS -d5s
