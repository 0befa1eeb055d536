#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for SECONDS seconds
# (default 300) on its seed corpus; findings are written to native/build-fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-300}
CC=clang CXX=clang++ cmake -S native -B native/build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCLICKOS_FUZZ=ON -DCLICKOS_TESTS=OFF >/dev/null
cmake --build native/build-fuzz
mkdir -p native/build-fuzz/findings native/build-fuzz/corpus
status=0
for target in native/build-fuzz/bin/*_fuzzer; do
  name=$(basename "$target")
  seeds=$(find native -type d -path "*/fuzz/corpus/$name" | head -1)
  echo "fuzz: $name for ${seconds}s"
  mkdir -p "native/build-fuzz/corpus/$name"
  if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="native/build-fuzz/findings/$name-" "native/build-fuzz/corpus/$name" "$seeds" \
    >"native/build-fuzz/$name.log" 2>&1; then
    echo "fuzz: $name FAILED; see native/build-fuzz/$name.log and native/build-fuzz/findings/" >&2
    tail -30 "native/build-fuzz/$name.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units" "native/build-fuzz/$name.log" || true
  fi
done
exit $status
