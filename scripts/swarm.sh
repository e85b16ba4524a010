#!/usr/bin/env bash
# A real Docker Swarm of 2-3 nodes on this one machine, for the swarm engine tests and by hand.
#
#   bash scripts/swarm.sh start|stop|status|env|kill NODE|restart NODE|load-image REF
#
# Each node is a dockerd in a network namespace of its own (NODE = its netns name AND its hostname),
# joined by veth pairs onto a bridge of ours with its own subnet. `ip netns exec` would remount /sys
# and dockerd then fails ("Devices cgroup isn't mounted"), so dockerd runs under
# `nsenter --net=… unshare --uts` instead: same mounts and cgroups as the host, its own network
# stack (so its iptables rules stay inside its namespace) and its own hostname.
#
# start      : idempotent. Reuses a swarm whose nodes all answer and are Ready; otherwise tears any
#              leftovers down (a crashed test run) and builds a fresh one. Loads the test image into
#              every node. Last stdout line: DOCKER_HOST=<the manager's socket>.
# stop       : stops every node's dockerd (and its containerd and shims), unmounts leftovers, deletes
#              the namespaces, veths, bridge, firewall chain and the directory. Safe to run twice.
# kill NODE  : SIGKILL the node's dockerd, containerd and shims: the machine "vanishes".
# restart NODE: start a killed node's dockerd again on the same data root; it rejoins by itself.
# env        : `export DOCKER_HOST=…` (the manager) and the node sockets.
#
# Knobs: HOSTWRIGHT_SWARM_NODES (2 or 3, default 2), HOSTWRIGHT_SWARM_DIR, HOSTWRIGHT_SWARM_SUBNET
# (a /24 prefix, default 10.231.0), HOSTWRIGHT_SWARM_POOL (overlay pool, default 10.232.0.0/16: never
# the private engine's 10.213.0.0/16), HOSTWRIGHT_SWARM_LOCAL_POOL (node-local networks, default
# 10.233.0.0/16), SOURCE_DOCKER_HOST (where the test image comes from: default
# the private engine).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
# Short: dockerd's containerd sockets live under the exec root and unix paths are limited to ~108 bytes.
DIR="${HOSTWRIGHT_SWARM_DIR:-/tmp/hw-swarm-$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-8)}"
COUNT="${HOSTWRIGHT_SWARM_NODES:-2}"
SUBNET="${HOSTWRIGHT_SWARM_SUBNET:-10.231.0}"
POOL="${HOSTWRIGHT_SWARM_POOL:-10.232.0.0/16}"
# Each node's local networks (docker_gwbridge): must not overlap the overlay pool, or tasks are
# rejected with "Pool overlaps with other one on this address space".
LOCAL_POOL="${HOSTWRIGHT_SWARM_LOCAL_POOL:-10.233.0.0/16}"
BRIDGE="hwswbr0"
PREFIX="hwsw"
FW_CHAIN="HW-SWARM-$(printf '%s' "$DIR" | sha256sum | cut -c1-8)"
TEST_IMAGE="hostwright.local/busybox:1"
DOCKER="$(command -v docker || echo /usr/local/bin/docker)"

say() { printf '%s\n' "$*" >&2; }

node_names() { local i; for i in $(seq 1 "$COUNT"); do echo "$PREFIX$i"; done; }
node_index() { echo "${1#"$PREFIX"}"; }
node_ip() { echo "$SUBNET.$((10 + $(node_index "$1")))"; }
node_dir() { echo "$DIR/$1"; }
node_sock() { echo "$DIR/$1/docker.sock"; }
node_host() { echo "unix://$(node_sock "$1")"; }
manager() { echo "${PREFIX}1"; }
dk() { local n="$1"; shift; "$DOCKER" -H "$(node_host "$n")" "$@"; }

