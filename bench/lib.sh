# Shared set-up of the wrk benchmarks (sourced by bench/*-wrk.sh): package the app, start the gateway on a fresh data
# directory with the two test accounts, drive it with the AWS CLI, and prepare the signed cross-account AssumeRole.
# Expects PORT, EP, OUT and DATA to be set by the caller. 127.0.0.1 only.

ALPHA=(AKIARTXV5AHDW7KG7HW7 Hicdp06i2rI3+Z4IVnLmo4h4f0UksVBkm7QyfzG3)
BETA=(AKIATHPL2AOHMNVCTEQL AdNOP4wQGypsEi6fq21Gcl6Nyj9CfAXMLwbhndpQ)

# The bench build: GET /bench/noop exists only when built with -Drolegate.bench.noop=true (SigV4Signer, which the
# request signers use, is in the app jar; it used to be test code). target/bench-build marks such a build;
# any later jar (a plain ./mvnw package) is newer than the mark and makes this rebuild.
package_if_needed() {
  if [[ ! -f target/quarkus-app/quarkus-run.jar || ! target/bench-build -nt target/quarkus-app/quarkus-run.jar \
        || "${REBUILD:-0}" == 1 ]]; then
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
  read -r VENDOR_AKID VENDOR_SECRET < <(awsc "${ALPHA[@]}" iam create-access-key --user-name bench-vendor \
    --query 'AccessKey.[AccessKeyId,SecretAccessKey]')
  java -cp "$SIGNER_CP" bench/SignAssumeRole.java "127.0.0.1:$PORT" "$VENDOR_AKID" "$VENDOR_SECRET" \
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

# server_cpu_ms: CPU time (user + system) the gateway process has used so far, in milliseconds (from /proc).
server_cpu_ms() {
  local tck; tck=$(getconf CLK_TCK)
  awk -v t="$tck" '{print int(($14 + $15) * 1000 / t)}' "/proc/$SERVER/stat"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# measure NAME URL [wrk args...]: one wrk run with --latency, appended to $OUT/$RESULTS; prints and records one line
# "NAME req/s p50 p99 cpu-µs-per-request load" (the gateway's own CPU time divided by the requests of the run).
measure() {
  local name=$1 url=$2; shift 2
  local c0 c1 txt
  c0=$(server_cpu_ms)
  txt=$(wrk --latency "$@" "$url")
  c1=$(server_cpu_ms)
  echo "== $name (load average $(loadavg))" >> "$OUT/$RESULTS"
  echo "$txt" >> "$OUT/$RESULTS"
  echo "$txt" | awk -v name="$name" -v cpu=$((c1 - c0)) -v load="$(loadavg)" '
    /requests in/ {n=$1} /^Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /non-200 responses/ {bad=$NF}
    END {printf "%-28s %9.0f req/s  p50 %-8s p99 %-8s cpu %6.1f us/req  non-200 %s  load %s\n", name, r, p50, p99, cpu*1000/n, bad, load}' \
    | tee -a "$OUT/$RESULTS.summary"
}

# ---- PostgreSQL (bench/data-growth.sh, other-tenant-writes.sh, replicas.sh): Debian's PostgreSQL 15 as cluster
# "rolegate-bench" on PGPORT (default 15433), trust authentication on 127.0.0.1. pg_ctlcluster 15 rolegate-bench stop.
PGPORT=${PGPORT:-15433}
start_postgres() {
  if ! pg_lsclusters -h | awk '$1 == 15 && $2 == "rolegate-bench"' | grep -q .; then
    pg_createcluster 15 rolegate-bench -p "$PGPORT" -- --auth=trust >/dev/null
  fi
  pg_ctlcluster 15 rolegate-bench start 2>/dev/null || true
}
psql_bench() { runuser -u postgres -- psql -q -p "$PGPORT" -h 127.0.0.1 "$@"; }
# fresh_database NAME: an empty database; sets PG_OPTS (the gateway's -D options for it) and PGURL.
fresh_database() {
  psql_bench -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  PGURL="jdbc:postgresql://127.0.0.1:$PGPORT/$1"
  PG_OPTS=(-Dquarkus.datasource.active=false -Dquarkus.datasource.postgresql.jdbc.url="$PGURL"
           -Dquarkus.datasource.postgresql.username=postgres -Dquarkus.datasource.postgresql.password=unused)
}
stop_gateway() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }
APP_CP="target/quarkus-app/app/*:target/quarkus-app/lib/main/*"

# sign_query SERVICE AKID SECRET BODY: a wrk Lua script (stdout) replaying one signed Query POST of that body.
sign_query() {
  java -cp "$SIGNER_CP" bench/SignAssumeRole.java "127.0.0.1:$PORT" --query "$@"
}

# bench/PacedLatency.java (paced requests, every latency kept) with bench/SignAssumeRole.java, compiled once.
compile_paced() {
  mkdir -p "$OUT/bench-classes"
  javac -d "$OUT/bench-classes" -cp "$SIGNER_CP" bench/SignAssumeRole.java bench/PacedLatency.java
}
paced() { # paced CONNS INTERVAL_MS SECONDS OUT HOST:PORT (AKID SECRET ROLE_ARN EXTERNAL_ID | --query SERVICE AKID SECRET BODY)
  java -cp "$OUT/bench-classes:$SIGNER_CP" PacedLatency "$@"
}
