#!/usr/bin/env bash
# A private Docker engine for development and the engine test suite.
#
#   bash scripts/engine.sh start|stop|status|env
#
# start  : reuse an engine that already answers ($DOCKER_HOST, else /var/run/docker.sock) unless
#          HOSTWRIGHT_PRIVATE_ENGINE=1; else reuse or start our private dockerd. The LAST stdout
#          line is always `DOCKER_HOST=…`; the line before it says `HOSTWRIGHT_ENGINE=external|reused|started`.
# stop   : stop our private dockerd (and the containerd it spawned). Never touches other engines.
#          With HOSTWRIGHT_ENGINE_LEASE=<pid> it only releases that lease, and stops the engine when
#          the last live lease is gone AND a leased start launched it (the test harness's contract).
# status : which engine answers; exit 0 if one does, 1 otherwise.
# env    : `export DOCKER_HOST=…` for our private engine.
#
# Knobs: HOSTWRIGHT_ENGINE_DIR, HOSTWRIGHT_ENGINE_STORAGE_DRIVER (default: overlay2, falls back to
# vfs), HOSTWRIGHT_ENGINE_IPTABLES=1 (default off: dockerd itself never edits the host firewall),
# HOSTWRIGHT_ENGINE_POOL (default 10.213.0.0/16: the only subnets the private engine's networks get).
# HOSTWRIGHT_ENGINE_POOL_SIZE (default 24): prefix length of each network taken from that pool.
#
# Firewall: a system dockerd (or any firewall) often leaves the FORWARD policy at DROP, and with
# br_netfilter loaded that drops traffic between containers on OUR bridges too. So when iptables is
# there and we are root, start puts one chain of our own (HW-ENGINE-<dir hash>) first in FORWARD,
# accepting only bridge-to-bridge traffic inside our address pool (-i br-+ -o br-+ -s POOL -d POOL);
# nothing else on the host is opened. stop removes the chain with the engine.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"

