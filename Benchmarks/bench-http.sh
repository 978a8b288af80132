#!/usr/bin/env bash
# HTTP benchmark: our server against a bare libmicrohttpd C server sending the same kind of bytes (and,
# when ORIGINAL_CMD is set, the original xend's Python HTTP stack), all running at once and measured
# alternately in the same run (the machine may be shared).
#
#   Benchmarks/bench-http.sh                 # xend-http-bench (MHDServer + a fixed node record)
#   SERVER_CMD='.build/release/xend --unix-path {unix} --tcp-port {port}' Benchmarks/bench-http.sh
#
# SERVER_CMD (and ORIGINAL_CMD) is any command serving GET /xend/node/ on the Unix socket {unix} and
# TCP port {port} (ORIGINAL_LABEL names the third server when it is not the original xend, such as an
# earlier build of ours). Every mode uses the same client (Benchmarks/C/http-load.c, forked workers):
# TCP and Unix, one connection per request (how libvirt and xm talk) and keep-alive. Knobs: DURATION
# (s per measurement, 5), ROUNDS (3; the best round counts), WORKERS (client processes, 16), THREADS
# (per daemon, 2 x cores), LOG_LEVEL (info: one log line per request to /dev/null, as the daemon does;
# warning: none), LOG_TO (null: each server's output goes to /dev/null; pipe: through a pipe that `cat`
# reads, as journald reads a service's output), RESULTS (a file to which the figures are written as tab-separated lines, for
# Benchmarks/plot-performance.py). Needs: cc, libmicrohttpd-dev, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
WORKERS=${WORKERS:-16}
THREADS=${THREADS:-$((2 * $(nproc)))}
LOG_LEVEL=${LOG_LEVEL:-info}
LOG_TO=${LOG_TO:-null}
case "$LOG_TO" in null | pipe) ;; *) echo "LOG_TO is null or pipe, not $LOG_TO" >&2; exit 2 ;; esac
RESULTS=${RESULTS:-/dev/null}
declare -A PORT=([bare]=${BARE_PORT:-18501} [ours]=${OURS_PORT:-18502} [original]=${ORIGINAL_PORT:-18503})

# shellcheck source=Benchmarks/side-by-side.sh
. Benchmarks/side-by-side.sh
side_by_side bench-http

echo "building (release) ..." >&2
if [[ -z "${SERVER_CMD:-}" ]]; then
    swift build --package-path Benchmarks -c release --product xend-http-bench >&2
    SERVER_CMD="$(swift build --package-path Benchmarks -c release --show-bin-path)/xend-http-bench {unix} {port} $THREADS $LOG_LEVEL"
fi
cc -O2 -o "$work/http-load" Benchmarks/C/http-load.c

declare -A COMMAND=([bare]="$work/bare-mhd {unix} {port} $THREADS" [ours]=$SERVER_CMD)
sides=(bare ours)
if [[ -n "${ORIGINAL_CMD:-}" ]]; then
    COMMAND[original]=$ORIGINAL_CMD
    sides+=(original)
fi
declare -A LABEL=([bare]="bare MHD (C)" [ours]="ours" [original]="${ORIGINAL_LABEL:-original xend}")

# Start-up to first answer: median of 5 fresh starts.
startup_ms() {
    local runs=()
    for _ in 1 2 3 4 5; do
        # shellcheck disable=SC2046 # word splitting is wanted: expand prints a command line
        runs+=("$("$work/http-load" startup "$work/startup.sock" $(expand "$1" "$work/startup.sock" 18599))")
    done
    printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p
}

start() { # side
    if [[ $LOG_TO == pipe ]]; then
        # shellcheck disable=SC2086,SC2091
        $(expand "${COMMAND[$1]}" "$work/$1.sock" "${PORT[$1]}") >/dev/null 2> >(cat >/dev/null) &
    else
        # shellcheck disable=SC2086,SC2091
        $(expand "${COMMAND[$1]}" "$work/$1.sock" "${PORT[$1]}") >/dev/null 2>&1 &
    fi
    pids+=("$!")
    PID[$1]=$!
    answers "$work/$1.sock" || { echo "$1 did not start" >&2; exit 1; }
}

rss_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
# CPU time of the server and its children (the original forks nothing, but runs threads).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

declare -A PID STARTUP IDLE PEAK RATE P50 P99 CPU ERRORS ROUND_RATES
for side in "${sides[@]}"; do
    echo "start-up of ${LABEL[$side]} ..." >&2
    STARTUP[$side]=$(startup_ms "${COMMAND[$side]}")
    start "$side"
done
sleep 1
for side in "${sides[@]}"; do IDLE[$side]=$(rss_kb "${PID[$side]}" VmRSS); done

