#!/usr/bin/env bash
# xend_get_node calls per second through libxend vs a plain C client on a fresh connection per request,
# same run, same daemon (Benchmarks/C/libxend-bench.c). A benchmark, not a test: it prints figures.
# Usage: Benchmarks/libxend-bench.sh [BIN_DIR [SECONDS_PER_ROUND [ROUNDS]]]
#   BIN_DIR holds xend and libxendc.so (default: swift build -c release --show-bin-path; build both first:
#   swift build -c release --product xend --product xendc)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-$(swift build -c release --show-bin-path)}
SECONDS_PER_ROUND=${2:-3}
ROUNDS=${3:-5}
WORK=$(mktemp -d /tmp/libxend-bench.XXXXXX)
PID=
cleanup() {
    if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

./scripts/install-libxend.sh "$BIN" "$WORK/prefix" >/dev/null
export PKG_CONFIG_PATH=$WORK/prefix/lib/pkgconfig
# shellcheck disable=SC2046
gcc -O2 -Wall -Wextra -Werror -o "$WORK/bench" Benchmarks/C/libxend-bench.c $(pkg-config --cflags --libs libxend)

SOCKET=$WORK/xend-socket
# shellcheck disable=SC2094 # xend only writes the file: its log and its stderr go to one file
"$BIN/xend" --config /dev/null --backend simulated --unix-path "$SOCKET" --tcp-port 0 --state-dir "$WORK/state" \
    --save-dir "$WORK/save" --daemon-log "$WORK/stderr" 2>"$WORK/stderr" &
PID=$!
for _ in $(seq 200); do
    grep -q "xend ready" "$WORK/stderr" 2>/dev/null && break
    sleep 0.05
done
echo "libxend from $BIN; $(nproc) CPUs (shared with whatever else runs)"
"$WORK/bench" "$SOCKET" "$SECONDS_PER_ROUND" "$ROUNDS"
