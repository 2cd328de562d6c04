#!/usr/bin/env bash
# A noisy tenant does not starve another one (docs/benchmarks.md "Noisy tenant"): tenant B (a beta user assuming a
# role in alpha) sends AssumeRole at a fixed rate under its limit: alone, while tenant A (an alpha user assuming a
# role in beta) uses exactly its account limit, while A offers exactly 5x it, and alone again (the control: two
# identical phases show the machine's own spread), in an order that changes from round to round. Compares B's
# throughput and latency (every answer kept) of the phases: percentiles pooled per phase over the rounds, and the
# median of the rounds' p99.
# Usage: bench/noisy-tenant.sh [duration=20s] [rounds=3] [limit=200]   (REBUILD=1 to re-package first; WARMUP=seconds; HOG_PCT=N below;
#   STORE=h2 (the embedded default) or pg (PostgreSQL 15 cluster rolegate-bench, as bench/other-tenant-writes.sh))
# Prints, per phase, the gateway's CPU and (with A) A's client's CPU, in % of one core. SLOW_MS=N also prints each of
# B's answers slower than N ms with its wall-clock time (bench/PacedLatency.java); each phase's start time is shown.
# Needs: wrk, the AWS CLI (/usr/bin/aws), /usr/bin/time. 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20s}
ROUNDS=${2:-3}
LIMIT=${3:-200}
PORT=${PORT:-18080}
EP="http://127.0.0.1:$PORT"
OUT=target/bench
mkdir -p "$OUT"

. bench/lib.sh
package_if_needed
DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
write_bootstrap
# AssumeRole limited per account only (principal limit lifted) at LIMIT/s with a one-second burst
OPTS=()
if [[ ${STORE:-h2} == pg ]]; then start_postgres; fresh_database rolegate_noisy; OPTS=("${PG_OPTS[@]}"); fi
start_gateway "${OPTS[@]}" -Drolegate.throttle.enabled=true -Drolegate.throttle.sts-assume-role.account.rate="$LIMIT" \
  -Drolegate.throttle.sts-assume-role.account.burst="$LIMIT" -Drolegate.throttle.sts-assume-role.principal.rate=0
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
wait_for "$EP/bench/noop"

# tenant A: alpha's bench-vendor assumes beta's bench-partner ($OUT/assume-role.lua)
setup_assume_role
mv "$OUT/assume-role.lua" "$OUT/tenant-a.lua"
# tenant B: the mirror image, beta's bench-vendor-b assumes alpha's bench-partner-b
awsc "${ALPHA[@]}" iam create-role --role-name bench-partner-b --query Role.Arn --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-bench-b"}}}]}' >/dev/null
awsc "${BETA[@]}" iam create-user --user-name bench-vendor-b >/dev/null
awsc "${BETA[@]}" iam put-user-policy --user-name bench-vendor-b --policy-name assume --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::111111111111:role/bench-*"}]}'
read -r akid secret < <(awsc "${BETA[@]}" iam create-access-key --user-name bench-vendor-b \
  --query 'AccessKey.[AccessKeyId,SecretAccessKey]')
java -cp "$SIGNER_CP" bench/SignAssumeRole.java "127.0.0.1:$PORT" "$akid" "$secret" \
  arn:aws:iam::111111111111:role/bench-partner-b ext-bench-b > "$OUT/tenant-b.lua"
cat bench/count-failures.lua >> "$OUT/tenant-b.lua"

