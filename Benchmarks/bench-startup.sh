#!/usr/bin/env bash
# Start-up of the daemon: instructions from exec to its first answer and exit, and milliseconds to the
# first answer. The instructions come from `valgrind --tool=callgrind` (one run: start, one
# `GET /xend/node/` on the Unix socket, SIGTERM), with the share of swift-argument-parser's `parseAsRoot`
# and of the dynamic loader; they do not move with the machine's load. The same run says how many 4 KB
# pages of the binary's code ran, and how many 64 KB windows they fall in: the kernel maps a whole window
# around each page a process touches (fault-around), which is what the binary's resident code measures,
# printed from one more start outside valgrind. The milliseconds are the median of
# RUNS fresh starts of the binary itself (`Benchmarks/C/http-load.c startup`), and do (docs/performance.md).
# A benchmark, not a test: it prints figures.
#
# Usage: Benchmarks/bench-startup.sh [XEND_BINARY]   (default: the release build; RUNS=11)
#   XEND_CALLGRIND_KEEP=DIR keeps the callgrind output file there, for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."
XEND=${1:-$(swift build -c release --show-bin-path)/xend}
RUNS=${RUNS:-11}
# shellcheck source=Benchmarks/under-callgrind.sh
. Benchmarks/under-callgrind.sh
under_callgrind bench-startup "$XEND"
arguments=(--config /dev/null --backend simulated --unix-path "$work/socket" --tcp-port 0
    --state-dir "$work/state" --save-dir "$work/save" --threads 2)

out=$work/startup.callgrind
valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$out" "$xend" "${arguments[@]}" > "$work/log" 2>&1 &
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
# Every instruction address callgrind saw in the binary (positions are absolute, +/- relative or `*`).
/usr/bin/python3 - "$out" "$xend" <<'PY'
import re, sys
objects, current, last, addresses = {}, None, 0, set()
for line in open(sys.argv[1]):
    if line.startswith(("ob=", "cob=")):
        match = re.match(r"c?ob=\((\d+)\)(?: (.*))?", line.strip())
        if match.group(2):
            objects[match.group(1)] = match.group(2)
        if line.startswith("ob="):
            current = objects[match.group(1)]
        continue
    if not line[:1] or not (line[0].isdigit() or line[0] in "+-*"):
        continue
    position = line.split()[0]
    if position.startswith("+"):
        last += int(position[1:], 0)
    elif position.startswith("-"):
        last -= int(position[1:], 0)
    elif position != "*":
        last = int(position, 0)
    if current == sys.argv[2]:
        addresses.add(last)
pages, windows = {a >> 12 for a in addresses}, {a >> 16 for a in addresses}
print(f"code of the binary run: {len(pages)} pages of 4 KB ({len(pages) * 4} KB), "
      f"in {len(windows)} windows of 64 KB ({len(windows) * 64} KB)")
PY

runs=()
for _ in $(seq "$RUNS"); do
    rm -rf "$work/state" "$work/save"
    runs+=("$("$work/http-load" startup "$work/socket" "$XEND" "${arguments[@]}")")
done
# Resident code of the binary after its first answer, outside valgrind.
rm -rf "$work/state" "$work/save"
"$xend" "${arguments[@]}" > "$work/log" 2>&1 &
server=$!
for _ in $(seq 200); do
    [ -S "$work/socket" ] && "$work/http-load" get "$work/socket" /xend/node/ 1 > /dev/null 2>&1 && break
    sleep 0.05
done
code=$(awk -v binary="$xend" '/^[0-9a-f]+-[0-9a-f]+ / { text = ($2 ~ /x/ && $6 == binary) }
    text && /^Rss:/ { kb += $2 } END { print kb + 0 }' "/proc/$server/smaps")
kill -TERM "$server"
wait "$server" || true
server=
echo "resident code of the binary after its first answer: $code KB"
median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
echo "start-up to first answer (ms), median of $RUNS: $median   (all: ${runs[*]})"
