#!/usr/bin/env bash
# run-fuzzer.sh BINARY SECONDS SEED_DIR [DICT]
# Runs a libFuzzer target for a bounded time on a scratch corpus seeded from
# SEED_DIR (the seeds in the source tree are never written to). A crash,
# leak, timeout or sanitizer report fails the test; the reproducer is kept
# in the build directory (fuzz-artifacts/).
set -euo pipefail
# any sanitizer report is a failure
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
bin=$1 secs=$2 seeds=$3 dict=${4:-}
name=$(basename "$bin")
work=$(pwd)/fuzz-work/$name
art=$(pwd)/fuzz-artifacts/$name/
mkdir -p "$work" "$art"
args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=3072 -max_len=65536
      -print_final_stats=1 -artifact_prefix="$art")
[[ -n "$dict" && -s "$dict" ]] && args+=(-dict="$dict")
exec "$bin" "${args[@]}" "$work" "$seeds"
