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

# C sources for the compression worker's Wasm encoders, from Debian's source packages: a deb-src
# entry beside the system's deb entries, then `apt-get source`. Security suites are left out:
# their pools carry no sources here. Brotli (brotli.wasm, encoder only) and libdeflate
# (libdeflate.wasm, its zlib compressor: the default replay compression).
fetch_source() {  # package, target dir, a file that proves it is there
  local package=$1 target=$2 proof=$3
  [ -f "$target/$proof" ] && return 0
  if ! apt-cache showsrc "$package" 2>/dev/null | grep -q '^Version:'; then
    src_list=/etc/apt/sources.list.d/vigil-deb-src.sources
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] && [ "$f" != "$src_list" ] || continue
      awk 'BEGIN { RS = ""; ORS = "\n\n" } /Types:[^\n]*deb/ && !/Suites:[^\n]*-security/ {
        sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f"
    done >"$src_list"
    if [ -f /etc/apt/sources.list ]; then
      grep -E '^deb ' /etc/apt/sources.list | grep -v -- '-security' | sed 's/^deb /deb-src /' \
        >/etc/apt/sources.list.d/vigil-deb-src.list || true
    fi
    apt-get update -qq
  fi
  command -v dpkg-source >/dev/null || apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null
  local fetch_dir
  fetch_dir=$(mktemp -d)
  # apt downloads as its own user where it may write.
  if id _apt >/dev/null 2>&1; then chown _apt "$fetch_dir"; fi
  (cd "$fetch_dir" && apt-get source -qq "$package" >/dev/null)
  mkdir -p "$(dirname "$target")"
  rm -rf "$target"
  mv "$fetch_dir/$package"-*/ "$target"
  rm -rf "$fetch_dir"
}
fetch_source brotli third_party/brotli-src c/include/brotli/encode.h
fetch_source libdeflate third_party/libdeflate-src libdeflate.h
