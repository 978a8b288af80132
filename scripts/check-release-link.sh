#!/usr/bin/env bash
# Checks how a release daemon was linked (Package.swift, daemonReleaseLink): the functions that stand in
# for libmicrohttpd's own calls are in its dynamic symbol table, so the library binds to them, and they
# answer: a 404 carries the original xend's reason phrase ("Not found", where libmicrohttpd says "Not
# Found") and a request line without a space gets the engine's S-expression error. Also that the
# relative relocations are packed (DT_RELR), the table holds only a few hundred symbols, libstdc++ is
# linked in rather than loaded, and the order the everyday functions are placed in still names them.
# The other programs and libraries shipped (xendctl, libxend) are checked for libstdc++ alone.
# Usage: scripts/check-release-link.sh XEND_BINARY [OTHER_RELEASE_BINARY...]
#   (make test-xen runs it on the daemon, xendctl and libxend it built)
set -euo pipefail
XEND=${1:?usage: $0 XEND_BINARY [OTHER_RELEASE_BINARY...]}
shift
failures=0
check() { # check WHAT CONDITION-RESULT
    if [ "$2" = yes ]; then echo "ok: $1"; else echo "FAIL: $1" >&2; failures=$((failures + 1)); fi
}

symbols=$(readelf --dyn-syms -W "$XEND")
for name in MHD_get_reason_phrase_for MHD_get_reason_phrase_len_for recv send sendmsg shutdown; do
    exported=no
    awk -v name="$name" '$8 == name && $5 == "GLOBAL" && $7 != "UND" { found = 1 } END { exit !found }' \
        <<< "$symbols" && exported=yes
    check "$name is exported for libmicrohttpd to bind to" "$exported"
done
count=$(grep -c ': [0-9a-f]' <<< "$symbols" || true)
check "dynamic symbol table is small ($count entries, fewer than 2,000)" "$([ "$count" -lt 2000 ] && echo yes || echo no)"
# Read whole before grep -q looks: grep -q stops at the first match, and under pipefail the writer it
# leaves behind (SIGPIPE once its output passes a pipe's 4 KB) would turn a match into a failure.
sections=$(readelf -S -W "$XEND")
check "relative relocations are packed (.relr.dyn)" \
    "$(grep -q '\.relr\.dyn' <<< "$sections" && echo yes || echo no)"
# libstdc++ comes from the static archive (Sources/xend/static-libstdc++/libstdc++.so): a search path
# that lost the linker script would bring back the 1.3 MB shared library without any other sign.
for binary in "$XEND" "$@"; do
    needed=$(readelf -d -W "$binary")
    check "$(basename "$binary") does not load libstdc++.so.6 (linked in from libstdc++.a)" \
        "$(grep -q 'NEEDED.*libstdc++' <<< "$needed" && echo no || echo yes)"
done

# Sources/xend/function-order.txt, the order lld places the everyday functions in, still names them: a
# list gone stale leaves them scattered again (scripts/function-order.sh writes it anew).
order=$(dirname "$0")/../Sources/xend/function-order.txt
listed=$(grep -v '^#' "$order" | sort -u)
found=$(comm -12 <(nm --defined-only "$XEND" | awk '{ print $3 }' | sort -u) <(echo "$listed") | wc -l)
total=$(wc -l <<< "$listed")
check "function-order.txt names functions the binary has ($found of $total; at least 85 %, else make function-order)" \
    "$([ $((found * 100)) -ge $((total * 85)) ] && echo yes || echo no)"

work=$(mktemp -d /tmp/check-release-link.XXXXXX)
"$XEND" --config /dev/null --backend simulated --unix-path "$work/socket" --tcp-port 0 \
    --state-dir "$work/state" --save-dir "$work/save" 2> "$work/log" &
daemon=$!
trap 'kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 200); do
    [ -S "$work/socket" ] && curl -s -o /dev/null --unix-socket "$work/socket" http://localhost/xend/node/ && break
    sleep 0.05
done
status=$(curl -si --unix-socket "$work/socket" http://localhost/xend/domain/no-such-domain | head -n1 | tr -d '\r')
check "404 status line is xend's ($status)" "$([ "$status" = "HTTP/1.1 404 Not found" ] && echo yes || echo no)"
answer=$(printf 'GARBAGE\r\n\r\n' | python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(5); s.connect(sys.argv[1]); s.sendall(sys.stdin.buffer.read())
data = b""
while True:
    chunk = s.recv(4096)
    if not chunk: break
    data += chunk
sys.stdout.write(data.decode("latin-1"))' "$work/socket")
check "request line without a space gets the engine's error" \
    "$(grep -q "(xend.err 'Bad request syntax')" <<< "$answer" && echo yes || echo no)"

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed for $XEND" >&2; exit 1; }
echo "release link of $XEND: all checks passed"
