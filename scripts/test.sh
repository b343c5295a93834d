#!/usr/bin/env bash
# Runs every test Vigil has, from a fresh clone: installs what is missing, builds the core
# natively (ASan + UBSan) and to Wasm, runs the unit tests, the JS tests in real runtimes,
# the fuzzers for a bounded time, and prints the size report. Ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "setup failed"; exit 1; }

passed=0
failed=0
step_failed=()
log_dir=build-logs
mkdir -p "$log_dir"

add_counts() {  # passed failed
  passed=$((passed + $1))
  failed=$((failed + $2))
}

echo "== native unit tests (ASan + UBSan)"
if cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Debug -DVIGIL_SANITIZE=ON >"$log_dir/native-configure.log" 2>&1 &&
   cmake --build build-native -j2 >"$log_dir/native-build.log" 2>&1; then
  # ctest counts executables; Boost.Test's own report lines count the test cases in them.
  (cd build-native && ctest -V -j2) >"$log_dir/ctest.log" 2>&1
  grep -E 'tests passed|tests failed out of|\*\*\*Failed|Test *#' "$log_dir/ctest.log" | grep -vE '^[0-9]+: Test command' | tail -40
  cases_ok=$(grep -oE '[0-9]+ test cases? out of [0-9]+ passed' "$log_dir/ctest.log" | awk '{s+=$1} END {print s+0}')
  cases_failed=$(grep -oE '[0-9]+ test cases? out of [0-9]+ failed' "$log_dir/ctest.log" | awk '{s+=$1} END {print s+0}')
  total=$(grep -oE 'out of [0-9]+$' "$log_dir/ctest.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  bad=$(grep -oE '[0-9]+ tests failed out of' "$log_dir/ctest.log" | grep -oE '^[0-9]+' || echo 1)
  [ "$bad" -gt 0 ] && grep -B2 -A30 -E 'error|failure' "$log_dir/ctest.log" | head -80
  echo "unit: $cases_ok test cases passed, $cases_failed failed, in $total executables"
  add_counts "$cases_ok" "$(( cases_failed > bad ? cases_failed : bad ))"
  [ "$bad" -eq 0 ] && [ "$total" -gt 0 ] || step_failed+=(unit)
else
  tail -40 "$log_dir/native-build.log"; step_failed+=(native-build); add_counts 0 1
fi

echo "== Wasm build"
if bash scripts/build.sh; then
  echo "== JS tests in Node, Chromium, workerd and the Lambda harness (node --test)"
  node --test --test-reporter=spec tests/js/ tests/browser/ tests/edge/ tests/lambda/ 2>&1 | tee "$log_dir/node.log"
  js_pass=$(grep -oE '^ℹ pass [0-9]+' "$log_dir/node.log" | grep -oE '[0-9]+$' || echo 0)
  js_fail=$(grep -oE '^ℹ fail [0-9]+' "$log_dir/node.log" | grep -oE '[0-9]+$' || echo 0)
  add_counts "$js_pass" "$js_fail"
  [ "$js_fail" -eq 0 ] && [ "$js_pass" -gt 0 ] || step_failed+=(js)
else
  step_failed+=(wasm-build); add_counts 0 1
fi

echo "== fuzzers (${FUZZ_SECONDS:-30}s each)"
bash tests/fuzz/run.sh | tee "$log_dir/fuzz.log"
fz=$(tail -1 "$log_dir/fuzz.log")
fz_pass=$(echo "$fz" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
fz_fail=$(echo "$fz" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 1)
add_counts "$fz_pass" "$fz_fail"
[ "$fz_fail" -eq 0 ] || step_failed+=(fuzz)

echo "== size report"
node bench/size.mjs || step_failed+=(size)

[ ${#step_failed[@]} -eq 0 ] || echo "failed steps: ${step_failed[*]}"
echo "vigil: $passed passed, $failed failed"
[ ${#step_failed[@]} -eq 0 ]
