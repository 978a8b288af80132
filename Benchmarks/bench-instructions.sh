#!/usr/bin/env bash
# Instructions per request: our daemon against a bare libmicrohttpd server (Benchmarks/C/bare-mhd.c),
# both under `valgrind --tool=callgrind`, for `GET /xend/node/` on a new Unix-socket connection each time
# and then with all requests on one kept-alive connection.
# Each server runs twice, serving N and then 2N requests; (I(2N) - I(N)) / N is the cost of one request
# with start-up, shutdown and the first requests' one-time work (Swift's conformance and metadata caches,
# the metrics series made on first use) taken out. Instruction counts do not move with the machine's load, so two builds
# can be compared on a busy machine (docs/performance.md). A benchmark, not a test: it prints figures.
#
# Usage: Benchmarks/bench-instructions.sh [XEND_BINARY [N [MODE]]]   (both servers with 2 worker threads per socket)
#   XEND_BINARY: default the release build (swift build -c release --product xend); N: default 1000.
#   MODE: close (a new connection per request), keepalive (one connection for all), or both (default;
#   the new-connection figures first, as the script printed them before it measured keep-alive).
#   TRANSPORT=tcp sends the requests over TCP to 127.0.0.1:TCP_PORT (18640) instead of the Unix socket:
#   the peer address, the Host check and the hosts-allow list run on TCP only.
#   XEND_ARGS adds arguments to the daemon's command line (XEND_ARGS='--log-level warning' leaves the request
#   log out: the log's own thread writes in batches as time passes, so its share per request moves by about
#   1.5k instructions between runs, and without it two builds' request paths compare to the instruction).
#   XEND_CALLGRIND_KEEP=DIR keeps the callgrind output files there, for callgrind_annotate
#   (SIDE-N.callgrind with a new connection each, SIDE-keepalive-N.callgrind on one connection).
set -euo pipefail
cd "$(dirname "$0")/.."
XEND=${1:-$(swift build -c release --show-bin-path)/xend}
COUNT=${2:-1000}
MODE=${3:-both}
case "$MODE" in close | keepalive | both) ;; *) echo "MODE is close, keepalive or both, not $MODE" >&2; exit 2 ;; esac
TRANSPORT=${TRANSPORT:-unix}
TCP_PORT=${TCP_PORT:-18640}
case "$TRANSPORT" in unix | tcp) ;; *) echo "TRANSPORT is unix or tcp, not $TRANSPORT" >&2; exit 2 ;; esac
# shellcheck source=Benchmarks/under-callgrind.sh
. Benchmarks/under-callgrind.sh
under_callgrind bench-instructions "$XEND"
XEND=$xend
cc -O2 -o "$work/bare-mhd" Benchmarks/C/bare-mhd.c -lmicrohttpd

# measure SIDE REQUESTS CONNECTION: prints the instructions callgrind counted over the server's whole
# life; CONNECTION is close (one per request) or keepalive (one for all).
measure() {
    local side=$1 requests=$2 connection=$3 socket=$work/socket name=$1-$2 get=get
    if [ "$connection" = keepalive ]; then
        name=$1-keepalive-$2
        get="get-keepalive"
    fi
    local out=$work/$name.callgrind log=$work/$name.log
    rm -f "$socket"
    local port=0 target=$socket
    if [ "$TRANSPORT" = tcp ]; then port=$TCP_PORT target=tcp:$TCP_PORT; fi
    local command=("$work/bare-mhd" "$socket" "$port" 2) ready="ready"
    if [ "$side" = ours ]; then
        rm -rf "$work/state" "$work/save"
        command=("$XEND" --config /dev/null --backend simulated --unix-path "$socket" --tcp-port "$port"
            --state-dir "$work/state" --save-dir "$work/save" --threads 2)
        # shellcheck disable=SC2206  # XEND_ARGS is split into words on purpose
        command+=(${XEND_ARGS:-})
        ready="xend ready"
    fi
    : > "$log"  # exists before the wait below reads it
    valgrind --tool=callgrind --callgrind-out-file="$out" "${command[@]}" > "$log" 2>&1 &
    server=$!
    # Ready when it says so, or (a log level above info says nothing) when it answers; one request more in
    # both runs of a side does not change the difference.
    local url=http://localhost/xend/node/ via=(--unix-socket "$socket")
    [ "$TRANSPORT" = tcp ] && url=http://127.0.0.1:$TCP_PORT/xend/node/ via=()
    for _ in $(seq 600); do
        if [ -n "${XEND_ARGS:-}" ] && [ "$side" = ours ]; then
            curl -s -o /dev/null "${via[@]}" "$url" && break
        else
            grep -q "$ready" "$log" && [ -S "$socket" ] && break
        fi
        sleep 0.1
    done
    kill -0 "$server" 2> /dev/null || { echo "$side did not start under valgrind:" >&2; cat "$log" >&2; exit 1; }
    if [ "$requests" -gt 0 ]; then "$work/http-load" "$get" "$target" /xend/node/ "$requests" > /dev/null; fi
    kill -TERM "$server"
    wait "$server" || true
    server=
    [ -n "${XEND_CALLGRIND_KEEP:-}" ] && mkdir -p "$XEND_CALLGRIND_KEEP" && cp "$out" "$XEND_CALLGRIND_KEEP/"
    awk '/^(summary|totals):/ { print $2; exit }' "$out"
}

# report CONNECTION TITLE: both servers' instructions per request and their ratio.
report() {
    local connection=$1 title=$2
    echo "instructions per GET /xend/node/ ($title), N=$COUNT; xend: ${XEND_NAME}"
    declare -A per_request
    for side in bare ours; do
        once=$(measure "$side" "$COUNT" "$connection")
        twice=$(measure "$side" $((2 * COUNT)) "$connection")
        per_request[$side]=$(( (twice - once) / COUNT ))
        printf '%-5s with N requests %12d   with 2N %12d   per request %8d\n' "$side" "$once" "$twice" \
            "${per_request[$side]}"
    done
    awk -v o="${per_request[ours]}" -v b="${per_request[bare]}" \
        'BEGIN { printf "ours / bare: %.2fx the instructions of bare libmicrohttpd per request\n", o / b }'
}

XEND_NAME=${1:-release build}
socket_name="Unix-socket"
if [ "$TRANSPORT" = tcp ]; then socket_name="TCP"; fi
if [ "$MODE" != keepalive ]; then report close "new $socket_name connection each"; fi
if [ "$MODE" != close ]; then report keepalive "all on one kept-alive $socket_name connection"; fi
