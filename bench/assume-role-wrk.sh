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

if [[ ! -f target/quarkus-app/quarkus-run.jar || "${REBUILD:-0}" == 1 ]]; then
  ./mvnw -q package -DskipTests
fi
APPJAR=$(ls target/quarkus-app/app/*.jar | head -1)

DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
cat > "$DATA/bootstrap.yaml" <<'YAML'
accounts:
  - id: "111111111111"
    alias: alpha
    admin:
      user: admin
      accessKeyId: AKIARTXV5AHDW7KG7HW7
      secretAccessKey: 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
  - id: "222222222222"
    alias: beta
    admin:
      user: admin
      accessKeyId: AKIATHPL2AOHMNVCTEQL
      secretAccessKey: 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
YAML

java ${JAVA_OPTS:-} -Drolegate.data-dir="$DATA" -Drolegate.bootstrap.file="$DATA/bootstrap.yaml" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$PORT -Drolegate.bench.noop=true \
  -Dquarkus.log.level=WARN -jar target/quarkus-app/quarkus-run.jar > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -fs "$EP/bench/noop" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "$EP/bench/noop" >/dev/null

awsc() { # account-admin CLI call: awsc ACCESS_KEY SECRET args...
  local k=$1 s=$2; shift 2
  env -u AWS_PROFILE AWS_ACCESS_KEY_ID="$k" AWS_SECRET_ACCESS_KEY="$s" AWS_DEFAULT_REGION=us-east-1 AWS_MAX_ATTEMPTS=1 \
    AWS_PAGER="" /usr/bin/aws --endpoint-url "$EP" --output text "$@"
}
ALPHA=(AKIARTXV5AHDW7KG7HW7 Hicdp06i2rI3+Z4IVnLmo4h4f0UksVBkm7QyfzG3)
BETA=(AKIATHPL2AOHMNVCTEQL AdNOP4wQGypsEi6fq21Gcl6Nyj9CfAXMLwbhndpQ)

awsc "${BETA[@]}" iam create-role --role-name bench-partner --query Role.Arn --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-bench-1"}}}]}' >/dev/null
awsc "${ALPHA[@]}" iam create-user --user-name bench-vendor >/dev/null
awsc "${ALPHA[@]}" iam put-user-policy --user-name bench-vendor --policy-name assume --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/bench-*"}]}'
read -r AKID SECRET < <(awsc "${ALPHA[@]}" iam create-access-key --user-name bench-vendor \
  --query 'AccessKey.[AccessKeyId,SecretAccessKey]')

java -cp "$APPJAR" bench/SignAssumeRole.java "127.0.0.1:$PORT" "$AKID" "$SECRET" \
  arn:aws:iam::222222222222:role/bench-partner ext-bench-1 > "$OUT/assume-role.lua"

# sanity: the signed request succeeds (one request, then warm-up of both endpoints)
if wrk -t1 -c1 -d1s -s "$OUT/assume-role.lua" "$EP/" | grep -A8 'non-200: '; then
  echo "the signed AssumeRole request is refused; stopping" >&2
  exit 1
fi
wrk -t2 -c$CONNS -d5s "$EP/bench/noop" >/dev/null
wrk -t2 -c$CONNS -d5s -s "$OUT/assume-role.lua" "$EP/" >/dev/null

echo "== no-op GET /bench/noop" | tee "$OUT/wrk.txt"
wrk -t2 -c$CONNS -d$DURATION --latency "$EP/bench/noop" | tee -a "$OUT/wrk.txt"
echo "== AssumeRole (cross-account, ExternalId, session policy)" | tee -a "$OUT/wrk.txt"
wrk -t2 -c$CONNS -d$DURATION --latency -s "$OUT/assume-role.lua" "$EP/" | tee -a "$OUT/wrk.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/wrk.txt"
