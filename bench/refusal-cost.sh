#!/usr/bin/env bash
# What one refused call costs the gateway, against the floor of its HTTP server: the gateway's CPU time per request
# while one tenant sends signed AssumeRole calls that are all refused for the rate (its account limit set to 1/s), and
# while the same paced client calls the no-op endpoint (GET /bench/noop, no signature, no throttle), at the same rate
# on the same connections. Both after WARMUP seconds of the same load (default 90). JFR=1 records the refusal phase
# (target/bench/refusals.jfr; bench/jfr-top.sh summarises it).
# Usage: bench/refusal-cost.sh [seconds=30] [rate=1000]   (STORE=pg as bench/noisy-tenant.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_=${1:-30}
RATE=${2:-1000}
PORT=${PORT:-18080}
EP="http://127.0.0.1:$PORT"
OUT=target/bench
mkdir -p "$OUT"
. bench/lib.sh
package_if_needed
DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
write_bootstrap
OPTS=()
if [[ ${STORE:-h2} == pg ]]; then start_postgres; fresh_database rolegate_refusals; OPTS=("${PG_OPTS[@]}"); fi
start_gateway "${OPTS[@]}" -Drolegate.throttle.enabled=true -Drolegate.throttle.sts-assume-role.account.rate=1 \
  -Drolegate.throttle.sts-assume-role.account.burst=1 -Drolegate.throttle.sts-assume-role.principal.rate=0
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
wait_for "$EP/bench/noop"
setup_assume_role
compile_paced
CONNS=$(( RATE / 100 )) # one request per connection every 10 ms, as bench/noisy-tenant.sh's tenant A
per_request() { # per_request LABEL ARGS...: paced load for SECONDS_, the gateway's CPU µs per request sent
  local label=$1 c0 c1 u0 u1 out
  shift
  c0=$(server_cpu_ms); u0=$(awk '{print $14}' "/proc/$SERVER/stat")
  out=$(paced "$CONNS" 10 "$SECONDS_" /dev/null "127.0.0.1:$PORT" "$@")
  c1=$(server_cpu_ms); u1=$(awk '{print $14}' "/proc/$SERVER/stat")
  echo "$label: $out; gateway CPU $(( (c1 - c0) * 1000 / (RATE * SECONDS_) )) us per request ($(( (u1 - u0) * 1000 * 1000 / $(getconf CLK_TCK) / (RATE * SECONDS_) )) in user mode), $(( (c1 - c0) / (10 * SECONDS_) ))% of a core"
}
refusals() { paced "$CONNS" 10 "$1" /dev/null "127.0.0.1:$PORT" "$VENDOR_AKID" "$VENDOR_SECRET" \
  arn:aws:iam::222222222222:role/bench-partner ext-bench-1 >/dev/null; }
WARMUP=${WARMUP:-90}
refusals "$WARMUP"
paced "$CONNS" 10 "$(( WARMUP / 3 ))" /dev/null "127.0.0.1:$PORT" --get /bench/noop >/dev/null
for round in 1 2 3; do
  if [[ ${JFR:-0} == 1 && $round == 1 ]]; then
    jcmd "$SERVER" JFR.start name=refusals settings=profile filename="$PWD/$OUT/refusals.jfr" >/dev/null
  fi
  per_request "round $round, refused AssumeRole" "$VENDOR_AKID" "$VENDOR_SECRET" \
    arn:aws:iam::222222222222:role/bench-partner ext-bench-1
  if [[ ${JFR:-0} == 1 && $round == 1 ]]; then jcmd "$SERVER" JFR.stop name=refusals >/dev/null; fi
  per_request "round $round, no-op" --get /bench/noop
done
