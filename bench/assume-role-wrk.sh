#!/usr/bin/env bash
# AssumeRole over HTTP against the packaged jar, next to the no-op endpoint of the same server, in one run.
# Usage: bench/assume-role-wrk.sh [duration=20s] [connections=64] [rounds=3]
#   ALG=ES256|EDDSA (session-token signature, default ES256), WARMUP=60 (seconds of AssumeRole load before measuring;
#   the JIT needs 30-60 s for the EC code), JFR=1 (record the measured rounds: $OUT/assume-role.jfr and a top-frames
#   summary), REBUILD=1 (re-package first), JAVA_OPTS (extra JVM options).
# Each round: the no-op, then AssumeRole; one summary line each with req/s, p50, p99 and the gateway's CPU µs per
# request. Needs: wrk (apt-get install -y wrk), the AWS CLI (/usr/bin/aws) for the set-up calls. 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20s}
CONNS=${2:-64}
ROUNDS=${3:-3}
WARMUP=${WARMUP:-60}
ALG=${ALG:-ES256}
PORT=${PORT:-18080}
EP="http://127.0.0.1:$PORT"
OUT=target/bench
RESULTS=assume-role-$ALG.txt
mkdir -p "$OUT"
: > "$OUT/$RESULTS"; : > "$OUT/$RESULTS.summary"

. bench/lib.sh
package_if_needed
DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
write_bootstrap
start_gateway -Drolegate.keys.algorithm="$ALG"
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
wait_for "$EP/bench/noop"
setup_assume_role

refuse_if_denied assume-role
echo "warm-up: 10 s no-op, ${WARMUP} s AssumeRole ($ALG, load average $(loadavg))"
wrk -t2 -c$CONNS -d10s "$EP/bench/noop" >/dev/null
wrk -t2 -c$CONNS -d${WARMUP}s -s "$OUT/assume-role.lua" "$EP/" >/dev/null

[[ "${JFR:-0}" == 1 ]] && jcmd $SERVER JFR.start name=bench settings=profile filename="$PWD/$OUT/assume-role-$ALG.jfr" >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  measure "round $r no-op" "$EP/bench/noop" -t2 -c$CONNS -d$DURATION
  measure "round $r AssumeRole $ALG" "$EP/" -t2 -c$CONNS -d$DURATION -s "$OUT/assume-role.lua"
done
if [[ "${JFR:-0}" == 1 ]]; then
  jcmd $SERVER JFR.stop name=bench >/dev/null
  bench/jfr-top.sh "$OUT/assume-role-$ALG.jfr" | tee "$OUT/assume-role-$ALG.jfr.txt"
fi
echo "full output: $OUT/$RESULTS"
