#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this):
#   1. install what is missing and build (tools/setup.sh --test)
#   2. every meson test on the release build
#   3. the same tests on an AddressSanitizer + UBSan build
#   4. each libFuzzer target for a bounded time (clang)
# The last line is "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8

bash tools/setup.sh --test || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

logs=()
run_suite() {  # name builddir [meson test args...]
  local name=$1 dir=$2; shift 2
  echo "== $name"
  meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" 2>&1 | grep -vE '^(ninja|\[[0-9]+/[0-9]+\])' | tail -n 60
  [[ -f "$dir/meson-logs/testlog.json" ]] && logs+=("$name=$dir/meson-logs/testlog.json")
}

run_suite release build

# sanitizers (gcc): the same suites, slow hostile-input tests excluded
if [[ ! -f build-asan/build.ninja ]]; then
  meson setup build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dslow_tests=false \
    --buildtype=debugoptimized >/dev/null
fi
if ninja -C build-asan >/dev/null 2>"${TMPDIR:-/tmp}/fakty-asan-build.err"; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    run_suite asan build-asan --no-suite integration
else
  cat "${TMPDIR:-/tmp}/fakty-asan-build.err"; logs+=("asan-build=FAILED")
fi

# fuzzing (clang + libFuzzer), bounded time per target
if command -v clang >/dev/null; then
  if [[ ! -f build-fuzz/build.ninja ]]; then
    CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
      -Dslow_tests=false --buildtype=debugoptimized >/dev/null
  fi
  if ninja -C build-fuzz >/dev/null 2>"${TMPDIR:-/tmp}/fakty-fuzz-build.err"; then
    run_suite fuzz build-fuzz --suite fuzz
  else
    cat "${TMPDIR:-/tmp}/fakty-fuzz-build.err"; logs+=("fuzz-build=FAILED")
  fi
fi

python3 tools/test-summary.py "${logs[@]}"
