#!/usr/bin/env bash
# Instructions per captureException in the C++ core, counted by callgrind (exact, unaffected by
# machine load). Builds bench/native/capture_bench.cpp against wasm/core/*.cpp with -Os (the
# closest native flags to the shipped -Oz Wasm), runs N captures under callgrind counting only
# the measured loop, and prints the total per capture and the inclusive cost of each stage.
#
#   bash bench/native/callgrind.sh [captures=200] [out-dir=/tmp/vigil-callgrind] [opt=-Os]
#   callgrind_annotate --inclusive=yes <out-dir>/callgrind.out | less   # the full profile
# Needs valgrind (apt); it is not part of scripts/setup.sh, as nothing in CI runs this.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
N="${1:-200}"
OUT="${2:-/tmp/vigil-callgrind}"
OPT="${3:--Os}"
mkdir -p "$OUT"
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 1; }

g++ -std=c++17 "$OPT" -g -DNDEBUG -fno-exceptions -fno-rtti \
  -DVIGIL_VERSION='"0.1.0"' -DVIGIL_SDK_NAME='"sentry.javascript.vigil"' \
  -I"$ROOT/wasm" "$ROOT/bench/native/capture_bench.cpp" "$ROOT"/wasm/core/*.cpp \
  -o "$OUT/capture_bench"

valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.out" \
  --collect-atstart=no --toggle-collect=run_captures "$OUT/capture_bench" "$N" 2>"$OUT/valgrind.log"

callgrind_annotate --inclusive=yes --threshold=100 "$OUT/callgrind.out" >"$OUT/inclusive.txt"
callgrind_annotate --threshold=99 "$OUT/callgrind.out" >"$OUT/self.txt"

# Inclusive instructions of a function (first match of the pattern), per capture.
per_capture() {
  local count
  count=$(grep -m1 -E "$1" "$OUT/inclusive.txt" | awk '{gsub(",", "", $1); print $1}' || true)
  [ -n "$count" ] || count=0
  awk -v c="$count" -v n="$N" -v label="$2" 'BEGIN { printf "  %-34s %9.0f\n", label, c / n }'
}
total=$(grep -m1 "PROGRAM TOTALS" "$OUT/inclusive.txt" | awk '{gsub(",", "", $1); print $1}')
awk -v c="$total" -v n="$N" 'BEGIN { printf "instructions per capture: %.0f (%d captures)\n", c / n, n }'
per_capture ':vigil::parse_json\(' 'parse_json (all calls)'
per_capture ':vigil::Client::event_from_capture\(' 'Client::event_from_capture'
per_capture ':vigil::parse_stack\(' '  parse_stack'
per_capture ':vigil::Client::prepare_event\(' 'Client::prepare_event'
per_capture ':vigil::Scope::apply_to\(' '  Scope::apply_to'
per_capture ':vigil::Client::normalize_event\(' '  Client::normalize_event'
per_capture ':vigil::Deduper::should_drop\(' '  Deduper::should_drop'
per_capture ':vigil::Client::send\(' 'Client::send'
per_capture ':vigil::write_event_json\(' '  write_event_json'
per_capture ':vigil::TransportState::prepare\(' '  TransportState::prepare'
echo "top functions by own instructions (whole run): $OUT/self.txt"
sed -n "/^Ir/,\$p" "$OUT/self.txt" | sed -n "6,25p" | cut -c1-160
