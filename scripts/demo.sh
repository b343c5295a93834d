#!/usr/bin/env bash
# Installs everything, builds the package, and runs the demo: the plain HTML example and the
# React example (built with Vite) in headless Chromium sending to the local receiver. Pass
# --keep to browse the receiver after.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
node examples/demo/run.mjs "$@"
