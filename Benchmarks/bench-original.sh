#!/usr/bin/env bash
# The daemon against the original xend, measured the way the original's figures were taken: wrk with
# two threads and 16 connections (`wrk -t2 -c16`) asking `GET /xend/node/` over TCP, once with a
# connection per request (no Connection header: the original, and so the daemon, closes after each
# answer, docs/protocol.md#keep-alive) and once kept alive (`Connection: keep-alive`). The daemon and the
# bare libmicrohttpd server of Benchmarks/bench-http.sh run side by side, alternating, best of ROUNDS
# rounds of DURATION seconds each.
#
# The original xend (Python 2) cannot run on Debian 12, which has no Python 2. Its rates on this machine
# kind, from the same wrk command, are the reference ORIGINAL_CLOSE_RPS (about 900 req/s) and
# ORIGINAL_KEEPALIVE_RPS (about 1,100 req/s); ORIGINAL_CMD='<command serving {unix} and {port}>', as
# Benchmarks/bench-http.sh takes it, measures a running original instead. A benchmark, not a test: it
# prints figures (docs/performance.md).
#
# Usage: Benchmarks/bench-original.sh [XEND_BINARY]   (default: the release build; needs wrk)
#   DURATION (5) ROUNDS (3) THREADS (server threads, 2 per CPU) RESULTS (file for tab-separated lines)
set -euo pipefail
cd "$(dirname "$0")/.."
XEND=${1:-$(swift build -c release --show-bin-path)/xend}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-$((2 * $(nproc)))}
RESULTS=${RESULTS:-/dev/null}
ORIGINAL_CLOSE_RPS=${ORIGINAL_CLOSE_RPS:-900}
ORIGINAL_KEEPALIVE_RPS=${ORIGINAL_KEEPALIVE_RPS:-1100}
command -v wrk > /dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
[ -x "$XEND" ] || { echo "no xend binary at $XEND: build it with swift build -c release --product xend" >&2; exit 1; }

# shellcheck source=Benchmarks/side-by-side.sh
. Benchmarks/side-by-side.sh
side_by_side bench-original

declare -A PORT=([bare]=${BARE_PORT:-18521} [ours]=${OURS_PORT:-18522} [original]=${ORIGINAL_PORT:-18523})
declare -A COMMAND=(
    [bare]="$work/bare-mhd {unix} {port} $THREADS"
    [ours]="$XEND --config /dev/null --backend simulated --unix-path {unix} --tcp-port {port}
        --state-dir $work/state --save-dir $work/save --threads $THREADS"
)
sides=(bare ours)
if [[ -n "${ORIGINAL_CMD:-}" ]]; then
    COMMAND[original]=$ORIGINAL_CMD
    sides+=(original)
fi
for side in "${sides[@]}"; do
    # Word splitting is wanted: the command is a command line. The daemon's log goes to /dev/null.
    # shellcheck disable=SC2046,SC2091
    $(expand "${COMMAND[$side]}" "$work/$side.sock" "${PORT[$side]}") > /dev/null 2>&1 &
    pids+=($!)
    answers "$work/$side.sock" || { echo "$side did not start" >&2; exit 1; }
done

rate() { # rate SIDE MODE: one wrk round's requests per second
    local header=()
    [ "$2" = keepalive ] && header=(-H 'Connection: keep-alive')
    wrk -t2 -c16 -d"${DURATION}s" "${header[@]}" "http://127.0.0.1:${PORT[$1]}/xend/node/" \
        | awk '$1 == "Requests/sec:" { printf "%d", $2 }'
}
declare -A BEST
for mode in close keepalive; do
    for side in "${sides[@]}"; do BEST[$side.$mode]=0; done
    for round in $(seq "$ROUNDS"); do
        for side in "${sides[@]}"; do
            value=$(rate "$side" "$mode")
            echo "round $round, $mode, $side: $value req/s" >&2
            if ((value > BEST[$side.$mode])); then BEST[$side.$mode]=$value; fi
        done
    done
done
[[ -n "${ORIGINAL_CMD:-}" ]] || { BEST[original.close]=$ORIGINAL_CLOSE_RPS; BEST[original.keepalive]=$ORIGINAL_KEEPALIVE_RPS; }

source_of_original=$([[ -n "${ORIGINAL_CMD:-}" ]] && echo "measured" || echo "reference")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }
echo
echo "| wrk -t2 -c16, GET /xend/node/, TCP (req/s, best of $ROUNDS × $DURATION s) | bare MHD (C) | ours | original xend ($source_of_original) | ours / original |"
echo "|---|---|---|---|---|"
for mode in close keepalive; do
    label=$([ "$mode" = close ] && echo "a connection per request" || echo "kept alive (Connection: keep-alive)")
    echo "| $label | ${BEST[bare.$mode]} | ${BEST[ours.$mode]} | ${BEST[original.$mode]} |" \
        "$(ratio "${BEST[ours.$mode]}" "${BEST[original.$mode]}")× |"
    printf 'original\t%s\t%s\t%s\t%s\t%s\n' "$mode" "${BEST[bare.$mode]}" "${BEST[ours.$mode]}" \
        "${BEST[original.$mode]}" "$source_of_original" >> "$RESULTS"
done
