#!/usr/bin/env bash
# Installs everything Hostwright's development, tests and examples need on a fresh Debian machine,
# as if nothing were there: Debian packages (when root), npm packages from the lockfile, the build.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v curl >/dev/null 2>&1 || need+=(curl)
# systemd-analyze checks the daemon's generated unit files in a unit test.
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
# engine.sh opens FORWARD for the private engine's own bridges when a host firewall drops it.
command -v iptables >/dev/null 2>&1 || need+=(iptables)
# A real registry with htpasswd auth for the image tests (credentials, digests, auto-update).
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
# ip(8) builds the network namespaces of the test swarm's nodes; nsenter/unshare come with util-linux.
command -v ip >/dev/null 2>&1 || need+=(iproute2)
# The dashboard's browser tests drive Debian's Chromium through playwright-core.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v docker-compose >/dev/null 2>&1 || [ "${HOSTWRIGHT_SKIP_COMPOSE:-}" = 1 ] || need+=(docker-compose)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages: ${need[*]}; run as root or: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  echo "setup: apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# better-sqlite3 builds from source here (no prebuilt download is reachable); node-gyp must use the
# machine's Node headers instead of fetching them.
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: build"
npm run --silent build
echo "setup: done"
