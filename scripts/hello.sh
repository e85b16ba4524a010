#!/usr/bin/env bash
# The main job on the example: validate examples/hello, apply it to the engine, show its status.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(bash scripts/engine.sh start)
export DOCKER_HOST=$(echo "$out" | tail -n 1 | sed 's/^DOCKER_HOST=//')
bash scripts/build-test-image.sh
hw() { node bin/hostwright.js "$@"; }
hw validate -f examples/hello/hostwright.yaml
hw apply -f examples/hello/hostwright.yaml
hw status -f examples/hello/hostwright.yaml
echo
echo "The example is running. Try:  curl http://127.0.0.1:18080/"
echo "Use this engine in your shell:  export DOCKER_HOST=$DOCKER_HOST"
echo "Tear down:  node bin/hostwright.js down -f examples/hello/hostwright.yaml && bash scripts/engine.sh stop"
