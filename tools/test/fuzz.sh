#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs each for SECONDS seconds
# (default 300) on its seed corpus; findings are written to BUILD/findings/.
# Usage: fuzz.sh [SECONDS] [BUILD]
#   BUILD: a tree configured with CLICKOS_FUZZ (npm test passes its ASan tree, which has the
#   fuzz targets too); default native/build-fuzz, configured here when it is not yet.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-300}
build=${2:-native/build-fuzz}
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S native -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCLICKOS_FUZZ=ON -DCLICKOS_TESTS=OFF >/dev/null
fi
# Only the fuzz targets (and what they link): the rest of the tree is built by the other suites.
mapfile -t targets < <(ninja -C "$build" -t targets all | sed -n 's/^\([a-z0-9_]*_fuzzer\): .*/\1/p' |
  grep -v '^cmake_' | sort -u)
if ((${#targets[@]} == 0)); then
  echo "fuzz: $build has no fuzz targets (configure it with -DCLICKOS_FUZZ=ON)" >&2
  exit 1
fi
cmake --build "$build" --target "${targets[@]}"
mkdir -p "$build/findings" "$build/corpus"
status=0
for name in "${targets[@]}"; do
  target="$build/bin/$name"
  seeds=$(find native -type d -path "*/fuzz/corpus/$name" | head -1)
  echo "fuzz: $name for ${seconds}s"
  mkdir -p "$build/corpus/$name"
  if ! "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/findings/$name-" "$build/corpus/$name" $seeds \
    >"$build/$name.log" 2>&1; then
    echo "fuzz: $name FAILED; see $build/$name.log and $build/findings/" >&2
    tail -30 "$build/$name.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units" "$build/$name.log" || true
  fi
done
exit $status
