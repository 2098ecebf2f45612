#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench_vs_python: planhat-cli beside a plain Python script with requests
# (bench_vs_python.py, sequential paging and 5,000-row bulk PUTs, the way robocorp-planhat
# works), on the same planhat-sandbox, in one run. For N companies (default 100,000) prints:
# list to a file as JSON and as CSV, the JSON list against a far tenant (--latency 150 on the
# sandbox), and an end-to-end import of an N-row, 2-column CSV (externalId, name); then our
# peak RSS for each list, and the CPU time planhat-cli used for each job (user + system,
# GNU time), which does not depend on the sandbox. The Python column is skipped, with a
# note, when python3 or its requests module is missing. Asserts nothing.
# Usage: tests/bench/bench_vs_python.sh [BUILD_DIR [N]]   (BUILD_DIR default: ./build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
count=${2:-100000}
cli=$build/src/cli/planhat-cli
sandbox=$build/src/sandbox/planhat-sandbox
token=bench-token
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache
export PLANHAT_API_TOKEN=$token

python=""
for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import requests' 2>/dev/null; then
        python=$candidate
        break
    fi
done
timer=""
[ -x /usr/bin/time ] && timer=/usr/bin/time

start_sandbox() { # extra arguments...; sets url
    "$sandbox" --token "$token" --seed-companies "$count" "$@" >"$work/url" 2>"$work/sandbox.err" &
    pids+=($!)
    for _ in $(seq 1 600); do
        [ -s "$work/url" ] && break
        sleep 0.1
    done
    url=$(head -1 "$work/url")
    : >"$work/url"
}

seconds() { # command...: prints the wall time in seconds; our CPU time goes to $work/cpu
    local begin end
    begin=$(date +%s.%N)
    if [ -n "$timer" ]; then
        "$timer" -f '%U %S' -o "$work/cpu" "$@" >/dev/null 2>"$work/last.err" \
            || { echo "failed: $*" >&2; cat "$work/last.err" >&2; }
    else
        "$@" >/dev/null 2>"$work/last.err" || { echo "failed: $*" >&2; cat "$work/last.err" >&2; }
        echo "- -" >"$work/cpu"
    fi
    end=$(date +%s.%N)
    echo "$end - $begin" | bc
}

cpu() { # the user + system CPU seconds of the last `seconds` run
    tail -1 "$work/cpu" | awk '{ if ($1 == "-") print "n/a"; else printf "%.2f s", $1 + $2 }'
}

ours_rss() { # command...: prints peak RSS in MB (GNU time)
    if [ -z "$timer" ]; then echo "n/a (no /usr/bin/time)"; return; fi
    "$timer" -f '%M' -o "$work/rss" "$@" >/dev/null 2>/dev/null || true
    echo "$(( $(tail -1 "$work/rss") / 1024 ))"
}

row() { # label ours peer [our CPU]
    local ratio="-"
    if [ "$3" != "-" ]; then ratio=$(echo "scale=1; $3 / $2" | bc); fi
    printf '%-34s %9.2f s   %9s   %6sx   %9s\n' "$1" "$2" "$( [ "$3" = "-" ] && echo "-" || printf '%.2f s' "$3")" "$ratio" "${4:--}"
}

echo "bench_vs_python: $count companies, planhat-sandbox on loopback"
[ -z "$python" ] && echo "note: no python3 with requests found (Debian: python3-requests): Python column skipped"
echo "load: $(uptime)"
printf '%-34s %11s   %11s   %7s   %9s\n' "job" "planhat-cli" "python" "faster" "our CPU"

start_sandbox
list() { "$cli" --base-url "$url" --max-rate 0 list companies --all-fields --format "$1"; }
for format in json csv; do
    ours=$(seconds bash -c "$(declare -f list); url=$url cli=$cli; list $format > $work/ours.$format")
    ours_cpu=$(cpu)
    peer="-"
    [ -n "$python" ] && peer=$(seconds "$python" "$here/bench_vs_python.py" list "$url" "$token" companies "$format" "$work/peer.$format")
    row "list to a file, $format" "$ours" "$peer" "$ours_cpu"
done
rss_json=$(ours_rss "$cli" --base-url "$url" --max-rate 0 list companies --all-fields --format json)
rss_csv=$(ours_rss "$cli" --base-url "$url" --max-rate 0 list companies --all-fields --format csv)

# Import: the planner lists the tenant to match rows, then 5,000-row chunks go out.
{
    echo "externalId,name"
    for ((n = 1; n <= count; n++)); do printf 'ext-%0*d,Renamed company %d\n' "${#count}" "$n" "$n"; done
} >"$work/import.csv"
ours=$(seconds "$cli" --base-url "$url" --max-rate 0 import companies "$work/import.csv" --yes --results "$work/ours-results.csv")
ours_cpu=$(cpu)
kill "${pids[-1]}"
start_sandbox
peer="-"
[ -n "$python" ] && peer=$(seconds "$python" "$here/bench_vs_python.py" import "$url" "$token" companies "$work/import.csv" "$work/peer-results.csv")
row "import $count rows, 2 columns" "$ours" "$peer" "$ours_cpu"
kill "${pids[-1]}"

start_sandbox --latency 150
ours=$(seconds bash -c "$cli --base-url $url --max-rate 0 list companies --all-fields --format json > $work/far.json")
ours_cpu=$(cpu)
peer="-"
[ -n "$python" ] && peer=$(seconds "$python" "$here/bench_vs_python.py" list "$url" "$token" companies json "$work/peer-far.json")
row "list at 150 ms an answer, json" "$ours" "$peer" "$ours_cpu"
kill "${pids[-1]}"

echo "load: $(uptime)"
echo "planhat-cli peak RSS: list json ${rss_json} MB, list csv ${rss_csv} MB"
