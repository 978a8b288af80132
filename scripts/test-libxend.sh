#!/usr/bin/env bash
# The C tests of libxend (docs/libxend.md): installs it into a temporary prefix, builds the C programs in
# Tests/libxend through pkg-config with -Wall -Wextra -Werror, and runs them against the real daemon on
# the simulated host, over the Unix socket and TCP, under valgrind memcheck, and with the daemon stopped.
# Usage: scripts/test-libxend.sh [BIN_DIR]   (default: the debug build; it must hold xend and libxendc.so)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-$(swift build --show-bin-path)}
for tool in gcc pkg-config valgrind readelf curl; do
    command -v $tool >/dev/null || { echo "test-libxend: $tool is not installed (make deps)" >&2; exit 1; }
done
[[ -x $BIN/xend ]] || { echo "test-libxend: $BIN/xend is not built" >&2; exit 1; }

WORK=$(mktemp -d /tmp/libxend-test.XXXXXX)
PID=
cleanup() {
    if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
FAILURES=0
step() { echo "== $*"; }
fail() { echo "FAIL $*"; FAILURES=$((FAILURES + 1)); }

step "install into $WORK/prefix"
./scripts/install-libxend.sh "$BIN" "$WORK/prefix" >/dev/null
export PKG_CONFIG_PATH=$WORK/prefix/lib/pkgconfig
if [[ $(readelf -d "$WORK/prefix/lib/libxend.so.1" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p') == libxend.so.1 ]]; then
    echo "ok   soname libxend.so.1"
else fail "soname"; fi
if [[ $(readlink "$WORK/prefix/lib/libxend.so") == libxend.so.1 ]]; then echo "ok   libxend.so -> libxend.so.1"
else fail "libxend.so link"; fi
exported=$(nm -D --defined-only "$WORK/prefix/lib/libxend.so.1" | awk '$2 == "T" {print $3}' | sort | tr '\n' ' ')
if [[ $(wc -w <<<"$exported") -eq 29 && $exported == *xend_get_node* && $exported != *swift* ]]; then
    echo "ok   exactly the 29 xend_* functions are exported"
else fail "exports: $exported"; fi

step "build the C programs through pkg-config"
# shellcheck disable=SC2046
gcc -std=gnu11 -Wall -Wextra -Werror -pthread -o "$WORK/contract" Tests/libxend/contract.c \
    $(pkg-config --cflags --libs libxend)
# shellcheck disable=SC2046
gcc -std=gnu89 -Wall -Wextra -Werror -o "$WORK/classic" Tests/libxend/classic.c $(pkg-config --cflags --libs libxend)
echo "ok   contract.c and the classic (gnu89) program build with -Wall -Wextra -Werror"

step "start xend on the simulated host"
SOCKET=$WORK/run/xend-socket
mkdir -p "$WORK/save"
# shellcheck disable=SC2094 # xend only writes the file: its log and its stderr go to one file
"$BIN/xend" --config /dev/null --backend simulated --unix-path "$SOCKET" --tcp-port 0 \
    --state-dir "$WORK/state" --save-dir "$WORK/save" --daemon-log "$WORK/stderr" 2>"$WORK/stderr" &
PID=$!
for _ in $(seq 200); do
    grep -q "xend ready" "$WORK/stderr" 2>/dev/null && break
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/stderr" >&2; echo "test-libxend: xend exited" >&2; exit 1; }
    sleep 0.05
done
PORT=$(sed -n 's/.*listening on tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/stderr" | head -n1)
[[ -n $PORT ]] || { cat "$WORK/stderr" >&2; echo "test-libxend: no TCP port in the log" >&2; exit 1; }

step "contract over the Unix socket"
env -u LD_LIBRARY_PATH "$WORK/contract" live "unix:$SOCKET" "$WORK/save" unix || fail "contract over the Unix socket"
step "contract over TCP"
env -u LD_LIBRARY_PATH "$WORK/contract" live "tcp:$PORT" "$WORK/save" tcp || fail "contract over TCP"
step "the classic program"
env -u LD_LIBRARY_PATH "$WORK/classic" "$SOCKET" || fail "the classic program"
# What the daemon stored for the classic program's domain, read on the wire rather than through the library.
record=$(curl -s --unix-socket "$SOCKET" -H 'Accept: application/sxp' http://localhost/xend/domain/classic-guest)
for expected in '(on_crash preserve)' '(on_reboot restart)' '(on_poweroff destroy)' "(mode 'w!')"; do
    if [[ $record == *"$expected"* ]]; then echo "ok   the daemon holds $expected for classic-guest"
    else fail "classic-guest lacks $expected: $record"; fi
done
step "contract under valgrind memcheck"
if valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
    --suppressions=Tests/libxend/swift-runtime.supp \
    --log-file="$WORK/valgrind.log" "$WORK/contract" live "unix:$SOCKET" "$WORK/save" vg >"$WORK/valgrind.out"; then
    echo "ok   valgrind: 0 errors, nothing definitely or indirectly lost"
else { grep -v '^ok' "$WORK/valgrind.out" || true; grep -B2 -A30 -E 'definitely lost in|indirectly lost in|^==[0-9]+== [A-Z][a-z]+ .*(read|write|jump|uninitialised)' \
        "$WORK/valgrind.log" | head -200 || true; fail "valgrind"; }
fi

step "the daemon absent"
kill -TERM "$PID"; wait "$PID" || true; PID=
"$WORK/contract" absent "$SOCKET" "$PORT" || fail "the daemon absent"

if ((FAILURES > 0)); then echo "test-libxend: $FAILURES failed"; exit 1; fi
echo "test-libxend: all passed"
