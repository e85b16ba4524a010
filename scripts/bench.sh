#!/usr/bin/env bash
# npm run bench [-- --quick]: Hostwright side by side with docker-compose and the raw Engine API.
#
# Starts a private dockerd for the benchmark alone (its own engine directory, so test suites using
# the development engine neither disturb nor are disturbed by it), builds the test image and
# hostwright, then runs bench/main.ts. A full run writes bench/RESULTS.md, bench/results.json and
# README.md's "## Performance" section; --quick (a few minutes) reports to a temporary directory.
#
# Knobs: HOSTWRIGHT_BENCH_ENGINE_DIR (default /tmp/hostwright-bench-engine),
#        HOSTWRIGHT_SKIP_COMPOSE=1 (do not install docker-compose; compose is then not measured).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_ROOT"

say() { printf 'bench.sh: %s\n' "$*" >&2; }

if ! command -v docker-compose >/dev/null 2>&1; then
  if [ "${HOSTWRIGHT_SKIP_COMPOSE:-0}" = "1" ]; then
    say "docker-compose is missing and HOSTWRIGHT_SKIP_COMPOSE=1: compose will not be measured"
  elif [ "$(id -u)" -eq 0 ]; then
    say "docker-compose is missing; installing Debian's docker-compose (v1)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >&2
  else
    say "docker-compose is missing; install it (apt-get install docker-compose) or set HOSTWRIGHT_SKIP_COMPOSE=1"
    exit 1
  fi
fi

export HOSTWRIGHT_ENGINE_DIR="${HOSTWRIGHT_BENCH_ENGINE_DIR:-/tmp/hostwright-bench-engine}"
# /22 networks (1,021 addresses): the 500-service stack needs more than a /24 holds.
export HOSTWRIGHT_ENGINE_POOL_SIZE="${HOSTWRIGHT_ENGINE_POOL_SIZE:-22}"
engine_out="$(HOSTWRIGHT_PRIVATE_ENGINE=1 bash scripts/engine.sh start)"
DOCKER_HOST="$(printf '%s\n' "$engine_out" | tail -1 | sed 's/^DOCKER_HOST=//')"
export DOCKER_HOST
if printf '%s\n' "$engine_out" | grep -q '^HOSTWRIGHT_ENGINE=started$'; then
  # We started this engine, so we stop it, whatever happens to the benchmark.
  trap 'bash "$REPO_ROOT/scripts/engine.sh" stop || true' EXIT
fi
say "engine: $DOCKER_HOST"

bash scripts/build-test-image.sh
npm run --silent build

node --import tsx bench/main.ts "$@"
