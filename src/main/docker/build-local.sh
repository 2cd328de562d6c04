#!/usr/bin/env bash
# Builds the Rolegate image from Debian packages only (no registry image needed) with podman, runs it locked down
# and checks it from outside; then stops it (KEEP_RUNNING=1 leaves it serving on 127.0.0.1:$PORT).
#
#   sudo src/main/docker/build-local.sh
#
# 1. a base image debootstrapped from Debian bookworm with openjdk-17-jre-headless (made once, then reused);
# 2. ./mvnw package and src/main/docker/Dockerfile.jvm on that base (--build-arg BASE_IMAGE);
# 3. run as uid 185 with a read-only root filesystem, all capabilities dropped, a volume for /var/lib/rolegate and a
#    tmpfs /tmp; wait for /q/health/ready to answer UP, then `aws sts get-caller-identity` with the generated admin key.
# Needs root (debootstrap, rootful podman) and deb.debian.org. About 3 minutes the first time, 1.5 after that.
set -euo pipefail
cd "$(dirname "$0")/../../.."

BASE_IMAGE=${BASE_IMAGE:-localhost/rolegate-base:bookworm-jre17}
IMAGE=${IMAGE:-localhost/rolegate:0.1.0}
NAME=${NAME:-rolegate-local}
PORT=${PORT:-8080}
VOLUME="$NAME-data"
MIRROR=${MIRROR:-http://deb.debian.org/debian}

need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v curl >/dev/null || need+=(curl)
[ -x /usr/bin/aws ] || need+=(awscli)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# runc rather than Debian 12's crun, which refuses hosts with cgroup v1 and v2 controllers mounted side by side; and
# limits the host allows (without CAP_SYS_RESOURCE podman's default nofile/nproc limits cannot be set).
RUNTIME=(--runtime runc --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096)

if ! podman image exists "$BASE_IMAGE"; then
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$rootfs" "$MIRROR" >/dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc "$rootfs"/usr/share/man
  tar -C "$rootfs" -c . | podman import -q --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
fi

[ "${SKIP_PACKAGE:-0}" = 1 ] || ./mvnw -B -q package -DskipTests -Dkeycloak.skip=true
podman build -q "${RUNTIME[@]}" --build-arg BASE_IMAGE="$BASE_IMAGE" -f src/main/docker/Dockerfile.jvm -t "$IMAGE" .

podman rm -f "$NAME" >/dev/null 2>&1 || true
podman run -d --name "$NAME" "${RUNTIME[@]}" --read-only --cap-drop ALL --security-opt no-new-privileges \
  -v "$VOLUME:/var/lib/rolegate" --tmpfs /tmp -p "127.0.0.1:$PORT:8080" "$IMAGE" >/dev/null
credentials=$(mktemp)
if [ "${KEEP_RUNNING:-0}" != 1 ]; then
  trap 'podman rm -f "$NAME" >/dev/null; podman volume rm -f "$VOLUME" >/dev/null; rm -f "$credentials"' EXIT
fi

for _ in $(seq 60); do
  curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/q/health/ready" | grep -q '"status": "UP"' || { podman logs "$NAME" | tail -30; exit 1; }
echo "ready: http://127.0.0.1:$PORT/q/health/ready is UP"
[ "$(podman exec "$NAME" id -u)" = 185 ] || { echo "not running as uid 185" >&2; exit 1; }
if podman exec "$NAME" touch /deployments/written 2>/dev/null; then echo "root filesystem is writable" >&2; exit 1; fi
podman exec "$NAME" grep -q '^CapEff:[[:space:]]*0*$' /proc/1/status || { echo "capabilities left" >&2; exit 1; }
echo "uid 185, read-only root filesystem, no capabilities"

podman exec "$NAME" cat /var/lib/rolegate/admin-credentials > "$credentials"
profile=$(head -1 "$credentials" | tr -d '[]')
AWS_SHARED_CREDENTIALS_FILE="$credentials" AWS_REGION=us-east-1 AWS_MAX_ATTEMPTS=1 \
  /usr/bin/aws --profile "$profile" --endpoint-url "http://127.0.0.1:$PORT" sts get-caller-identity
[ "${KEEP_RUNNING:-0}" != 1 ] || echo "left running as container $NAME; admin credentials (profile $profile): $credentials"
