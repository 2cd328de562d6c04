#!/usr/bin/env bash
# AssumeRoleWithWebIdentity over HTTP against the packaged jar, next to the no-op endpoint and AssumeRole of the same
# server, in one run. A tiny issuer (bench/WebIdentityIssuer.java) serves discovery + JWKS on 127.0.0.1 and signs one
# token that every request reuses; the gateway's JWKS cache is warmed before measuring (the issuer counts fetches).
# Usage: bench/web-identity-wrk.sh [duration=15s] [connections=64]   (REBUILD=1 to re-package first; ALG=ES256 for an
# EC-signed token instead of RS256). Needs: wrk, the AWS CLI (/usr/bin/aws) for the set-up calls. 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15s}
CONNS=${2:-64}
PORT=${PORT:-18090}
ISSUER_PORT=${ISSUER_PORT:-18091}
ALG=${ALG:-RS256}
EP="http://127.0.0.1:$PORT"
ISS="http://127.0.0.1:$ISSUER_PORT"
OUT=target/bench
mkdir -p "$OUT"

. bench/lib.sh
package_if_needed
DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
write_bootstrap

SERVER=""
ISSUER=""
cleanup() {
  set +e
  for pid in $SERVER $ISSUER; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$DATA"
}
trap cleanup EXIT

java -cp "target/quarkus-app/lib/main/*" bench/WebIdentityIssuer.java "$ISSUER_PORT" "$DATA/token.jwt" "$ALG" \
  > "$OUT/issuer.log" 2>&1 &
ISSUER=$!
# the loopback http issuer is allowed for this local benchmark only (never in production)
start_gateway -Drolegate.oidc.allow-http-loopback=true
wait_for "$EP/bench/noop" "$ISS/stats"
kill -0 "$ISSUER" # the issuer must be ours (a stale one on the port would serve other keys)

setup_assume_role

# web identity set-up: the issuer as a provider of beta, a role trusting it on aud and sub
KEY="127.0.0.1:$ISSUER_PORT"
PROVIDER=$(awsc "${BETA[@]}" iam create-open-id-connect-provider --url "$ISS" --client-id-list sts.amazonaws.com \
  --thumbprint-list 0000000000000000000000000000000000000000 --query OpenIDConnectProviderArn) # CLI 2.9 requires one; unused over http
ROLE=$(awsc "${BETA[@]}" iam create-role --role-name bench-ci --query Role.Arn --assume-role-policy-document \
  "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"$PROVIDER\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\"$KEY:aud\":\"sts.amazonaws.com\",\"$KEY:sub\":\"bench:runner\"}}}]}")
TOKEN=$(cat "$DATA/token.jwt")
curl -s "$EP/" -d Action=AssumeRoleWithWebIdentity -d Version=2011-06-15 --data-urlencode "RoleArn=$ROLE" \
  -d RoleSessionName=bench -d "WebIdentityToken=$TOKEN" | grep -o '<Arn>[^<]*</Arn>\|<Code>.*</Code>\|<Message>.*</Message>' 
# sanity through the AWS CLI (unsigned call), which also fills the gateway's JWKS cache
env -u AWS_PROFILE -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_DEFAULT_REGION=us-east-1 AWS_MAX_ATTEMPTS=1 \
  /usr/bin/aws --endpoint-url "$EP" --no-sign-request --output text sts assume-role-with-web-identity \
  --role-arn "$ROLE" --role-session-name bench --web-identity-token "$TOKEN" --query AssumedRoleUser.Arn
ROLE_ENC=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$ROLE")
cat > "$OUT/web-identity.lua" <<LUA
wrk.method = "POST"
wrk.body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=$ROLE_ENC&RoleSessionName=bench&DurationSeconds=900&WebIdentityToken=$TOKEN"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
LUA
cat bench/count-failures.lua >> "$OUT/web-identity.lua"

# sanity: both requests succeed (one request each), then warm-up of every endpoint
refuse_if_denied assume-role
refuse_if_denied web-identity
wrk -t2 -c$CONNS -d5s "$EP/bench/noop" >/dev/null
wrk -t2 -c$CONNS -d5s -s "$OUT/assume-role.lua" "$EP/" >/dev/null
wrk -t2 -c$CONNS -d5s -s "$OUT/web-identity.lua" "$EP/" >/dev/null
FETCHES_BEFORE=$(curl -fs "$ISS/stats")

echo "== no-op GET /bench/noop" | tee "$OUT/wrk-web-identity.txt"
wrk -t2 -c$CONNS -d$DURATION --latency "$EP/bench/noop" | tee -a "$OUT/wrk-web-identity.txt"
echo "== AssumeRole (cross-account, ExternalId, session policy)" | tee -a "$OUT/wrk-web-identity.txt"
wrk -t2 -c$CONNS -d$DURATION --latency -s "$OUT/assume-role.lua" "$EP/" | tee -a "$OUT/wrk-web-identity.txt"
echo "== AssumeRoleWithWebIdentity ($ALG token, warm JWKS cache, trust on aud+sub)" | tee -a "$OUT/wrk-web-identity.txt"
wrk -t2 -c$CONNS -d$DURATION --latency -s "$OUT/web-identity.lua" "$EP/" | tee -a "$OUT/wrk-web-identity.txt"
echo "issuer JWKS fetches before/after the measured runs: $FETCHES_BEFORE / $(curl -fs "$ISS/stats")" | tee -a "$OUT/wrk-web-identity.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/wrk-web-identity.txt"
