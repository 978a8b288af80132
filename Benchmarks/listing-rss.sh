#!/usr/bin/env bash
# Where the daemon's memory goes with many domains (docs/performance.md#the-direct-printer-2026-12-02): a
# release daemon on the simulated host, VmRSS when idle, after creating GUESTS guests (3 of 4 running, a
# disk and a NIC each, as Benchmarks/bench-daemon.sh creates them), after 50 detailed and after 50 name
# listings (S-expressions: no User-Agent, as xm and libvirt send); then RssAnon/RssFile. Extra arguments go to the daemon; environment variables such as
# XEND_LISTING_PRINTER=generic or MALLOC_MMAP_THRESHOLD_=131072 pass through.
# Usage: Benchmarks/listing-rss.sh <xend binary> [GUESTS (1000)] [daemon arguments...]
set -euo pipefail
bin=$1
guests=${2:-1000}
shift $(($# >= 2 ? 2 : 1))
work=$(mktemp -d /tmp/listing-rss.XXXXXX)
socket=$work/s.sock
"$bin" --config /dev/null --backend simulated --unix-path "$socket" --no-tcp --state-dir "$work/state" \
    --save-dir "$work/save" --log-level warning "$@" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 200); do curl -s -o /dev/null --unix-socket "$socket" http://localhost/xend/node/ && break; sleep 0.05; done
rss() { echo "$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status") kB VmRSS $1"; }
rss "idle"
for index in $(seq 0 $((guests - 1))); do
    config="(vm (name guest$index) (memory 8) (vcpus 2) (image (linux (kernel /boot/vmlinuz) (args 'ro quiet')))"
    config+=" (device (vbd (uname phy:/dev/vg/guest$index) (dev xvda) (mode w))) (device (vif (bridge xenbr0))))"
    curl -sf -o /dev/null --unix-socket "$socket" --data-urlencode "config=$config" -d op=create \
        http://localhost/xend/domain/
    if ((index % 4 != 0)); then
        curl -sf -o /dev/null --unix-socket "$socket" -d op=unpause "http://localhost/xend/domain/guest$index"
    fi
done
rss "after creating $guests guests"
for _ in $(seq 50); do curl -s -o /dev/null -H "User-Agent:" --unix-socket "$socket" "http://localhost/xend/domain?detail=1"; done
rss "after 50 detailed listings"
for _ in $(seq 50); do curl -s -o /dev/null -H "User-Agent:" --unix-socket "$socket" "http://localhost/xend/domain"; done
rss "after 50 name listings"
grep -E "RssAnon|RssFile" "/proc/$pid/status"