engine_dir() {
  local dir="${HOSTWRIGHT_ENGINE_DIR:-$REPO_ROOT/.hostwright-dev/engine}"
  # The deepest socket dockerd's containerd creates lives at exec/containerd/containerd.sock.ttrpc;
  # unix socket paths are limited to ~108 bytes, so fall back to a short /tmp directory.
  if [ $((${#dir} + 40)) -gt 100 ]; then
    dir="/tmp/hostwright-engine-$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-12)"
  fi
  printf '%s' "$dir"
}

ENGINE_DIR="$(engine_dir)"
SOCK="$ENGINE_DIR/docker.sock"
PIDFILE="$ENGINE_DIR/docker.pid"
EXEC_ROOT="$ENGINE_DIR/exec"
DATA_ROOT="$ENGINE_DIR/data"
LOG="$ENGINE_DIR/dockerd.log"
LEASES="$ENGINE_DIR/leases"
HARNESS_MARK="$ENGINE_DIR/started-by-lease"
PRIVATE_HOST="unix://$SOCK"
POOL="${HOSTWRIGHT_ENGINE_POOL:-10.213.0.0/16}"
FW_CHAIN="HW-ENGINE-$(printf '%s' "$ENGINE_DIR" | sha256sum | cut -c1-8)"

say() { printf '%s\n' "$*" >&2; }

# ping <DOCKER_HOST-style address>: true when GET /_ping answers OK.
ping_host() {
  local host="$1"
  case "$host" in
    unix://*) curl -sf --max-time 3 --unix-socket "${host#unix://}" http://localhost/_ping >/dev/null 2>&1 ;;
    tcp://*) curl -sf --max-time 3 "http://${host#tcp://}/_ping" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

# The pid of OUR dockerd, only if it is alive and really is the dockerd serving our socket.
our_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$SOCK" || return 1
  printf '%s' "$pid"
}

with_lock() {
  mkdir -p "$ENGINE_DIR"
  exec 9>"$ENGINE_DIR/.lock"
  flock -w 120 9 || { say "engine.sh: timed out waiting for $ENGINE_DIR/.lock"; exit 1; }
}

ensure_dockerd() {
  command -v dockerd >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ]; then
    say "dockerd not found; installing docker.io with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >&2
  else
    say "engine.sh: dockerd is not installed and we are not root."
    say "Install Docker (e.g. 'sudo apt-get install docker.io'), or start an engine and export DOCKER_HOST."
    exit 1
  fi
}

# launch <storage-driver>: start dockerd detached (own session, so the caller's process group
# ending does not take the engine with it) and wait up to 60s for /_ping.
launch() {
  local driver="$1" iptables=false pid
  [ "${HOSTWRIGHT_ENGINE_IPTABLES:-0}" = "1" ] && iptables=true
  mkdir -p "$DATA_ROOT" "$EXEC_ROOT"
  rm -f "$SOCK"
  # --bridge=none: no default docker0, so nothing collides with a system engine; Hostwright only
  # uses user-defined networks. Without iptables, published ports go through docker-proxy on the
  # host address, which is all 127.0.0.1 publishing needs.
  setsid dockerd \
    -H "$PRIVATE_HOST" \
    --data-root "$DATA_ROOT" \
    --exec-root "$EXEC_ROOT" \
    --pidfile "$PIDFILE" \
    --storage-driver "$driver" \
    --bridge=none \
    --iptables="$iptables" --ip-masq="$iptables" --ip-forward="$iptables" \
    --default-address-pool "base=$POOL,size=${HOSTWRIGHT_ENGINE_POOL_SIZE:-24}" \
    --userland-proxy=true --log-level=warn \
    >>"$LOG" 2>&1 </dev/null 9>&- &
  pid=$!
  for _ in $(seq 1 120); do
    if ping_host "$PRIVATE_HOST"; then return 0; fi
    # $! is dockerd itself unless setsid had to fork; the pid file covers that case.
    kill -0 "$pid" 2>/dev/null || our_pid >/dev/null || return 1
    sleep 0.5
  done
  return 1
}

# The iptables backends on this host. Both nf_tables and legacy tables hook FORWARD, and a packet
# must pass both, so a host whose Docker used the other backend drops our traffic unless our chain
# is in every backend that is present.
firewall_backends() {
  [ "$(id -u)" -eq 0 ] || return 0
  local found=0 b
  for b in iptables-nft iptables-legacy; do
    command -v "$b" >/dev/null 2>&1 && { echo "$b"; found=1; }
  done
  [ "$found" = 1 ] || { command -v iptables >/dev/null 2>&1 && echo iptables; }
  return 0
}

# firewall_open: idempotent; a no-op without iptables or root (then FORWARD must already allow it).
firewall_open() {
  local rule=(-i br-+ -o br-+ -s "$POOL" -d "$POOL" -j ACCEPT) ipt
  for ipt in $(firewall_backends); do
    "$ipt" -w -N "$FW_CHAIN" 2>/dev/null || true
    "$ipt" -w -C "$FW_CHAIN" "${rule[@]}" 2>/dev/null || "$ipt" -w -A "$FW_CHAIN" "${rule[@]}" ||
      { say "engine.sh: could not add our FORWARD rule ($ipt); container-to-container traffic may be dropped"; continue; }
    "$ipt" -w -C FORWARD -j "$FW_CHAIN" 2>/dev/null || "$ipt" -w -I FORWARD 1 -j "$FW_CHAIN" || true
  done
}

firewall_close() {
  local ipt
  for ipt in $(firewall_backends); do
    while "$ipt" -w -D FORWARD -j "$FW_CHAIN" 2>/dev/null; do :; done
    "$ipt" -w -F "$FW_CHAIN" 2>/dev/null || true
    "$ipt" -w -X "$FW_CHAIN" 2>/dev/null || true
  done
}

cmd_start() {
  if [ "${HOSTWRIGHT_PRIVATE_ENGINE:-0}" != "1" ]; then
    local existing="${DOCKER_HOST:-unix:///var/run/docker.sock}"
    if [ "$existing" != "$PRIVATE_HOST" ] && ping_host "$existing"; then
      say "using the engine already answering at $existing"
      echo "HOSTWRIGHT_ENGINE=external"
      echo "DOCKER_HOST=$existing"
      return 0
    fi
  fi
  with_lock
  if [ -n "${HOSTWRIGHT_ENGINE_LEASE:-}" ]; then
    mkdir -p "$LEASES" && : >"$LEASES/${HOSTWRIGHT_ENGINE_LEASE}"
  fi
  if ping_host "$PRIVATE_HOST"; then
    firewall_open
    echo "HOSTWRIGHT_ENGINE=reused"
    echo "DOCKER_HOST=$PRIVATE_HOST"
    return 0
  fi
  ensure_dockerd
  # A dockerd of ours that is alive but not answering is wedged, and one that died (SIGKILL, crash)
  # leaves its pid file, its containerd and mounts behind: clean up either way before starting anew.
  if our_pid >/dev/null || [ -e "$PIDFILE" ] || [ -n "$(our_children)" ]; then stop_engine; fi
  local driver="${HOSTWRIGHT_ENGINE_STORAGE_DRIVER:-}"
  [ -z "$driver" ] && [ -f "$ENGINE_DIR/storage-driver" ] && driver="$(cat "$ENGINE_DIR/storage-driver")"
  if [ -n "$driver" ]; then
    launch "$driver" || fail_start
  elif launch overlay2; then
    driver=overlay2
  else
    # overlay2 needs a filesystem that supports it; vfs works anywhere (slowly).
    say "overlay2 storage driver failed; retrying with vfs"
    stop_engine
    launch vfs || fail_start
    driver=vfs
  fi
  printf '%s' "$driver" >"$ENGINE_DIR/storage-driver"
  firewall_open
  [ -n "${HOSTWRIGHT_ENGINE_LEASE:-}" ] && : >"$HARNESS_MARK"
  echo "HOSTWRIGHT_ENGINE=started"
  echo "DOCKER_HOST=$PRIVATE_HOST"
}

fail_start() {
  say "engine.sh: the private dockerd did not come up on $SOCK. Last lines of $LOG:"
  tail -n 25 "$LOG" >&2 || true
  stop_engine
  exit 1
}

# kill_and_wait <pid> <seconds>: SIGTERM, then SIGKILL if it is still alive after <seconds>.
kill_and_wait() {
  local pid="$1" secs="$2"
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $((secs * 4))); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
}

# Pids whose command line names our exec root: the containerd dockerd spawned and its shims.
our_children() {
  local p
  for p in /proc/[0-9]*; do
    [ -r "$p/cmdline" ] || continue
    if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$EXEC_ROOT/containerd/"; then
      printf '%s\n' "${p#/proc/}"
    fi
  done
}

stop_engine() {
  local pid child
  if pid="$(our_pid)"; then
    kill_and_wait "$pid" 20
  fi
  # dockerd normally stops its containerd; after a SIGKILL it cannot, so finish the job.
  for child in $(our_children); do
    kill_and_wait "$child" 5
  done
  unmount_leftovers
  firewall_close
  rm -f "$PIDFILE" "$HARNESS_MARK"
}

# After a crash or SIGKILL, container rootfs and the data-root bind mount can stay mounted, which
# blocks `rm -rf` of the engine directory. Only mounts under OUR engine directory are touched.
unmount_leftovers() {
  local mnt
  [ "$(id -u)" -eq 0 ] || return 0
  awk -v dir="$ENGINE_DIR/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done
}

live_leases() {
  local f n=0
  [ -d "$LEASES" ] || { echo 0; return; }
  for f in "$LEASES"/*; do
    [ -e "$f" ] || continue
    if kill -0 "$(basename "$f")" 2>/dev/null; then n=$((n + 1)); else rm -f "$f"; fi
  done
  echo "$n"
}

cmd_stop() {
  [ -d "$ENGINE_DIR" ] || return 0
  with_lock
  if [ -n "${HOSTWRIGHT_ENGINE_LEASE:-}" ]; then
    rm -f "$LEASES/${HOSTWRIGHT_ENGINE_LEASE}"
    [ -f "$HARNESS_MARK" ] || return 0
    [ "$(live_leases)" -eq 0 ] || return 0
  fi
  stop_engine
}

cmd_status() {
  if ping_host "$PRIVATE_HOST"; then
    echo "private engine answering at $PRIVATE_HOST (pid $(our_pid || echo '?'))"
    return 0
  fi
  local existing="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  if ping_host "$existing"; then
    echo "engine answering at $existing (not ours)"
    return 0
  fi
  echo "no engine answering (private: $PRIVATE_HOST, default: $existing)"
  return 1
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) echo "export DOCKER_HOST=$PRIVATE_HOST" ;;
  *)
    say "usage: bash scripts/engine.sh start|stop|status|env"
    exit 64
    ;;
esac
