#!/usr/bin/env bash
# Installs every tool and package Vigil builds and tests with, from Debian's and npm's
# registries only, so a fresh machine and CI need nothing done by hand. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  cmake g++ clang libclang-rt-14-dev   # native build, sanitizers, libFuzzer
  libboost-test-dev                    # unit tests
  emscripten binaryen                  # Wasm build
  flatbuffers-compiler libflatbuffers-dev
  chromium                             # real browser for browser tests
  brotli zlib1g-dev                    # size reports
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# The image may carry its own Node with npm bundled; Debian's npm would conflict with it.
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages come from the committed lockfile.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
