#!/usr/bin/env bash
# Listing time against the number of domains (docs/performance.md#listing-against-the-number-of-domains).
#
# Two release daemons on the simulated host, fed the same guests (3 of 4 running, each with a disk and a
# NIC, as Benchmarks/bench-daemon.sh creates them, but 4 MiB each so that 2,000 fit in the simulated host's
# 16 GiB): one prints records with the direct printer (the
# default), the other through the field tables' generic printer (XEND_LISTING_PRINTER=generic). At each
# count of domains in COUNTS (Domain-0 included), both answer GET /xend/domain?detail=1 and GET /xend/domain
# over the Unix socket, one connection per request, median of REPEAT (Benchmarks/C/http-load.c), and each
# daemon's VmRSS is read from /proc. It prints a table and appends tab-separated lines to RESULTS:
#   listing_vs_domains <direct|generic> <detail|names> <domains> <median ms> <bytes>
#   rss_vs_domains <direct|generic> <domains> <VmRSS kB>
# Knobs: COUNTS (default "1 10 100 500 1001 2000"), REPEAT (50), RESULTS (/dev/null), XEND (a built daemon
# to measure instead of building the release one).
set -euo pipefail
cd "$(dirname "$0")/.."

COUNTS=${COUNTS:-"1 10 100 500 1001 2000"}
REPEAT=${REPEAT:-50}
RESULTS=${RESULTS:-/dev/null}

if [[ -z ${XEND:-} ]]; then
    echo "building xend (release) ..." >&2
    swift build -c release --product xend >&2
    XEND=$(swift build -c release --show-bin-path)/xend
fi
work=$(mktemp -d /tmp/bench-listing.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
cc -O2 -o "$work/http-load" Benchmarks/C/http-load.c

printers=(direct generic)
for printer in "${printers[@]}"; do
    env_printer=
    [[ $printer == generic ]] && env_printer=generic
    XEND_LISTING_PRINTER=$env_printer "$XEND" --config /dev/null --backend simulated \
        --unix-path "$work/$printer.sock" --no-tcp --state-dir "$work/$printer-state" \
        --save-dir "$work/$printer-save" --log-level warning 2>/dev/null &
    pids+=($!)
    declare "pid_$printer=$!"
done
for printer in "${printers[@]}"; do
    for _ in $(seq 200); do
        curl -s -o /dev/null --unix-socket "$work/$printer.sock" http://localhost/xend/node/ && break
        sleep 0.05
    done
done

# Guest <index> on both daemons: the same config, uuid included, so the records differ only in times.
add_guest() {
    local index=$1 printer config uuid
    uuid=$(printf '00000000-0000-4000-8000-%012d' "$index")
    config="(vm (name guest$index) (uuid $uuid) (memory 4) (vcpus 2)"
    config+=" (image (linux (kernel /boot/vmlinuz) (args 'ro quiet')))"
    config+=" (device (vbd (uname phy:/dev/vg/guest$index) (dev xvda) (mode w))) (device (vif (bridge xenbr0))))"
    for printer in "${printers[@]}"; do
        curl -sf -o /dev/null --unix-socket "$work/$printer.sock" --data-urlencode "config=$config" -d op=create \
            http://localhost/xend/domain/ || { echo "create guest$index failed" >&2; exit 1; }
        if ((index % 4 != 0)); then
            curl -sf -o /dev/null --unix-socket "$work/$printer.sock" -d op=unpause \
                "http://localhost/xend/domain/guest$index"
        fi
    done
}

echo "| domains | printer | detail=1 (ms) | bytes | names (ms) | bytes | VmRSS (MB) |"
echo "|---|---|---|---|---|---|---|"
guests=0
for count in $COUNTS; do
    echo "listing: $count domains ..." >&2
    while ((guests < count - 1)); do
        add_guest "$guests"
        guests=$((guests + 1))
    done
    for printer in "${printers[@]}"; do
        socket=$work/$printer.sock
        pid_var=pid_$printer
        read -r detail detail_bytes < <("$work/http-load" get "$socket" "/xend/domain?detail=1" "$REPEAT")
        read -r names names_bytes < <("$work/http-load" get "$socket" "/xend/domain" "$REPEAT")
        rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/${!pid_var}/status")
        printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$count" "$printer" "$detail" "$detail_bytes" "$names" \
            "$names_bytes" "$(awk -v k="$rss" 'BEGIN { printf "%.2f", k / 1024 }')"
        printf 'listing_vs_domains\t%s\tdetail\t%s\t%s\t%s\nlisting_vs_domains\t%s\tnames\t%s\t%s\t%s\n' \
            "$printer" "$count" "$detail" "$detail_bytes" "$printer" "$count" "$names" "$names_bytes" >>"$RESULTS"
        printf 'rss_vs_domains\t%s\t%s\t%s\n' "$printer" "$count" "$rss" >>"$RESULTS"
    done
done
