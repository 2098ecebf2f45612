#!/usr/bin/env bash
# Builds the CsvReader fuzz target with clang (libFuzzer, AddressSanitizer,
# UndefinedBehaviorSanitizer) and runs it for a bounded time on the seed corpus.
# Usage: run_fuzz.sh CLANGXX OUT_DIR SOURCE_DIR SECONDS QTCORE_LIBRARY QT_INCLUDES(:-separated)
set -euo pipefail
clangxx=$1
out=$2
source_dir=$3
seconds=$4
qtcore=$5
qt_includes=$6

core="$source_dir/src/core"
fuzz_dir="$source_dir/tests/fuzz"
sources=("$fuzz_dir/fuzz_csvreader.cpp")
for name in csvformat csvissue csvdecoder csvsniffer csvrow csvreader csvwriter; do
    sources+=("$core/csv/$name.cpp")
done

flags=(-std=c++17 -g -O1 -fPIC -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -DQT_NO_CAST_FROM_ASCII -I "$core")
IFS=: read -ra include_dirs <<< "$qt_includes"
for dir in "${include_dirs[@]}"; do
    flags+=(-isystem "$dir")
done

mkdir -p "$out/corpus"
binary="$out/fuzz_csvreader"
# Rebuild only when a source or header changed.
if [ ! -x "$binary" ] || [ -n "$(find "$core/csv" "$fuzz_dir" -newer "$binary" -type f)" ]; then
    echo "building $binary"
    "$clangxx" "${flags[@]}" "${sources[@]}" "$qtcore" -o "$binary"
fi

# New inputs go to the build directory's corpus; the committed seeds are only read.
"$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=4096 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$out/" "$out/corpus" "$fuzz_dir/corpus"
