# Shared set-up of the wrk benchmarks (sourced by bench/*-wrk.sh): package the app, start the gateway on a fresh data
# directory with the two test accounts, drive it with the AWS CLI, and prepare the signed cross-account AssumeRole.
# Expects PORT, EP, OUT and DATA to be set by the caller. 127.0.0.1 only.

ALPHA=(AKIARTXV5AHDW7KG7HW7 Hicdp06i2rI3+Z4IVnLmo4h4f0UksVBkm7QyfzG3)
BETA=(AKIATHPL2AOHMNVCTEQL AdNOP4wQGypsEi6fq21Gcl6Nyj9CfAXMLwbhndpQ)

# The bench build: GET /bench/noop exists only when built with -Drolegate.bench.noop=true, and SigV4Signer (test code)
# is compiled into target/test-classes (-DskipTests still compiles the tests). target/bench-build marks such a build;
# any later jar (a plain ./mvnw package) is newer than the mark and makes this rebuild.
package_if_needed() {
  if [[ ! -f target/quarkus-app/quarkus-run.jar || ! target/bench-build -nt target/quarkus-app/quarkus-run.jar \
        || ! -f target/test-classes/io/rolegate/sigv4/SigV4Signer.class || "${REBUILD:-0}" == 1 ]]; then
    ./mvnw -q package -DskipTests -Drolegate.bench.noop=true
    touch target/bench-build
  fi
  APPJAR=$(ls target/quarkus-app/app/*.jar | head -1)
  SIGNER_CP="$APPJAR:target/test-classes"
}

write_bootstrap() {
  cat > "$DATA/bootstrap.yaml" <<YAML
accounts:
  - id: "111111111111"
    alias: alpha
    admin: {user: admin, accessKeyId: ${ALPHA[0]}, secretAccessKey: ${ALPHA[1]}}
  - id: "222222222222"
    alias: beta
    admin: {user: admin, accessKeyId: ${BETA[0]}, secretAccessKey: ${BETA[1]}}
YAML
}

# start_gateway [extra -D options...]: the packaged bench build (with the no-op baseline endpoint); sets SERVER.
# Request-rate limits are off: these benchmarks measure the gateway's capacity from one principal (noisy-tenant.sh
# switches them on).
start_gateway() {
  java ${JAVA_OPTS:-} -Drolegate.data-dir="$DATA" -Drolegate.bootstrap.file="$DATA/bootstrap.yaml" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" -Drolegate.throttle.enabled=false \
    -Dquarkus.log.level=WARN "$@" -jar target/quarkus-app/quarkus-run.jar > "$OUT/server.log" 2>&1 &
  SERVER=$!
}

wait_for() { # wait_for URL...: until every URL answers 2xx (60 s at most)
  for _ in $(seq 1 120); do
    local ok=1
    for u in "$@"; do curl -fs "$u" >/dev/null 2>&1 || ok=0; done
    [[ $ok == 1 ]] && return 0
    sleep 0.5
  done
  for u in "$@"; do curl -fs "$u" >/dev/null; done
}

awsc() { # account-admin CLI call: awsc ACCESS_KEY SECRET args...
  local k=$1 s=$2; shift 2
  env -u AWS_PROFILE AWS_ACCESS_KEY_ID="$k" AWS_SECRET_ACCESS_KEY="$s" AWS_DEFAULT_REGION=us-east-1 AWS_MAX_ATTEMPTS=1 \
    AWS_PAGER="" /usr/bin/aws --endpoint-url "$EP" --output text "$@"
}

# A partner role in beta that trusts alpha with an ExternalId, a vendor user in alpha allowed to assume it, and
# $OUT/assume-role.lua: one SigV4-signed AssumeRole (with ExternalId and a session policy) that wrk replays.
setup_assume_role() {
  awsc "${BETA[@]}" iam create-role --role-name bench-partner --query Role.Arn --assume-role-policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-bench-1"}}}]}' >/dev/null
  awsc "${ALPHA[@]}" iam create-user --user-name bench-vendor >/dev/null
  awsc "${ALPHA[@]}" iam put-user-policy --user-name bench-vendor --policy-name assume --policy-document \
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::222222222222:role/bench-*"}]}'
  local akid secret
  read -r akid secret < <(awsc "${ALPHA[@]}" iam create-access-key --user-name bench-vendor \
    --query 'AccessKey.[AccessKeyId,SecretAccessKey]')
  java -cp "$SIGNER_CP" bench/SignAssumeRole.java "127.0.0.1:$PORT" "$akid" "$secret" \
    arn:aws:iam::222222222222:role/bench-partner ext-bench-1 > "$OUT/assume-role.lua"
  cat bench/count-failures.lua >> "$OUT/assume-role.lua"
}

# refuse_if_denied NAME: one request of $OUT/NAME.lua must succeed before anything is measured.
refuse_if_denied() {
  if wrk -t1 -c1 -d1s -s "$OUT/$1.lua" "$EP/" | grep -A8 'non-200: '; then
    echo "the $1 request is refused; stopping" >&2
    exit 1
  fi
}
