#!/usr/bin/env bash
# HTTP engine benchmark: our server against a bare libmicrohttpd C server sending the same bytes,
# both running at once and measured alternately in the same run (the machine may be shared).
#
#   scripts/bench-http.sh                 # xend-http-bench (MHDServer + a fixed node record)
#   SERVER_CMD='.build/release/xend --unix-path {unix} --port {port}' scripts/bench-http.sh
#
# SERVER_CMD is any command serving GET /xend/node/ on the Unix socket {unix} and TCP port {port}.
# Knobs: DURATION (s per measurement, 5), ROUNDS (3; the best round counts), CONNECTIONS (wrk, 32),
# WORKERS (Unix load processes, 16), THREADS (per daemon, 2 x cores), LOG_LEVEL (info: one log line
# per request to /dev/null, as the daemon does; warning: none).
# Needs: wrk (apt-get install wrk), cc, libmicrohttpd-dev.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
WORKERS=${WORKERS:-16}
THREADS=${THREADS:-$((2 * $(nproc)))}
LOG_LEVEL=${LOG_LEVEL:-info}
BARE_PORT=${BARE_PORT:-18501}
OURS_PORT=${OURS_PORT:-18502}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d /tmp/bench-http.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "building (release) ..." >&2
if [[ -z "${SERVER_CMD:-}" ]]; then
    swift build -c release --product xend-http-bench >&2
    SERVER_CMD="$(swift build -c release --show-bin-path)/xend-http-bench {unix} {port} $THREADS $LOG_LEVEL"
fi
cc -O2 -o "$work/bare-mhd" scripts/bench/bare-mhd.c -lmicrohttpd
cc -O2 -o "$work/http-load" scripts/bench/http-load.c

bare_cmd="$work/bare-mhd {unix} {port} $THREADS"
expand() { local cmd=${1//\{unix\}/$2}; echo "${cmd//\{port\}/$3}"; }

# Start-up to first answer: median of 5 fresh starts.
startup_ms() {
    local runs=()
    for _ in 1 2 3 4 5; do
        # shellcheck disable=SC2086
        runs+=("$("$work/http-load" startup "$work/startup.sock" $(expand "$1" "$work/startup.sock" 18599))")
    done
    printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p
}

start() { # name command-template port
    # shellcheck disable=SC2086
    $(expand "$2" "$work/$1.sock" "$3") >/dev/null 2>&1 &
    pids+=("$!")
    for _ in $(seq 200); do
        curl -s -o /dev/null --unix-socket "$work/$1.sock" http://localhost/xend/node/ && return 0
        sleep 0.05
    done
    echo "$1 did not start" >&2
    exit 1
}

rss_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# Each measurement prints "<req/s> <requests>".
wrk_load() { wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "Connection: $2" "http://127.0.0.1:$1/xend/node/" |
    awk '/requests in/ { total = $1 } /Requests\/sec/ { printf "%.0f %d", $2, total }'; }
unix_load() { "$work/http-load" run "$1" "$WORKERS" "$DURATION" "$2" | awk '{ print $2, $1 }'; }

echo "start-up ..." >&2
bare_startup=$(startup_ms "$bare_cmd")
ours_startup=$(startup_ms "$SERVER_CMD")

start bare "$bare_cmd" "$BARE_PORT"
bare_pid=${pids[-1]}
start ours "$SERVER_CMD" "$OURS_PORT"
ours_pid=${pids[-1]}
sleep 1
bare_idle=$(rss_kb "$bare_pid" VmRSS)
ours_idle=$(rss_kb "$ours_pid" VmRSS)

declare -A best cpu
measure() { # key pid load-command...
    local key=$1 pid=$2 before after result rate requests micros
    shift 2
    before=$(cpu_ticks "$pid")
    result=$("$@")
    after=$(cpu_ticks "$pid")
    read -r rate requests <<<"$result"
    if [[ -z "${best[$key]:-}" || "$rate" -gt "${best[$key]}" ]]; then best[$key]=$rate; fi
    # Server CPU time per request: less sensitive to other load on the machine than req/s.
    micros=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
    if [[ -z "${cpu[$key]:-}" ]] || awk -v a="$micros" -v b="${cpu[$key]}" 'BEGIN { exit !(a < b) }'; then cpu[$key]=$micros; fi
}
for round in $(seq "$ROUNDS"); do
    echo "round $round/$ROUNDS ..." >&2
    for side in bare ours; do
        pid=${bare_pid}; port=$BARE_PORT
        if [[ $side == ours ]]; then pid=$ours_pid; port=$OURS_PORT; fi
        measure "${side}_tcp_keep" "$pid" wrk_load "$port" keep-alive
        measure "${side}_tcp_close" "$pid" wrk_load "$port" close
        measure "${side}_unix_close" "$pid" unix_load "$work/$side.sock" close
        measure "${side}_unix_keep" "$pid" unix_load "$work/$side.sock" keepalive
    done
done
bare_peak=$(rss_kb "$bare_pid" VmHWM)
ours_peak=$(rss_kb "$ours_pid" VmHWM)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
row() { printf '| %-44s | %12s | %12s | %6s |\n' "$@"; }
echo
echo "GET /xend/node/ ($(nproc) cores, $THREADS threads per daemon, best of $ROUNDS x ${DURATION}s, log level $LOG_LEVEL)"
echo
row "measurement" "bare MHD (C)" "ours" "ratio"
row "--------------------------------------------" "------------" "------------" "------"
for pair in "tcp_keep:TCP keep-alive, wrk -c$CONNECTIONS (req/s)" \
    "tcp_close:TCP new connection per request (req/s)" \
    "unix_close:Unix new connection per request, $WORKERS procs" \
    "unix_keep:Unix keep-alive, $WORKERS procs (req/s)"; do
    key=${pair%%:*}
    row "${pair#*:}" "${best[bare_$key]}" "${best[ours_$key]}" "$(ratio "${best[ours_$key]}" "${best[bare_$key]}")"
done
for pair in "tcp_keep:server CPU µs/request, TCP keep-alive" "tcp_close:server CPU µs/request, TCP new connection" \
    "unix_close:server CPU µs/request, Unix new connection" "unix_keep:server CPU µs/request, Unix keep-alive"; do
    key=${pair%%:*}
    row "${pair#*:}" "${cpu[bare_$key]}" "${cpu[ours_$key]}" "$(ratio "${cpu[bare_$key]}" "${cpu[ours_$key]}")"
done
row "RSS idle (MB)" "$(ratio "$bare_idle" 1024)" "$(ratio "$ours_idle" 1024)" ""
row "RSS peak under load, VmHWM (MB)" "$(ratio "$bare_peak" 1024)" "$(ratio "$ours_peak" 1024)" ""
row "start-up to first answer, median of 5 (ms)" "$bare_startup" "$ours_startup" ""
echo
echo "Ratios are ours/bare for req/s and bare/ours for CPU per request (higher is better for ours)."
echo "Goals: ratio >= 0.8; RSS < 20 MB idle and < 40 MB under load; start-up < 50 ms."