# Paced load on fixed schedules (bench/PacedLatency.java): B 4 connections x 1 request / 30 ms (133/s, under its
# limit); A at its limit (LIMIT/100 connections x 1 request / 10 ms: A's fair use, the reference for "A's excess
# costs B nothing"), then at 5x its limit (5 x LIMIT/s, most answered Throttling). The wrk script tenant-b.lua only
# checks the set-up and warms up.
echo 'function delay() return 30 end' >> "$OUT/tenant-b.lua"
refuse_if_denied tenant-b
# B's latencies are kept one by one (bench/PacedLatency.java, same pacing as the wrk script: 4 connections x 1 request
# / 30 ms) so that each phase's percentiles are pooled over all rounds: a p99 of one 20 s round rests on ~25 answers.
compile_paced
gateway_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
b_run() { # b_run PHASE ROUND: B for DURATION, its latencies appended to $OUT/noisy-PHASE.lat and $OUT/noisy-PHASE-ROUND.lat
  local t0 s0 out
  t0=$(gateway_ticks); s0=$(date +%s.%N)
  out=$(paced 4 30 "${DURATION%s}" "$OUT/noisy-$1-$2.lat" "127.0.0.1:$PORT" \
    "$akid" "$secret" arn:aws:iam::111111111111:role/bench-partner-b ext-bench-b)
  echo "$out, gateway CPU $(awk -v t="$(( $(gateway_ticks) - t0 ))" -v hz="$(getconf CLK_TCK)" -v s0="$s0" -v s1="$(date +%s.%N)" \
    'BEGIN {printf "%.0f%%", 100 * t / hz / (s1 - s0)}') of a core"
  cat "$OUT/noisy-$1-$2.lat" >> "$OUT/noisy-$1.lat"
}
# A's client runs at the lowest CPU priority (nice 19): tenant A's machines are not the gateway's, and on these shared
# 2 cores its own client's CPU would otherwise count as "A's excess costs B" (NICE_A= to run it at normal priority).
# A_IDLE=1 runs it under SCHED_IDLE instead (chrt --idle): it gets a core only when nothing else wants one, the
# closest this machine comes to A's client on A's own machines (docs/benchmarks.md "Session 13")
A_SCHED=()
if [[ ${A_IDLE:-0} == 1 ]]; then A_SCHED=(chrt --idle 0); fi
a_run() { # a_run MULTIPLE ROUND [SECONDS]: A offers MULTIPLE x LIMIT requests/s on a fixed schedule (10 ms per connection)
  env -u SLOW_MS "${A_SCHED[@]}" nice -n "${NICE_A-19}" /usr/bin/time -f "%e %U %S" -o "$OUT/tenant-a-$1x-$2.cpu" java -cp "$OUT/bench-classes:$SIGNER_CP" PacedLatency $(( $1 * LIMIT / 100 )) 10 "${3:-$(( ${DURATION%s} + 4 ))}" "$OUT/tenant-a-$1x-$2.lat" "127.0.0.1:$PORT" \
    "$VENDOR_AKID" "$VENDOR_SECRET" arn:aws:iam::222222222222:role/bench-partner ext-bench-1 > "$OUT/tenant-a-$1x-$2.txt"
}
pct() { # pct FILE: count p50 p90 p99 p99.9 in ms
  sort -n "$1" | awk '{v[NR]=$1} END {n=NR; printf "%6d answers  p50 %6.2f  p90 %6.2f  p99 %6.2f  p99.9 %6.2f ms", n, v[int(n*0.5)]/1000, v[int(n*0.9)]/1000, v[int(n*0.99)]/1000, v[int(n*0.999)]/1000}'
}
# warm-up, WARMUP seconds (default 120): B with A at its limit, then at 5x, so that the first rounds do not pay for the
# JIT compiling either path. 30 s was not enough: ~2 minutes after the start the JIT still compiled ~250 methods a
# second, one compiler thread busy all the time beside the phases (JFR's CompilerStatistics, docs/benchmarks.md
# "Session 11"); it calms down about 2.5 minutes after the start
WARMUP=${WARMUP:-120}
wrk -t1 -c4 -d"${WARMUP}s" -s "$OUT/tenant-b.lua" "$EP/" >/dev/null &
WB=$!
a_run 1 0 $(( WARMUP / 2 )) >/dev/null
a_run 5 0 $(( WARMUP / 2 )) >/dev/null
wait $WB
rm -f "$OUT"/noisy-*.lat

