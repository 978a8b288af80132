#!/usr/bin/env bash
# The daemon benchmark (docs/performance.md): xend (engine + router + simulated host) answering
# GET /xend/node/ next to a bare libmicrohttpd C server sending the same kind of bytes, in the same run,
# through Benchmarks/bench-http.sh (same knobs: DURATION, ROUNDS, WORKERS, THREADS, LOG_LEVEL, LOG_TO, RESULTS,
# ORIGINAL_CMD); then the daemon against the original xend with wrk (Benchmarks/bench-original.sh). Then
# the time to list 1,000 domains with full detail over the Unix socket.
set -euo pipefail
cd "$(dirname "$0")/.."

# The binary the package ships (make deb): release, Swift runtime linked statically, in its own scratch
# path so the everyday release build is left alone.
echo "building xend (release, static Swift runtime, .build-static) ..." >&2
build=(scripts/release-build.sh --scratch-path .build-static)
"${build[@]}" --product xend >&2
bin=$("${build[@]}" --show-bin-path)
work=$(mktemp -d /tmp/bench-daemon.XXXXXX)
xend_pid=
trap '[[ -n $xend_pid ]] && kill $xend_pid 2>/dev/null; rm -rf "$work"' EXIT

export THREADS=${THREADS:-$((2 * $(nproc)))}
export LOG_LEVEL=${LOG_LEVEL:-info}
export RESULTS=${RESULTS:-/dev/null}
export SERVER_CMD="$bin/xend --config /dev/null --backend simulated --unix-path {unix} --tcp-port {port} \
--state-dir $work/state --save-dir $work/save --threads $THREADS --log-level $LOG_LEVEL"
./Benchmarks/bench-http.sh

# Against the original xend, with the wrk command its figures were taken with.
echo
if command -v wrk > /dev/null; then
    RESULTS=$RESULTS ./Benchmarks/bench-original.sh "$bin/xend"
else
    echo "against the original xend: not measured, wrk is not installed (apt-get install wrk)"
fi

# Listing: 1,000 guests (3 of 4 running, each with a disk and a NIC), then GET /xend/domain?detail=1.
DOMAINS=${DOMAINS:-1000}
echo "listing: creating $DOMAINS domains ..." >&2
cc -O2 -o "$work/http-load" Benchmarks/C/http-load.c
socket=$work/list.sock
"$bin/xend" --config /dev/null --backend simulated --unix-path "$socket" --no-tcp --state-dir "$work/list-state" \
    --save-dir "$work/list-save" --log-level warning 2>/dev/null &
xend_pid=$!
for _ in $(seq 200); do curl -s -o /dev/null --unix-socket "$socket" http://localhost/xend/node/ && break; sleep 0.05; done
for index in $(seq 0 $((DOMAINS - 1))); do
    config="(vm (name guest$index) (memory 8) (vcpus 2) (image (linux (kernel /boot/vmlinuz) (args 'ro quiet')))"
    config+=" (device (vbd (uname phy:/dev/vg/guest$index) (dev xvda) (mode w))) (device (vif (bridge xenbr0))))"
    curl -sf -o /dev/null --unix-socket "$socket" --data-urlencode "config=$config" -d op=create \
        http://localhost/xend/domain/ || { echo "create guest$index failed" >&2; exit 1; }
    if ((index % 4 != 0)); then
        curl -sf -o /dev/null --unix-socket "$socket" -d op=unpause "http://localhost/xend/domain/guest$index"
    fi
done
read -r median bytes < <("$work/http-load" get "$socket" "/xend/domain?detail=1" 50)
read -r names_median names_bytes < <("$work/http-load" get "$socket" "/xend/domain" 50)
rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$xend_pid/status")
echo
echo "| listing $((DOMAINS + 1)) domains over the Unix socket, median of 50 | ms | bytes |"
echo "|---|---|---|"
echo "| GET /xend/domain?detail=1 (every record) | $median | $bytes |"
echo "| GET /xend/domain (names) | $names_median | $names_bytes |"
echo "| daemon RSS with $((DOMAINS + 1)) domains (MB) | $(awk -v k="$rss" 'BEGIN { printf "%.2f", k / 1024 }') | |"
printf 'listing\tdetail\t%s\t%s\t%s\nlisting\tnames\t%s\t%s\t%s\nrss_domains\tours\t%s\t%s\n' \
    "$((DOMAINS + 1))" "$median" "$bytes" "$((DOMAINS + 1))" "$names_median" "$names_bytes" "$((DOMAINS + 1))" "$rss" \
    >>"$RESULTS"

# The listing against the number of domains, direct and generic printer (same RESULTS file).
if kill "$xend_pid" 2>/dev/null; then wait "$xend_pid" 2>/dev/null || true; fi
xend_pid=
echo
XEND=$bin/xend ./Benchmarks/bench-listing.sh
