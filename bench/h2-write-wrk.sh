#!/usr/bin/env bash
# The cost of forcing H2 commits to disk: the same IAM write (PutUserPolicy, one user, always a stored update) with
# rolegate.h2.fsync=true (the default: fsync before answering, group commit) and =false (H2 writes the commit
# to the file but leaves flushing to the OS), each on a fresh gateway and data directory in the same run.
# Usage: bench/h2-write-wrk.sh [duration=15s] [connections=16]   (REBUILD=1 to re-package first)
# Needs: wrk, the AWS CLI (/usr/bin/aws), python3 with botocore (signs the request once). 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-15s}
CONNS=${2:-16}
PORT=${PORT:-18110}
EP="http://127.0.0.1:$PORT"
OUT=target/bench
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
. bench/lib.sh
package_if_needed

SERVER=""
DATA=""
stop() {
  if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  if [[ -n "$DATA" ]]; then rm -rf "$DATA"; fi
  SERVER=""
  DATA=""
}
trap stop EXIT

: > "$OUT/h2-write-wrk.txt"
for FSYNC in true false; do
  DATA=$(mktemp -d /tmp/rolegate-bench.XXXXXX)
  write_bootstrap
  start_gateway -Drolegate.h2.fsync=$FSYNC
  wait_for "$EP/bench/noop"
  awsc "${ALPHA[@]}" iam create-user --user-name bench-writer >/dev/null
  # one PutUserPolicy signed with the account admin's key (valid 15 minutes; wrk replays it)
  python3 - "$EP" "${ALPHA[@]}" > "$OUT/h2-write.lua" <<'PY'
import sys, urllib.parse
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
ep, akid, secret = sys.argv[1:4]
doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bench/*"}]}'
body = urllib.parse.urlencode({"Action": "PutUserPolicy", "Version": "2010-05-08", "UserName": "bench-writer",
                               "PolicyName": "bench", "PolicyDocument": doc})
req = AWSRequest(method="POST", url=ep + "/", data=body,
                 headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
SigV4Auth(Credentials(akid, secret), "iam", "us-east-1").add_auth(req)
lua = lambda s: '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'
print('wrk.method = "POST"')
print("wrk.body = " + lua(body))
for k, v in req.headers.items():
    if k.lower() != "host":
        print("wrk.headers[%s] = %s" % (lua(k), lua(v)))
PY
  cat bench/count-failures.lua >> "$OUT/h2-write.lua"
  refuse_if_denied h2-write
  wrk -t2 -c$CONNS -d10s -s "$OUT/h2-write.lua" "$EP/" >/dev/null
  echo "== rolegate.h2.fsync=$FSYNC: PutUserPolicy (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$OUT/h2-write-wrk.txt"
  wrk -t2 -c$CONNS -d$DURATION --latency -s "$OUT/h2-write.lua" "$EP/" | tee -a "$OUT/h2-write-wrk.txt"
  stop
done
