#!/usr/bin/env bash
# The whole test suite against a real Docker engine: starts the private engine when none answers,
# builds the test image, runs every vitest project, prints "N passed, N failed", stops what it started.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .hostwright-dev
report=.hostwright-dev/vitest-report.json
rm -f "$report"

# Stop the engine afterwards only if this run started it.
started_engine=1
bash scripts/engine.sh status >/dev/null 2>&1 && started_engine=0
if ! out=$(bash scripts/engine.sh start); then
  echo "$out" >&2
  echo "test: could not start a container engine" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
export DOCKER_HOST=$(echo "$out" | tail -n 1 | sed 's/^DOCKER_HOST=//')
stop_engine() { [ "$started_engine" = 1 ] && bash scripts/engine.sh stop >/dev/null 2>&1 || true; }
trap stop_engine EXIT

bash scripts/build-test-image.sh || { echo "test: could not build the test image" >&2; echo "0 passed, 1 failed"; exit 1; }

npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?

if [ -f "$report" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const failedSuites = (r.testResults || []).filter((t) => t.status === "failed" && (t.assertionResults || []).length === 0).length;
    const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests + failedSuites} failed${skipped ? `, ${skipped} skipped` : ""}`);
  ' "$report"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
