#!/usr/bin/env bash
# AssumeRole while IAM writes happen in OTHER accounts (issue 11): quiet AssumeRole rounds, then the same rounds
# while a second wrk replays PutUserPolicy in two other accounts (gamma, delta) at about RATE writes/s.
# Usage: bench/other-tenant-writes.sh [duration=20s] [connections=64] [rounds=3]
#   RATE=200 (target writes/s; the achieved rate is printed), WARMUP=40, STORE=pg (PostgreSQL, default) or h2, REBUILD=1.
# Needs: wrk, the AWS CLI, for STORE=pg Debian's postgresql-15 (cluster rolegate-bench on PGPORT=15433). 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20s}
CONNS=${2:-64}
ROUNDS=${3:-3}
WARMUP=${WARMUP:-40}
RATE=${RATE:-200}
STORE=${STORE:-pg}
PORT=${PORT:-18120}
EP="http://127.0.0.1:$PORT"
OUT=target/bench
RESULTS=other-tenant-writes.txt
mkdir -p "$OUT"; : > "$OUT/$RESULTS"; : > "$OUT/$RESULTS.summary"

. bench/lib.sh
package_if_needed
DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
write_bootstrap
WRITERS=(333333333333 444444444444)
WSECRET=wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY1
declare -A WKEY
for acct in "${WRITERS[@]}"; do
  WKEY[$acct]=$(java -cp "$APP_CP" bench/Seed.java key-id "$acct")
  printf '  - id: "%s"\n    alias: w%s\n    admin: {user: admin, accessKeyId: %s, secretAccessKey: %s}\n' \
    "$acct" "$acct" "${WKEY[$acct]}" "$WSECRET" >> "$DATA/bootstrap.yaml"
done
OPTS=()
if [[ $STORE == pg ]]; then start_postgres; fresh_database rolegate_writes; OPTS=("${PG_OPTS[@]}"); fi
start_gateway "${OPTS[@]}"
trap 'stop_gateway; rm -rf "$DATA"' EXIT
wait_for "$EP/bench/noop"
setup_assume_role
refuse_if_denied assume-role

# one user per writer account; per account bench/PacedLatency.java replays its PutUserPolicy (a stored update every
# time) on a fixed schedule: CONNS_W connections, each sending one write every 1000 * CONNS_W / (RATE / 2) ms whatever
# the write's latency (wrk's delay() added the latency to the interval and under-delivered: ~120 writes/s for 200)
CONNS_W=4
WRITE_BODY='Action=PutUserPolicy&Version=2010-05-08&UserName=writer&PolicyName=p&PolicyDocument=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22*%22%7D%5D%7D'
compile_paced
for acct in "${WRITERS[@]}"; do
  awsc "${WKEY[$acct]}" "$WSECRET" iam create-user --user-name writer >/dev/null
done
sign_writes() {
  for acct in "${WRITERS[@]}"; do
    { sign_query iam "${WKEY[$acct]}" "$WSECRET" "$WRITE_BODY"; cat bench/count-failures.lua; } > "$OUT/writes-$acct.lua"
  done
}
sign_writes
for acct in "${WRITERS[@]}"; do
  wrk -t1 -c1 -d1s -s "$OUT/writes-$acct.lua" "$EP/" | grep -A3 'non-200: ' && { echo "the write is refused; stopping" >&2; exit 1; }
done

wrk -t2 -c$CONNS -d10s "$EP/bench/noop" >/dev/null
wrk -t2 -c$CONNS -d${WARMUP}s -s "$OUT/assume-role.lua" "$EP/" >/dev/null
secs=${DURATION%s}
for r in $(seq 1 "$ROUNDS"); do
  measure "round $r no-op" "$EP/bench/noop" -t2 -c$CONNS -d$DURATION
  measure "round $r AssumeRole quiet" "$EP/" -t2 -c$CONNS -d$DURATION -s "$OUT/assume-role.lua"
  WRITER=()
  for acct in "${WRITERS[@]}"; do
    rm -f "$OUT/writes-$acct-$r.lat"
    paced $CONNS_W $((2000 * CONNS_W / RATE)) $((secs + 4)) "$OUT/writes-$acct-$r.lat" "127.0.0.1:$PORT" \
      --query iam "${WKEY[$acct]}" "$WSECRET" "$WRITE_BODY" > "$OUT/writes-$acct-$r.txt" &
    WRITER+=($!)
  done
  sleep 2
  measure "round $r AssumeRole + writes" "$EP/" -t2 -c$CONNS -d$DURATION -s "$OUT/assume-role.lua"
  wait "${WRITER[@]}"
  for acct in "${WRITERS[@]}"; do
    echo "round $r writes in $acct: $(cat "$OUT/writes-$acct-$r.txt"), p99 $(sort -n "$OUT/writes-$acct-$r.lat" \
      | awk '{v[NR]=$1} END {printf "%.1f ms", v[int(NR*0.99)]/1000}')" | tee -a "$OUT/$RESULTS.summary"
  done
done
echo "full output: $OUT/$RESULTS"