modes=(tcp_close tcp_keep unix_close unix_keep)
measure() { # side mode
    local side=$1 mode=$2 target before after requests rate errors p50 p99 micros key="$1_$2"
    target=$work/$side.sock
    [[ $mode == tcp_* ]] && target=tcp:${PORT[$side]}
    before=$(cpu_ticks "${PID[$side]}")
    read -r requests rate errors p50 p99 < <("$work/http-load" run "$target" "$WORKERS" "$DURATION" \
        "$([[ $mode == *_keep ]] && echo keepalive || echo close)")
    after=$(cpu_ticks "${PID[$side]}")
    ERRORS[$key]=$((${ERRORS[$key]:-0} + errors))
    ROUND_RATES[$key]="${ROUND_RATES[$key]:+${ROUND_RATES[$key]},}$rate"
    # The best round counts: the one with the highest rate, and its latencies.
    if [[ -z "${RATE[$key]:-}" || "$rate" -gt "${RATE[$key]}" ]]; then
        RATE[$key]=$rate P50[$key]=$p50 P99[$key]=$p99
    fi
    # Server CPU time per request: less sensitive to other load on the machine than req/s.
    micros=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" \
        'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
    if [[ -z "${CPU[$key]:-}" ]] || awk -v a="$micros" -v b="${CPU[$key]}" 'BEGIN { exit !(a < b) }'; then
        CPU[$key]=$micros
    fi
}
for round in $(seq "$ROUNDS"); do
    echo "round $round/$ROUNDS ..." >&2
    for side in "${sides[@]}"; do
        for mode in "${modes[@]}"; do measure "$side" "$mode"; done
    done
done
for side in "${sides[@]}"; do PEAK[$side]=$(rss_kb "${PID[$side]}" VmHWM); done

declare -A MODE_LABEL=([tcp_close]="TCP, new connection per request" [tcp_keep]="TCP, keep-alive"
    [unix_close]="Unix, new connection per request" [unix_keep]="Unix, keep-alive")
mb() { awk -v k="$1" 'BEGIN { printf "%.2f", k / 1024 }'; }
header() {
    printf '| %-58s |' "$1"
    for side in "${sides[@]}"; do printf ' %14s |' "${LABEL[$side]}"; done
    printf ' %6s |\n' "ratio"
    printf '| %s |' "$(printf -- '-%.0s' $(seq 58))"
    for _ in "${sides[@]}"; do printf ' %s |' "$(printf -- '-%.0s' $(seq 14))"; done
    printf ' %s |\n' "------"
}
row() { # label array-name ratio-direction (up: ours/bare, down: bare/ours, none)
    local label=$1
    local -n values=$2
    printf '| %-58s |' "$label"
    for side in "${sides[@]}"; do printf ' %14s |' "${values[$side]}"; done
    case $3 in
        up) printf ' %6s |\n' "$(awk -v a="${values[ours]}" -v b="${values[bare]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" ;;
        down) printf ' %6s |\n' "$(awk -v a="${values[bare]}" -v b="${values[ours]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')" ;;
        *) printf ' %6s |\n' "" ;;
    esac
}

date=$(date -u '+%Y-%m-%d %H:%M UTC')
echo
echo "GET /xend/node/, $date, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $THREADS threads" \
    "per daemon, $WORKERS client processes, best of $ROUNDS x ${DURATION}s, log level $LOG_LEVEL to $LOG_TO"
echo
header "measurement"
for mode in "${modes[@]}"; do
    declare -A v=()
    for side in "${sides[@]}"; do v[$side]=${RATE[${side}_$mode]}; done
    row "${MODE_LABEL[$mode]} (req/s)" v up
done
for mode in "${modes[@]}"; do
    declare -A v=()
    for side in "${sides[@]}"; do v[$side]="${P50[${side}_$mode]} / ${P99[${side}_$mode]}"; done
    row "${MODE_LABEL[$mode]}, p50 / p99 (µs)" v none
done
for mode in "${modes[@]}"; do
    declare -A v=()
    for side in "${sides[@]}"; do v[$side]=${CPU[${side}_$mode]}; done
    row "server CPU µs/request, ${MODE_LABEL[$mode]}" v down
done
declare -A v=()
for side in "${sides[@]}"; do v[$side]=$(mb "${IDLE[$side]}"); done
row "RSS idle (MB)" v none
for side in "${sides[@]}"; do v[$side]=$(mb "${PEAK[$side]}"); done
row "RSS peak under load, VmHWM (MB)" v none
for side in "${sides[@]}"; do v[$side]=${STARTUP[$side]}; done
row "start-up to first answer, median of 5 (ms)" v none
for side in "${sides[@]}"; do v[$side]=0; for mode in "${modes[@]}"; do v[$side]=$((v[$side] + ERRORS[${side}_$mode])); done; done
row "failed requests, all rounds" v none
echo
echo "Ratios are ours/bare for req/s and bare/ours for CPU per request (higher is better for ours)."
echo "Goals: ratio >= 0.8; RSS < 20 MB idle and < 40 MB under load; start-up < 50 ms."

{
    echo "# date	$date"
    echo "# machine	$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), log level $LOG_LEVEL to $LOG_TO"
    for side in "${sides[@]}"; do
        for mode in "${modes[@]}"; do
            key=${side}_$mode
            printf 'http\t%s\t%s\t%s\t%s\t%s\t%s\n' "$side" "$mode" "${RATE[$key]}" "${P50[$key]}" "${P99[$key]}" "${CPU[$key]}"
            # Every round's rate, for the spread the plot shows.
            printf 'http_rounds\t%s\t%s\t%s\n' "$side" "$mode" "${ROUND_RATES[$key]}"
        done
        printf 'rss\t%s\t%s\t%s\n' "$side" "${IDLE[$side]}" "${PEAK[$side]}"
        printf 'startup\t%s\t%s\n' "$side" "${STARTUP[$side]}"
    done
} >>"$RESULTS"
