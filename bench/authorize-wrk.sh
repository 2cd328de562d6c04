#!/usr/bin/env bash
# POST /v1/authorize for a warm session over HTTP against the packaged jar, next to the no-op endpoint of the same
# server, in one run (issue 9 §4: goal >= 0.5x the no-op's throughput, p99 < 10 ms).
# Usage: bench/authorize-wrk.sh [duration=20s] [connections=64] [rounds=3]   (REBUILD=1 to re-package first;
# WARMUP=60 seconds of load on /v1/authorize before measuring). Needs: wrk, the AWS CLI (/usr/bin/aws). 127.0.0.1 only.
#
# Set-up (account beta owns the project): a downstream service user `bench-projects` allowed rolegate:AuthorizeRequest;
# a role `bench-dev` (inline policy allowing monitron:Get*/List* + a managed policy, a permissions boundary) that
# beta's user `bench-client` assumes with a session policy. bench/SignAuthorize.java signs the client's
# `GET /projects/dallas` once with the session's credentials (service monitron) and the /v1/authorize call once with
# the service's keys (service rolegate); wrk replays that call (valid 15 minutes: re-signed before every measured run).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20s}
CONNS=${2:-64}
ROUNDS=${3:-3}
WARMUP=${WARMUP:-60}
PORT=${PORT:-18100}
EP="http://127.0.0.1:$PORT"
OUT=target/bench
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
. bench/lib.sh
package_if_needed
DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
write_bootstrap
start_gateway
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
wait_for "$EP/bench/noop"

B=("${BETA[@]}")
awsc "${B[@]}" iam create-user --user-name bench-projects >/dev/null
awsc "${B[@]}" iam put-user-policy --user-name bench-projects --policy-name authorize --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rolegate:AuthorizeRequest","Resource":"*"}]}'
read -r SVC_AKID SVC_SECRET < <(awsc "${B[@]}" iam create-access-key --user-name bench-projects \
  --query 'AccessKey.[AccessKeyId,SecretAccessKey]')

BOUNDARY=$(awsc "${B[@]}" iam create-policy --policy-name bench-boundary --query Policy.Arn --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["monitron:*","s3:*","logs:*"],"Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}')
TOOLS=$(awsc "${B[@]}" iam create-policy --policy-name bench-tools --query Policy.Arn --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:*:*:log-group:/dev/*"},{"Effect":"Allow","Action":"monitron:*Dashboard*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-01-01T00:00:00Z"}}}]}')
ROLE=$(awsc "${B[@]}" iam create-role --role-name bench-dev --query Role.Arn --permissions-boundary "$BOUNDARY" \
  --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":["sts:AssumeRole","sts:TagSession"]}]}')
awsc "${B[@]}" iam attach-role-policy --role-name bench-dev --policy-arn "$TOOLS"
awsc "${B[@]}" iam put-role-policy --role-name bench-dev --policy-name projects-read --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["monitron:Get*","monitron:List*"],"Resource":"arn:aws:monitron:*:${aws:PrincipalAccount}:project/*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"platform"}}}]}'
awsc "${B[@]}" iam create-user --user-name bench-client >/dev/null
awsc "${B[@]}" iam put-user-policy --user-name bench-client --policy-name assume --policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"],\"Resource\":\"$ROLE\"}]}"
read -r CLIENT_USER_AKID CLIENT_USER_SECRET < <(awsc "${B[@]}" iam create-access-key --user-name bench-client \
  --query 'AccessKey.[AccessKeyId,SecretAccessKey]')
read -r C_AKID C_SECRET C_TOKEN < <(awsc "$CLIENT_USER_AKID" "$CLIENT_USER_SECRET" sts assume-role --role-arn "$ROLE" \
  --role-session-name alice --duration-seconds 3600 --tags Key=team,Value=platform \
  --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["monitron:Get*","monitron:List*"],"Resource":"*"}]}' \
  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]')

sign() { # a freshly signed /v1/authorize call in $OUT/authorize.lua
  java -cp "$SIGNER_CP" bench/SignAuthorize.java "127.0.0.1:$PORT" "$SVC_AKID" "$SVC_SECRET" "$C_AKID" "$C_SECRET" \
    "$C_TOKEN" arn:aws:monitron:us-east-1:222222222222:project/dallas > "$OUT/authorize.lua"
  cat bench/count-failures.lua >> "$OUT/authorize.lua"
}
sign
echo "one call:"
wrk -t1 -c1 -d1s -s "$OUT/authorize.lua" "$EP/v1/authorize" | grep -A8 'non-200: ' && { echo "the /v1/authorize call is refused; stopping" >&2; exit 1; }

echo "warm-up: ${WARMUP}s of /v1/authorize, 10 s of the no-op (load average $(cut -d' ' -f1-3 /proc/loadavg))"
wrk -t2 -c$CONNS -d10s "$EP/bench/noop" >/dev/null
wrk -t2 -c$CONNS -d${WARMUP}s -s "$OUT/authorize.lua" "$EP/v1/authorize" >/dev/null

: > "$OUT/authorize-wrk.txt"
for r in $(seq 1 "$ROUNDS"); do
  sign
  echo "== round $r: no-op GET /bench/noop (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/authorize-wrk.txt"
  wrk -t2 -c$CONNS -d$DURATION --latency "$EP/bench/noop" | tee -a "$OUT/authorize-wrk.txt"
  echo "== round $r: POST /v1/authorize (warm session, monitron:GetProject)" | tee -a "$OUT/authorize-wrk.txt"
  wrk -t2 -c$CONNS -d$DURATION --latency -s "$OUT/authorize.lua" "$EP/v1/authorize" | tee -a "$OUT/authorize-wrk.txt"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/authorize-wrk.txt"
# one line per round: no-op req/s, authorize req/s, ratio, authorize p99
awk '/== round .*no-op/{m=1} /== round .*authorize/{m=2} /^Requests\/sec/{r[m]=$2} /^ +99%/{p[m]=$2}
     /non-200 responses/{ if (m==2) printf "round: no-op %.0f/s, authorize %.0f/s (%.1f%% of the no-op), authorize p99 %s, no-op p99 %s\n", r[1], r[2], 100*r[2]/r[1], p[2], p[1] }' \
  "$OUT/authorize-wrk.txt" | tee -a "$OUT/authorize-wrk.txt"
