#!/usr/bin/env bash
# AssumeRole throughput of 1, 2 and 3 gateway replicas on one PostgreSQL (issue 11). On a 2-core machine this shows the
# overhead of more processes, not a speed-up. One wrk per replica (connections split evenly), started together; the
# sum is the figure. Also PostgreSQL's CPU time per request (all its processes, from /proc) and each replica's.
# Usage: bench/replicas.sh [duration=20s] [connections=64] [rounds=3]   WARMUP=40, MAX=3, REBUILD=1.
# Needs: wrk, the AWS CLI, Debian's postgresql-15 (cluster rolegate-bench on PGPORT=15433). 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20s}
CONNS=${2:-64}
ROUNDS=${3:-3}
WARMUP=${WARMUP:-40}
MAX=${MAX:-3}
BASE=${PORT:-18130}
OUT=target/bench
mkdir -p "$OUT"; : > "$OUT/replicas.txt"

. bench/lib.sh
package_if_needed
start_postgres
fresh_database rolegate_replicas
DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
write_bootstrap
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill $p 2>/dev/null || true; wait $p 2>/dev/null || true; done; rm -rf "$DATA"' EXIT

pg_cpu_ms() { # CPU time of every process of the bench cluster, in ms
  local main; main=$(head -1 /var/lib/postgresql/15/rolegate-bench/postmaster.pid)
  { echo "$main"; pgrep -P "$main"; } | while read -r p; do cat "/proc/$p/stat" 2>/dev/null; done \
    | awk -v t="$(getconf CLK_TCK)" '{s += $14 + $15} END {print int(s * 1000 / t)}'
}
cpu_of() { awk -v t="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat"; }

for n in $(seq 1 "$MAX"); do
  PORT=$((BASE + n - 1)); EP="http://127.0.0.1:$PORT"
  OUT_LOG=$OUT; OUT=$OUT/replica-$n; mkdir -p "$OUT"
  start_gateway "${PG_OPTS[@]}"
  OUT=$OUT_LOG
  PIDS+=("$SERVER")
  wait_for "$EP/bench/noop"
  if [[ $n == 1 ]]; then setup_assume_role; fi
  for i in $(seq 1 "$n"); do # the signature covers the Host header: one script per replica
    java -cp "$SIGNER_CP" bench/SignAssumeRole.java "127.0.0.1:$((BASE + i - 1))" "$VENDOR_AKID" "$VENDOR_SECRET" \
      arn:aws:iam::222222222222:role/bench-partner ext-bench-1 > "$OUT/replica-$i.lua"
    cat bench/count-failures.lua >> "$OUT/replica-$i.lua"
  done
  per=$((CONNS / n))
  echo "warm-up of $n replica(s): ${WARMUP} s (load average $(loadavg))"
  # wait for the wrk processes only: a bare `wait` would also wait for the gateways (background children too)
  W=(); for i in $(seq 1 "$n"); do wrk -t1 -c$per -d${WARMUP}s -s "$OUT/replica-$i.lua" "http://127.0.0.1:$((BASE + i - 1))/" >/dev/null & W+=($!); done
  wait "${W[@]}"
  for r in $(seq 1 "$ROUNDS"); do
    pg0=$(pg_cpu_ms); c0=0; for p in "${PIDS[@]}"; do c0=$((c0 + $(cpu_of $p))); done
    W=()
    for i in $(seq 1 "$n"); do
      wrk -t1 -c$per -d$DURATION --latency -s "$OUT/replica-$i.lua" "http://127.0.0.1:$((BASE + i - 1))/" > "$OUT/replicas-$n-$i.txt" &
      W+=($!)
    done
    wait "${W[@]}"
    pg1=$(pg_cpu_ms); c1=0; for p in "${PIDS[@]}"; do c1=$((c1 + $(cpu_of $p))); done
    cat "$OUT"/replicas-$n-*.txt >> "$OUT/replicas.txt"
    awk -v n="$n" -v r="$r" -v pg=$((pg1 - pg0)) -v gw=$((c1 - c0)) -v load="$(loadavg)" '
      /requests in/ {req += $1} /^Requests\/sec/ {rps += $2} /^ +99%/ {p = $2; if (p ~ /ms/) {sub(/ms/, "", p)} else if (p ~ /us/) {sub(/us/, "", p); p /= 1000} else {sub(/s/, "", p); p *= 1000}; if (p > p99) p99 = p}
      /non-200/ {bad += $NF}
      END {printf "%d replica(s) round %d: %6.0f AssumeRole/s (sum), worst p99 %.1f ms, gateways %.1f us CPU/req, PostgreSQL %.2f us CPU/req, non-200 %d, load %s\n",
           n, r, rps, p99, gw * 1000 / req, pg * 1000 / req, bad, load}' "$OUT"/replicas-$n-*.txt | tee -a "$OUT/replicas.txt.summary"
  done
done
