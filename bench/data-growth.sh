#!/usr/bin/env bash
# Data growth (issue 11): AssumeRole over 1,000 roles of 100 accounts on a nearly empty PostgreSQL store, then the same
# bench after seeding 10,000 accounts, 100,000 roles and 1,000,000 policy statements (bench/Seed.java, COPY).
# Usage: bench/data-growth.sh [duration=20s] [connections=64] [rounds=3]
#   ACCOUNTS=10000 (the large store), WARMUP=40 (seconds of AssumeRole load before measuring), REBUILD=1.
# Per store: seed time, cold fill (the first pass over the 1,000 roles after a restart, one connection, against the
# second pass), heap per cached role (class histogram before/after the pass, full GC), then rounds of no-op and
# AssumeRole. Needs: wrk, the AWS CLI, Debian's postgresql-15 (cluster rolegate-bench on PGPORT=15433). 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20s}
CONNS=${2:-64}
ROUNDS=${3:-3}
WARMUP=${WARMUP:-40}
ACCOUNTS=${ACCOUNTS:-10000}
PORT=${PORT:-18110}
EP="http://127.0.0.1:$PORT"
OUT=target/bench
RESULTS=data-growth.txt
mkdir -p "$OUT"; : > "$OUT/$RESULTS"; : > "$OUT/$RESULTS.summary"

. bench/lib.sh
package_if_needed
start_postgres
DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
write_bootstrap
trap 'stop_gateway; rm -rf "$DATA"' EXIT

heap_bytes() { jcmd "$SERVER" GC.class_histogram | awk '/^Total/ {print $3}'; }
# 1,000 target roles: bench-role-0..9 of accounts 400000000000..099 (present in both stores)
TARGETS=$(for i in $(seq 0 99); do for r in $(seq 0 9); do printf 'arn:aws:iam::%d:role/bench-role-%d,' $((400000000000 + i)) "$r"; done; done)

for store in small large; do
  n=$([[ $store == small ]] && echo 100 || echo "$ACCOUNTS")
  fresh_database rolegate_growth
  start_gateway "${PG_OPTS[@]}"
  wait_for "$EP/bench/noop"
  setup_assume_role
  awsc "${ALPHA[@]}" iam put-user-policy --user-name bench-vendor --policy-name assume-seeded --policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/bench-role-*"}]}'
  stop_gateway
  echo "== $store store: $(java -cp "$APP_CP" bench/Seed.java "$PGURL" postgres "$n" 10 9) (load average $(loadavg))" | tee -a "$OUT/$RESULTS.summary"
  psql_bench -d rolegate_growth -At -c "select 'database size ' || pg_size_pretty(pg_database_size('rolegate_growth'))" | tee -a "$OUT/$RESULTS.summary"

  start_gateway "${PG_OPTS[@]}"
  wait_for "$EP/bench/noop"
  java -cp "$SIGNER_CP" bench/SignAssumeRole.java "127.0.0.1:$PORT" "$VENDOR_AKID" "$VENDOR_SECRET" "${TARGETS%,}" ext-bench-1 \
    > "$OUT/growth.lua"
  cat bench/count-failures.lua >> "$OUT/growth.lua"
  # one pass over the roles, then stop (wrk -t1 -c1: one request at a time)
  # wrk waits out -d even after thread:stop(), so the pass time is the sum of the sequential requests' latencies
  { cat "$OUT/growth.lua"; echo 'local sent = 0
local r0 = response
function response(s, h, b) r0(s, h, b); sent = sent + 1; if sent >= #reqs then wrk.thread:stop() end end
local d0 = done
function done(s, l, r) d0(s, l, r); io.write(string.format("pass: %d requests, %.0f ms\n", s.requests, l.mean * s.requests / 1000)) end'; } > "$OUT/growth-pass.lua"
  sed -i 's/^  i = math.random(#reqs)$/  i = 0/' "$OUT/growth-pass.lua"
  h0=$(heap_bytes)
  for pass in cold warm; do
    wrk -t1 -c1 -d30s -s "$OUT/growth-pass.lua" "$EP/" > "$OUT/growth-pass-$pass.txt"
    echo "$store store: $pass $(grep '^pass:' "$OUT/growth-pass-$pass.txt") over 1,000 roles ($(grep non-200 "$OUT/growth-pass-$pass.txt"))" | tee -a "$OUT/$RESULTS.summary"
    [[ $pass == cold ]] && h1=$(heap_bytes)
  done
  echo "$store store: heap after the cold pass minus before: $(( (h1 - h0) / 1000 )) bytes per role (1,000 roles)" | tee -a "$OUT/$RESULTS.summary"

  wrk -t2 -c$CONNS -d10s "$EP/bench/noop" >/dev/null
  wrk -t2 -c$CONNS -d${WARMUP}s -s "$OUT/growth.lua" "$EP/" >/dev/null
  for r in $(seq 1 "$ROUNDS"); do
    measure "$store round $r no-op" "$EP/bench/noop" -t2 -c$CONNS -d$DURATION
    measure "$store round $r AssumeRole" "$EP/" -t2 -c$CONNS -d$DURATION -s "$OUT/growth.lua"
  done
  stop_gateway
done
echo "full output: $OUT/$RESULTS"