RES="$OUT/noisy-tenant.txt"
with_a() { # with_a MULTIPLE PHASE ROUND WHAT: B's phase while A offers MULTIPLE x its limit
  echo "== round $3: B while A $4 ($(date +%T.%N | cut -c1-12), load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$RES"
  local hog= instead=
  if [[ $1 == 5 && ( ${NOOP_EXCESS:-0} == 1 || ( ${NOOP_EXCESS:-0} == blocks && $(( ($3 - 1) / 4 % 2 )) == 1 ) ) ]]; then
    # NOOP_EXCESS=1: the "5x" phase is A at its limit plus, from a second client run like A's, 4x A's limit of
    # requests to the no-op endpoint (GET /bench/noop) instead of A's excess: what the same number of requests costs
    # B when Rolegate's code does nothing with them (docs/benchmarks.md "Session 13"). NOOP_EXCESS=blocks: so in
    # rounds 5-8, 13-16, ..., A's real excess in the others (each block of 4 rounds has every order of the phases)
    env -u SLOW_MS "${A_SCHED[@]}" nice -n "${NICE_A-19}" java -cp "$OUT/bench-classes:$SIGNER_CP" PacedLatency \
      $(( 4 * LIMIT / 100 )) 10 $(( ${DURATION%s} + 4 )) /dev/null "127.0.0.1:$PORT" --get /bench/noop > "$OUT/noop-excess-$3.txt" &
    hog=$!
    instead="replaced by A at its limit and $(( 4 * LIMIT ))/s to the no-op endpoint: "
    a_run 1 "$3" &
  elif [[ $1 == 5 && -n ${HOG_PCT:-} ]]; then
    # HOG_PCT=N: the "5x" phase is A at its limit plus a busy loop at normal priority taking N % of a core (in 5 ms
    # periods) instead of A's excess: what plain CPU load of that size costs B (docs/benchmarks.md "Session 11")
    timeout $(( ${DURATION%s} + 4 )) python3 -c "
import time
busy = ${HOG_PCT} / 100 * 0.005
while True:
    t = time.perf_counter()
    while time.perf_counter() - t < busy: pass
    time.sleep(0.005 - busy)
" &
    hog=$!
    a_run 1 "$3" &
  else
    a_run "$1" "$3" &
  fi
  local a=$!
  sleep 2
  b_run "$2" "$3" | tee -a "$RES"
  wait $a
  local m=$1
  if [[ -n $hog ]]; then wait $hog || true; m=1; fi
  if [[ -n $instead ]]; then instead="${instead}$(cat "$OUT/noop-excess-$3.txt")"
  elif [[ -n $hog ]]; then instead="replaced by A at its limit and a busy loop of $HOG_PCT % of a core"; fi
  echo "-- A ($4${instead:+, $instead}) in round $3: $(cat "$OUT/tenant-a-${m}x-$3.txt"), A's client CPU $(awk '{printf "%.0f%%", 100 * ($2 + $3) / $1}' \
    "$OUT/tenant-a-${m}x-$3.cpu") of a core" | tee -a "$RES"
}
: > "$RES"
alone_phase() { # alone_phase PHASE ROUND WHAT
  echo "== round $2: B $3 ($(date +%T.%N | cut -c1-12), load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$RES"
  b_run "$1" "$2" | tee -a "$RES"
}
PHASES=(alone limit noisy again)
# The order of the phases changes from round to round, as the rows of a balanced Latin square: over 4 rounds each
# phase comes once in each position and once right after each other phase. Run in one fixed order, a disturbance
# of the machine that recurs with the period of a round falls on the same phase every round (PostgreSQL's commits
# stall for 30-60 ms about every 30 s here, with or without A, and a round lasts ~90 s: docs/benchmarks.md
# "Session 10"), and whatever a phase leaves behind (A's last refusals' events, garbage) falls on the next one.
ORDERS=("alone limit again noisy" "limit noisy alone again" "noisy again limit alone" "again alone noisy limit")
for r in $(seq 1 "$ROUNDS"); do
  for phase in ${ORDERS[$(( (r - 1) % 4 ))]}; do
    case $phase in
      alone) alone_phase alone "$r" alone ;;
      limit) with_a 1 limit "$r" "uses its limit" ;;
      noisy) with_a 5 noisy "$r" "offers 5x its limit" ;;
      # the control: B alone once more, so the spread between two identical phases is measured in the same run
      again) alone_phase again "$r" "alone again" ;;
    esac
  done
  for phase in "${PHASES[@]}"; do echo "   round $r $phase: $(pct "$OUT/noisy-$phase-$r.lat")" | tee -a "$RES"; done
done
echo "== B's latency pooled over $ROUNDS rounds" | tee -a "$RES"
for phase in alone limit noisy again; do echo "   $phase: $(pct "$OUT/noisy-$phase.lat")" | tee -a "$RES"; done
# the median over rounds of each round's p99 (a spike of the shared machine in one round moves the pooled p99 more)
p99s() { for r in $(seq 1 "$ROUNDS"); do sort -n "$OUT/noisy-$1-$r.lat" | awk '{v[NR]=$1} END {print v[int(NR*0.99)]/1000}'; done; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
ALONE=$(p99s alone | median); LIMIT=$(p99s limit | median); NOISY=$(p99s noisy | median); AGAIN=$(p99s again | median)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b / a}'; }
echo "== median of the rounds' p99: alone $ALONE ms, A at its limit $LIMIT ms, A at 5x $NOISY ms, alone again" \
  "$AGAIN ms; 5x over alone $(ratio "$ALONE" "$NOISY"), 5x over limit $(ratio "$LIMIT" "$NOISY"), alone again over" \
  "alone $(ratio "$ALONE" "$AGAIN") (the machine's own spread)" | tee -a "$RES"
# and the median of the ratios within each round (each round's phases ran within ~90 s of each other: a slower
# stretch of the shared machine moves both sides of a round's ratio)
paired() { paste <(p99s "$1") <(p99s "$2") | awk '{printf "%.3f\n", $2 / $1}' | median; }
echo "== median of the rounds' own ratios of p99: 5x over alone $(paired alone noisy | xargs printf %.2f), 5x over" \
  "limit $(paired limit noisy | xargs printf %.2f), alone again over alone $(paired alone again | xargs printf %.2f)" | tee -a "$RES"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RES"
