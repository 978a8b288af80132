#!/usr/bin/env bash
# Migration time of a 512 MiB simulated guest between two daemons on loopback, in clear and over TLS,
# alternating in one run (docs/performance.md, "Migration"). Prints figures; asserts nothing.
# Usage: Benchmarks/bench-relocation.sh [path/to/xend] (default: the release build; ROUNDS=5, PORT=18102)
# The simulated host sends the guest's 512 MiB of memory for real (after its small save image) and the
# receiver checks every byte, so the difference is what TLS costs: handshake, relay and every byte.
# Pass the debug build's xend to measure it; its figures are not the release build's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
XEND=${1:-$(swift build --package-path "$here/.." -c release --show-bin-path)/xend}
ROUNDS=${ROUNDS:-5}
PORT=${PORT:-18102}
[[ -x $XEND ]] || { echo "bench-relocation: $XEND is not built" >&2; exit 1; }
WORK=$(mktemp -d /tmp/xend-bench-relocation.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do if kill -TERM "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi; done
    rm -rf "$WORK"
}
trap cleanup EXIT
"$here/../scripts/make-test-pki.sh" "$WORK/pki" >/dev/null
PKI=$WORK/pki

start() {
    local name=$1
    shift
    mkdir -p "$WORK/$name"
    "$XEND" --config /dev/null --backend simulated --no-tcp --unix-path "$WORK/$name/sock" \
        --state-dir "$WORK/$name/state" --save-dir "$WORK/$name/save" --log-level warning "$@" \
        2>"$WORK/$name/stderr" &
    PIDS+=($!)
    for _ in $(seq 200); do
        [[ -S $WORK/$name/sock ]] && curl -s -o /dev/null --unix-socket "$WORK/$name/sock" http://localhost/xend/node \
            && return 0
        sleep 0.05
    done
    echo "bench-relocation: $name did not start" >&2
    cat "$WORK/$name/stderr" >&2
    exit 1
}
post() {
    local name=$1 path=$2
    shift 2
    local args=()
    for field in "$@"; do args+=(--data-urlencode "$field"); done
    curl -s -o /dev/null -w '%{http_code}' --unix-socket "$WORK/$name/sock" "${args[@]}" "http://localhost/xend/$path"
}

start plain-receiver --relocation-server --relocation-port "$PORT"
start tls-receiver --relocation-server --relocation-port "$((PORT + 1))" --relocation-tls-server \
    --relocation-tls-cert "$PKI/server.pem" --relocation-tls-key "$PKI/server.key"
start plain-sender
start tls-sender --relocation-tls --relocation-tls-ca "$PKI/ca.pem"

# migrate SENDER PORT NAME: seconds for one op=migrate of a fresh running 512 MiB guest.
migrate() {
    local config="(vm (name $3) (memory 512) (vcpus 1) (image (linux (kernel /boot/vmlinuz))))" start end code
    [[ $(post "$1" domain/ op=create "config=$config") == 201 ]] || { echo "create $3 failed" >&2; exit 1; }
    [[ $(post "$1" "domain/$3" op=unpause) == 200 ]] || { echo "unpause $3 failed" >&2; exit 1; }
    start=$(date +%s.%N)
    code=$(post "$1" "domain/$3" op=migrate destination=127.0.0.1 "port=$2" live=0 node=-1 ssl=0 \
        change_home_server=False)
    end=$(date +%s.%N)
    [[ $code == 200 ]] || { echo "migration of $3 failed: $code" >&2; exit 1; }
    python3 -c "print('%.3f' % ($end - $start))"
}

plain=()
tls=()
for round in $(seq "$ROUNDS"); do
    plain+=("$(migrate plain-sender "$PORT" "plain$round")")
    tls+=("$(migrate tls-sender "$((PORT + 1))" "tls$round")")
done
summary() { python3 -c 'import statistics, sys
values = [float(v) for v in sys.argv[2:]]
print("%-6s median %.3f s  min %.3f  max %.3f  (%s)" % (sys.argv[1], statistics.median(values), min(values),
      max(values), " ".join(sys.argv[2:])))' "$@"; }
echo "512 MiB simulated guest, loopback, $ROUNDS rounds alternating, $XEND:"
summary clear "${plain[@]}"
summary TLS "${tls[@]}"
