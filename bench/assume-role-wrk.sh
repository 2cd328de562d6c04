#!/usr/bin/env bash
# AssumeRole over HTTP against the packaged jar, next to a no-op endpoint of the same server, in one run.
# Usage: bench/assume-role-wrk.sh [duration=20s] [connections=64]     (REBUILD=1 to re-package first)
# Needs: wrk (apt-get install -y wrk), the AWS CLI (/usr/bin/aws) for the set-up calls. 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20s}
CONNS=${2:-64}
PORT=${PORT:-18080}
EP="http://127.0.0.1:$PORT"
OUT=target/bench
mkdir -p "$OUT"

. bench/lib.sh
package_if_needed
DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
write_bootstrap
start_gateway
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
wait_for "$EP/bench/noop"
setup_assume_role

# sanity: the signed request succeeds (one request, then warm-up of both endpoints)
refuse_if_denied assume-role
wrk -t2 -c$CONNS -d5s "$EP/bench/noop" >/dev/null
wrk -t2 -c$CONNS -d5s -s "$OUT/assume-role.lua" "$EP/" >/dev/null

echo "== no-op GET /bench/noop" | tee "$OUT/wrk.txt"
wrk -t2 -c$CONNS -d$DURATION --latency "$EP/bench/noop" | tee -a "$OUT/wrk.txt"
echo "== AssumeRole (cross-account, ExternalId, session policy)" | tee -a "$OUT/wrk.txt"
wrk -t2 -c$CONNS -d$DURATION --latency -s "$OUT/assume-role.lua" "$EP/" | tee -a "$OUT/wrk.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/wrk.txt"
