#!/usr/bin/env bash
# Writes Sources/xend/function-order.txt: the functions of the release daemon that run when it starts and
# serves everyday requests, hottest first, for lld to place together (Package.swift, daemonReleaseLink).
# The code a request runs then sits in fewer pages: less resident code (the kernel maps 64 KB around every
# page touched) and fewer instruction-cache and TLB misses (docs/performance.md, "Functions placed
# together").
#
# The workload runs under `valgrind --tool=callgrind` on a static release build: start-up; GET /xend/node/
# kept alive and with a connection per request, on the Unix socket and TCP; the domain listings; a guest
# defined, started, paused, unpaused, destroyed and deleted; GET /metrics. Every function of the binary
# that ran is listed, those that ran the most instructions themselves first.
#
# A stale list does no harm beyond a worse layout: lld skips names the binary no longer has
# (--no-warn-symbol-ordering), and scripts/check-release-link.sh fails when fewer than 85 % of the names
# are found, so that this is run again (make function-order).
#
# Usage: scripts/function-order.sh [XEND_BINARY]   (default: builds the static release daemon in .build-static)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ge 1 ]; then
    XEND=$1
else
    build=(scripts/release-build.sh --scratch-path .build-static)
    "${build[@]}" --product xend >&2
    XEND=$("${build[@]}" --show-bin-path)/xend
fi
# shellcheck source=Benchmarks/under-callgrind.sh
. Benchmarks/under-callgrind.sh
under_callgrind function-order "$XEND"
port=18561
valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/callgrind.out" "$xend" \
    --config /dev/null --backend simulated --unix-path "$work/socket" --tcp-port "$port" \
    --state-dir "$work/state" --save-dir "$work/save" --threads 2 > "$work/log" 2>&1 &
server=$!
for _ in $(seq 600); do
    [ -S "$work/socket" ] && curl -sf -o /dev/null --unix-socket "$work/socket" http://localhost/xend/node/ && break
    sleep 0.1
done
unix() { curl -sf -o /dev/null --unix-socket "$work/socket" "$@"; }
"$work/http-load" get-keepalive "$work/socket" /xend/node/ 300 > /dev/null
"$work/http-load" get "$work/socket" /xend/node/ 100 > /dev/null
"$work/http-load" run "tcp:$port" 2 2 keepalive > /dev/null
"$work/http-load" run "tcp:$port" 2 2 close > /dev/null
config="(vm (name ordered) (memory 64) (vcpus 1) (image (linux (kernel /boot/vmlinuz)))"
config+=" (device (vbd (uname phy:/dev/vg/ordered) (dev xvda) (mode w))) (device (vif (bridge xenbr0))))"
unix --data-urlencode "config=$config" -d op=new http://localhost/xend/domain/
unix -d op=start http://localhost/xend/domain/ordered
unix -d op=pause http://localhost/xend/domain/ordered
unix -d op=unpause http://localhost/xend/domain/ordered
for path in /xend/domain /xend/domain?detail=1 /xend/domain/ordered /xend/node/ /metrics; do
    "$work/http-load" get "$work/socket" "$path" 20 > /dev/null
done
unix -d op=destroy http://localhost/xend/domain/ordered
unix -d op=delete http://localhost/xend/domain/ordered
kill -TERM "$server"
wait "$server" || true
server=

out=Sources/xend/function-order.txt
/usr/bin/python3 - "$work/callgrind.out" "$xend" > "$work/function-order.txt" <<'PY'
import collections, re, sys

# Callgrind compresses names: "(N) name" defines N, "(N)" refers to it. The line after "calls=" is the
# callee's inclusive cost, not the caller's own, so it is skipped.
names = {"ob": {}, "fn": {}}
def named(kind, text):
    match = re.match(r"\((\d+)\)(?: (.*))?$", text)
    if not match:
        return text
    if match.group(2) is not None:
        names[kind][match.group(1)] = match.group(2)
    return names[kind][match.group(1)]

own_cost, current_object, current, after_call = collections.Counter(), None, None, False
with open(sys.argv[1]) as report:
    for line in report:
        line = line.rstrip("\n")
        key, _, value = line.partition("=")
        if key in ("ob", "cob"):
            name = named("ob", value)
            current_object = name if key == "ob" else current_object
        elif key in ("fn", "cfn"):
            name = named("fn", value)
            current = (current_object, name) if key == "fn" else current
        elif key == "calls":
            after_call = True
        elif line[:1].isdigit() or line[:1] in ("+", "-", "*"):
            if after_call:
                after_call = False
            elif current and current[0] == sys.argv[2]:
                fields = line.split()
                # Callgrind tells apart functions of one name (local symbols of different files) with
                # "'2", "'3"...; the linker knows them by the name alone.
                own_cost[re.sub(r"'\d+$", "", current[1])] += int(fields[1]) if len(fields) > 1 else 0
# Code without a symbol shows as its address, and valgrind's "(below main)" is no function: neither can be
# placed by name.
ran = sorted(
    (name for name, cost in own_cost.items() if cost > 0 and not name.startswith(("0x", "("))),
    # Hottest first, by powers of two and then by name, so that running this again moves few lines.
    key=lambda name: (-own_cost[name].bit_length(), name))
print("# Written by scripts/function-order.sh; lld reads a symbol per line (this line names none).")
print("\n".join(ran))
PY
# Whole or not at all: a failed run leaves the list as it was.
cp "$work/function-order.txt" "$out.new" && mv "$out.new" "$out"
echo "$out: $(($(wc -l < "$out") - 1)) functions" >&2