ping_node() { curl -sf --max-time 3 --unix-socket "$(node_sock "$1")" http://localhost/_ping >/dev/null 2>&1; }

with_lock() {
  mkdir -p "$DIR"
  exec 9>"$DIR/.lock"
  flock -w 180 9 || { say "swarm.sh: timed out waiting for $DIR/.lock"; exit 1; }
}

# The pid of the node's dockerd when alive and really serving its socket.
node_pid() {
  local f pid
  f="$(node_dir "$1")/docker.pid"
  [ -f "$f" ] || return 1
  pid="$(cat "$f" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$(node_sock "$1")" || return 1
  printf '%s' "$pid"
}

# Pids whose command line names the node's directory: its dockerd, containerd and shims.
node_procs() {
  local p needle
  needle="$(node_dir "$1")/"
  for p in /proc/[0-9]*; do
    [ -r "$p/cmdline" ] || continue
    if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$needle"; then printf '%s\n' "${p#/proc/}"; fi
  done
}

firewall_backends() {
  local b found=0
  for b in iptables-nft iptables-legacy; do command -v "$b" >/dev/null 2>&1 && { echo "$b"; found=1; }; done
  [ "$found" = 1 ] || { command -v iptables >/dev/null 2>&1 && echo iptables; }
  return 0
}

# A host FORWARD policy of DROP (with br_netfilter) would drop node-to-node traffic on our bridge.
firewall_open() {
  local ipt rule=(-i "$BRIDGE" -o "$BRIDGE" -j ACCEPT)
  for ipt in $(firewall_backends); do
    "$ipt" -w -N "$FW_CHAIN" 2>/dev/null || true
    "$ipt" -w -C "$FW_CHAIN" "${rule[@]}" 2>/dev/null || "$ipt" -w -A "$FW_CHAIN" "${rule[@]}" || continue
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

net_up() {
  local n ip host_if
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip addr show dev "$BRIDGE" | grep -qF "$SUBNET.1/24" || ip addr add "$SUBNET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for n in $(node_names); do
    ip="$(node_ip "$n")"
    host_if="${n}h"
    [ -e "/var/run/netns/$n" ] || ip netns add "$n"
    if ! ip link show "$host_if" >/dev/null 2>&1; then
      ip link add "$host_if" type veth peer name "${n}n"
      ip link set "${n}n" netns "$n"
      ip -n "$n" link set "${n}n" name eth0
    fi
    ip link set "$host_if" master "$BRIDGE" up
    ip -n "$n" link set lo up
    ip -n "$n" addr show dev eth0 | grep -qF "$ip/24" || ip -n "$n" addr add "$ip/24" dev eth0
    ip -n "$n" link set eth0 up
    # No default route on purpose: a swarm worker tries to pull every image before it falls back to
    # its local copy, and with a route to an unreachable resolver that attempt hangs ~40 s per task.
    # Without one the lookup fails at once (the test image is loaded into every node, never pulled).
    ip -n "$n" route del default 2>/dev/null || true
  done
  firewall_open
}

net_down() {
  local n
  for n in $(node_names_all); do
    ip link del "${n}h" 2>/dev/null || true
    [ -e "/var/run/netns/$n" ] && ip netns del "$n" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  firewall_close
}

# Every node that may exist (a previous run may have used 3 when this one asks for 2).
node_names_all() { local i; for i in 1 2 3; do echo "$PREFIX$i"; done; }

start_node() {
  local n="$1" d driver
  d="$(node_dir "$n")"
  mkdir -p "$d/data" "$d/x"
  rm -f "$(node_sock "$n")"
  driver="${HOSTWRIGHT_SWARM_STORAGE_DRIVER:-overlay2}"
  # Own session: the caller's process group ending must not take the node with it.
  setsid nsenter --net="/var/run/netns/$n" unshare --uts sh -c "hostname $n; exec dockerd \
    -H $(node_host "$n") --data-root $d/data --exec-root $d/x --pidfile $d/docker.pid \
    --storage-driver $driver --bridge=none --default-address-pool base=$LOCAL_POOL,size=24 \
    --userland-proxy=true --log-level=warn" >>"$d/dockerd.log" 2>&1 </dev/null 9>&- &
  local i
  for i in $(seq 1 120); do
    ping_node "$n" && return 0
    sleep 0.5
  done
  say "swarm.sh: node $n did not come up. Last lines of $d/dockerd.log:"
  tail -n 20 "$d/dockerd.log" >&2 || true
  return 1
}

kill_node() {
  local n="$1" p
  for p in $(node_procs "$n"); do kill -KILL "$p" 2>/dev/null || true; done
  sleep 0.3
  rm -f "$(node_dir "$n")/docker.pid"
}

stop_node() {
  local n="$1" pid p
  if pid="$(node_pid "$n")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  kill_node "$n"
}

unmount_leftovers() {
  awk -v dir="$DIR/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done
}

swarm_healthy() {
  local n state
  for n in $(node_names); do ping_node "$n" || return 1; done
  [ "$(dk "$(manager)" info -f '{{.Swarm.ControlAvailable}}' 2>/dev/null)" = "true" ] || return 1
  for n in $(node_names); do
    state="$(dk "$(manager)" node inspect -f '{{.Status.State}}' "$n" 2>/dev/null || true)"
    [ "$state" = "ready" ] || return 1
  done
}

load_image() {
  local ref="$1" src="${SOURCE_DOCKER_HOST:-unix://$REPO_ROOT/.hostwright-dev/engine/docker.sock}" n want have
  want="$("$DOCKER" -H "$src" image inspect -f '{{.Id}}' "$ref")"
  for n in $(node_names); do
    ping_node "$n" || continue
    have="$(dk "$n" image inspect -f '{{.Id}}' "$ref" 2>/dev/null || true)"
    [ "$have" = "$want" ] && continue
    "$DOCKER" -H "$src" save "$ref" | dk "$n" load -q >/dev/null
  done
}

teardown() {
  local n
  for n in $(node_names_all); do stop_node "$n"; done
  unmount_leftovers
  net_down
}

form_swarm() {
  local m token n
  m="$(manager)"
  dk "$m" swarm init --advertise-addr "$(node_ip "$m")" --listen-addr "$(node_ip "$m"):2377" \
    --default-addr-pool "$POOL" --default-addr-pool-mask-length 24 >/dev/null
  token="$(dk "$m" swarm join-token -q worker)"
  for n in $(node_names); do
    [ "$n" = "$m" ] && continue
    dk "$n" swarm join --token "$token" --advertise-addr "$(node_ip "$n")" "$(node_ip "$m"):2377" >/dev/null
  done
  for _ in $(seq 1 60); do swarm_healthy && return 0; sleep 0.5; done
  say "swarm.sh: the swarm did not become ready"
  dk "$m" node ls >&2 || true
  return 1
}

cmd_start() {
  [ "$(id -u)" -eq 0 ] || { say "swarm.sh: needs root (network namespaces, bridge, dockerd)"; exit 1; }
  command -v ip >/dev/null 2>&1 || { say "swarm.sh: ip(8) missing; install iproute2"; exit 1; }
  with_lock
  if swarm_healthy; then
    say "swarm.sh: reusing the running test swarm"
  else
    teardown
    rm -rf "$DIR"/"$PREFIX"*
    net_up
    local n
    for n in $(node_names); do start_node "$n" || { teardown; exit 1; }; done
    form_swarm || { teardown; exit 1; }
  fi
  if [ "${HOSTWRIGHT_SWARM_SKIP_IMAGE:-0}" != 1 ]; then load_image "$TEST_IMAGE"; fi
  echo "HOSTWRIGHT_SWARM_NODES=$(node_names | tr '\n' ' ' | sed 's/ $//')"
  echo "DOCKER_HOST=$(node_host "$(manager)")"
}

cmd_stop() {
  [ -d "$DIR" ] || { net_down; return 0; }
  with_lock
  teardown
  exec 9>&-
  rm -rf "$DIR"
}

cmd_status() {
  local n
  for n in $(node_names); do
    if ping_node "$n"; then echo "$n up ($(node_host "$n"))"; else echo "$n down"; fi
  done
  ping_node "$(manager)" && dk "$(manager)" node ls
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env)
    echo "export DOCKER_HOST=$(node_host "$(manager)")"
    for n in $(node_names); do echo "# $n: $(node_host "$n") ip $(node_ip "$n")"; done
    ;;
  kill) [ -n "${2:-}" ] || { say "usage: swarm.sh kill NODE"; exit 64; }; kill_node "$2" ;;
  restart)
    [ -n "${2:-}" ] || { say "usage: swarm.sh restart NODE"; exit 64; }
    ping_node "$2" || { kill_node "$2"; start_node "$2"; }
    ;;
  load-image) load_image "${2:-$TEST_IMAGE}" ;;
  *)
    say "usage: bash scripts/swarm.sh start|stop|status|env|kill NODE|restart NODE|load-image [REF]"
    exit 64
    ;;
esac
