#!/usr/bin/env bash
# Builds the Wasm core with Emscripten and assembles the npm package in npm/dist:
# the JS bindings as they are in js-bindings/, plus the Emscripten glue and the .wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}

emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=MinSizeRel >build-wasm.log 2>&1 || { cat build-wasm.log; exit 1; }
cmake --build build-wasm -j2 >>build-wasm.log 2>&1 || { tail -50 build-wasm.log; exit 1; }

dist=npm/dist
rm -rf "$dist"
mkdir -p "$dist"
cp -R js-bindings/. "$dist/"
cp build-wasm/vigil.wasm "$dist/vigil.wasm"
cp build-wasm/vigil-replay.wasm "$dist/vigil-replay.wasm"
# The bindings instantiate the core without running the glue (core/instantiate-core.js); they
# need the minified names of each flavour's imports and exports, read here from the glue, which
# is a build product only and does not ship.
node scripts/wasm-names.mjs build-wasm/vigil.mjs build-wasm/vigil.wasm >"$dist/core/vigil-core-names.js"
node scripts/wasm-names.mjs build-wasm/vigil-replay.mjs build-wasm/vigil-replay.wasm >"$dist/core/vigil-replay-core-names.js"
# The replay compression worker ships as its own folder beside the bindings, with brotli.wasm
# and libdeflate.wasm when their sources were fetched (scripts/setup.sh).
mkdir -p "$dist/worker"
cp worker/*.js "$dist/worker/"
if [ -f build-wasm/brotli.wasm ]; then cp build-wasm/brotli.wasm "$dist/worker/brotli.wasm"; fi
if [ -f build-wasm/libdeflate.wasm ]; then cp build-wasm/libdeflate.wasm "$dist/worker/libdeflate.wasm"; fi
echo "build: npm/dist ready ($(wc -c <"$dist/vigil.wasm") bytes of Wasm)"

# CommonJS for require() users: one bundled file. import.meta does not exist in CJS, so the
# URL the loader resolves vigil.wasm against comes from the file's own location instead.
node_modules/.bin/esbuild "$dist/browser/index.js" --bundle --format=cjs --platform=neutral \
  --outfile="$dist/cjs/browser.cjs" --log-level=warning \
  --define:import.meta.url=__vigilScriptUrl \
  --banner:js="var __vigilScriptUrl = typeof __filename === 'string' ? 'file://' + encodeURI(__filename) : (typeof document !== 'undefined' && document.currentScript && document.currentScript.src) || (typeof location !== 'undefined' ? location.href : '');"
