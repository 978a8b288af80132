#!/usr/bin/env bash
# Issue 4's benchmark against the real daemon: xend (engine + router + simulated host) answering
# GET /xend/node/ next to a bare libmicrohttpd C server sending the same kind of bytes, in the same
# run, through scripts/bench-http.sh. Same knobs (DURATION, ROUNDS, CONNECTIONS, WORKERS, THREADS,
# LOG_LEVEL: info logs one line per request, as the daemon does by default).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "building xend (release) ..." >&2
swift build -c release --product xend >&2
bin=$(swift build -c release --show-bin-path)
work=$(mktemp -d /tmp/bench-daemon.XXXXXX)
trap 'rm -rf "$work"' EXIT

export THREADS=${THREADS:-$((2 * $(nproc)))}
export LOG_LEVEL=${LOG_LEVEL:-info}
export SERVER_CMD="$bin/xend --config /dev/null --backend simulated --unix-path {unix} --tcp-port {port} \
--state-dir $work/state --save-dir $work/save --threads $THREADS --log-level $LOG_LEVEL"
./scripts/bench-http.sh
