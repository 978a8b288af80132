#!/usr/bin/env bash
# Start-up of the daemon: instructions from exec to its first answer and exit, and milliseconds to the
# first answer. The instructions come from `valgrind --tool=callgrind` (one run: start, one
# `GET /xend/node/` on the Unix socket, SIGTERM), with the share of swift-argument-parser's `parseAsRoot`
# and of the dynamic loader; they do not move with the machine's load. The milliseconds are the median of
# RUNS fresh starts of the binary itself (`Benchmarks/C/http-load.c startup`), and do (docs/performance.md).
# A benchmark, not a test: it prints figures.
#
# Usage: Benchmarks/bench-startup.sh [XEND_BINARY]   (default: the release build; RUNS=11)
#   XEND_CALLGRIND_KEEP=DIR keeps the callgrind output file there, for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."
XEND=${1:-$(swift build -c release --show-bin-path)/xend}
RUNS=${RUNS:-11}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
[ -x "$XEND" ] || { echo "no xend binary at $XEND: build it with swift build -c release --product xend" >&2; exit 1; }
work=$(mktemp -d /tmp/bench-startup.XXXXXX)
server=
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -KILL "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
# Valgrind 3.19 cannot read Swift's DWARF 5: measure a copy without debug information (as
# Benchmarks/bench-instructions.sh does); the symbol table stays for callgrind_annotate.
strip --strip-debug -o "$work/xend-stripped" "$XEND"
cc -O2 -o "$work/http-load" Benchmarks/C/http-load.c
arguments=(--config /dev/null --backend simulated --unix-path "$work/socket" --tcp-port 0
    --state-dir "$work/state" --save-dir "$work/save" --threads 2)

out=$work/startup.callgrind
valgrind --tool=callgrind --callgrind-out-file="$out" "$work/xend-stripped" "${arguments[@]}" > "$work/log" 2>&1 &
server=$!
for _ in $(seq 600); do
    [ -S "$work/socket" ] && "$work/http-load" get "$work/socket" /xend/node/ 1 > /dev/null 2>&1 && break
    sleep 0.05
done
kill -TERM "$server"
wait "$server" || true
server=
[ -n "${XEND_CALLGRIND_KEEP:-}" ] && mkdir -p "$XEND_CALLGRIND_KEEP" && cp "$out" "$XEND_CALLGRIND_KEEP/"
total=$(awk '/^(summary|totals):/ { print $2; exit }' "$out")
inclusive() { # the inclusive instructions of the first function whose name contains $1
    # awk reads to the end: leaving early would fail the pipeline (SIGPIPE) under pipefail.
    callgrind_annotate --inclusive=yes "$out" 2>/dev/null | awk -v name="$1" \
        '!found && index($0, name) { gsub(",", "", $1); print $1; found = 1 }'
}
parser=$(inclusive "parseAsRoot")
loader=$(inclusive "_dl_start")
echo "start-up of $XEND"
printf 'instructions, exec to first answer and exit  %12d\n' "$total"
printf '  of which parseAsRoot (inclusive)           %12d\n' "${parser:-0}"
printf '  of which the dynamic loader (_dl_start)    %12d\n' "${loader:-0}"

runs=()
for _ in $(seq "$RUNS"); do
    rm -rf "$work/state" "$work/save"
    runs+=("$("$work/http-load" startup "$work/socket" "$XEND" "${arguments[@]}")")
done
median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
echo "start-up to first answer (ms), median of $RUNS: $median   (all: ${runs[*]})"
