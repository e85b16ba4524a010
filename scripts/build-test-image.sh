#!/usr/bin/env bash
# Builds the test image hostwright.local/busybox:1 against $DOCKER_HOST (default: our private
# engine, from `engine.sh env`). No registry is reachable here, so the image is FROM scratch with
# Debian's static busybox copied in; the classic builder never pulls anything for scratch.
#
# Idempotent: the image carries a label with the sha256 of the busybox binary + Dockerfile, and
# the build is skipped when an image with the same label value already exists.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
IMAGE="hostwright.local/busybox:1"
HASH_LABEL="dev.hostwright.test-image.sha256"
BUSYBOX=/bin/busybox

if [ -z "${DOCKER_HOST:-}" ]; then
  eval "$(bash "$SCRIPT_DIR/engine.sh" env)"
  export DOCKER_HOST
fi

DOCKER=""
for candidate in /usr/local/bin/docker /usr/bin/docker; do
  if [ -x "$candidate" ]; then DOCKER="$candidate"; break; fi
done
if [ -z "$DOCKER" ]; then
  echo "build-test-image.sh: no docker CLI at /usr/local/bin/docker or /usr/bin/docker" >&2
  exit 1
fi

if ! file -L "$BUSYBOX" 2>/dev/null | grep -q "statically linked"; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq busybox-static >&2
  else
    echo "build-test-image.sh: $BUSYBOX is missing or not static; install busybox-static" >&2
    exit 1
  fi
fi

# /etc/passwd and /etc/group let tests run as a named user (nobody) without a distro base.
DOCKERFILE='FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN ["/bin/busybox", "sh", "-c", "mkdir -p /www /data /etc && mkdir -m 1777 -p /tmp && echo \"hostwright ok\" > /www/index.html && echo \"root:x:0:0:root:/root:/bin/sh\" > /etc/passwd && echo \"nobody:x:65534:65534:nobody:/nonexistent:/bin/false\" >> /etc/passwd && echo \"root:x:0:\" > /etc/group && echo \"nogroup:x:65534:\" >> /etc/group"]
ENV PATH=/bin
EXPOSE 8080
CMD ["httpd", "-f", "-v", "-p", "8080", "-h", "/www"]
'

WANT="$({ sha256sum "$BUSYBOX" | cut -d' ' -f1; printf '%s' "$DOCKERFILE"; } | sha256sum | cut -d' ' -f1)"
HAVE="$("$DOCKER" image inspect -f "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$IMAGE" 2>/dev/null || true)"
if [ "$HAVE" = "$WANT" ]; then
  exit 0
fi

CONTEXT="$(mktemp -d)"
trap 'rm -rf "$CONTEXT"' EXIT
cp "$BUSYBOX" "$CONTEXT/busybox"
printf '%s' "$DOCKERFILE" >"$CONTEXT/Dockerfile"

# BuildKit would try to resolve frontends remotely; the classic builder needs nothing external.
if ! OUT="$(DOCKER_BUILDKIT=0 "$DOCKER" build -q --label "$HASH_LABEL=$WANT" -t "$IMAGE" "$CONTEXT" 2>&1)"; then
  echo "build-test-image.sh: building $IMAGE failed:" >&2
  printf '%s\n' "$OUT" >&2
  exit 1
fi
