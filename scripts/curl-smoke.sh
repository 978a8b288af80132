#!/usr/bin/env bash
# Starts the built xend on the simulated host with temporary sockets and drives it with curl, over the
# Unix socket and over TCP, exactly as docs/daemon.md and the README show. Exits non-zero on the first
# answer that differs. Usage: scripts/curl-smoke.sh [path/to/xend]   (default: the debug build)
set -euo pipefail

XEND=${1:-$(swift build --show-bin-path)/xend}
command -v curl >/dev/null || { echo "curl-smoke: curl is not installed" >&2; exit 1; }
[[ -x $XEND ]] || { echo "curl-smoke: $XEND is not built (run swift build)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/xend-curl-smoke.XXXXXX)
SOCKET=$WORK/run/xend-socket
PID=
cleanup() {
    if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# A stand-in for systemd's notification socket: records the first datagram xend sends.
NOTIFY=
if command -v python3 >/dev/null; then
    NOTIFY=$WORK/notify
    python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); s.settimeout(30)
open(sys.argv[2], "wb").write(s.recv(4096))' "$NOTIFY" "$WORK/notified" &
    for _ in $(seq 100); do [[ -S $NOTIFY ]] && break; sleep 0.05; done
fi

NOTIFY_SOCKET=$NOTIFY "$XEND" --config /dev/null --backend simulated --unix-path "$SOCKET" --tcp-port 0 \
    --state-dir "$WORK/state" --save-dir "$WORK/save" --daemon-log "$WORK/xend.log" 2>"$WORK/stderr" &
PID=$!
for _ in $(seq 100); do
    grep -q "xend ready" "$WORK/stderr" 2>/dev/null && break
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/stderr" >&2; echo "curl-smoke: xend exited" >&2; exit 1; }
    sleep 0.05
done
PORT=$(sed -n 's/.*listening on tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/stderr" | head -n1)
[[ -n $PORT ]] || { cat "$WORK/stderr" >&2; echo "curl-smoke: no TCP port in the log" >&2; exit 1; }

FAILURES=0
SXP=(-H 'Accept: application/sxp')
unix() { curl -sS --unix-socket "$SOCKET" "${SXP[@]}" "$@"; }
tcp() { curl -sS "${SXP[@]}" "$@"; }
expect() { # expect <description> <expected> <actual>
    if [[ $2 == "$3" ]]; then
        echo "ok   $1"
    else
        echo "FAIL $1"; echo "     expected: $2"; echo "     actual:   $3"; FAILURES=$((FAILURES + 1))
    fi
}
contains() { # contains <description> <needle> <haystack>
    if [[ $3 == *"$2"* ]]; then echo "ok   $1"; else echo "FAIL $1: no '$2' in: $3"; FAILURES=$((FAILURES + 1)); fi
}

if [[ -n $NOTIFY ]]; then
    for _ in $(seq 100); do [[ -s $WORK/notified ]] && break; sleep 0.05; done
    contains "READY=1 sent to \$NOTIFY_SOCKET" "READY=1" "$(cat "$WORK/notified" 2>/dev/null)"
fi
expect "GET /xend/ (Unix)" "(ls  node domain vnet)''" "$(unix http://localhost/xend/)"
contains "GET /xend/node/log answers the --daemon-log file" "notice xend: xend ready" "$(unix http://localhost/xend/node/log)"
contains "GET /xend/node (Unix)" "(xend_config_format 4)" "$(unix http://localhost/xend/node)"
contains "GET /xend/node (TCP)" "(xend_config_format 4)" "$(tcp "http://127.0.0.1:$PORT/xend/node")"
expect "GET /xend/domain" "(Domain-0)" "$(unix http://localhost/xend/domain)"

CREATED=$(unix -D - -o "$WORK/body" -d op=create --data-urlencode \
    'config=(vm (name vm1) (memory 128) (vcpus 1) (image (linux (kernel /boot/vmlinuz) (args ro))))' \
    http://localhost/xend/domain/)
contains "op=create answers 201" "HTTP/1.1 201" "$CREATED"
contains "op=create Location (Unix: port 8080)" "Location: http://localhost:8080/xend/domain//vm1" "$CREATED"
contains "op=create leaves the domain paused" "(state --p---)" "$(cat "$WORK/body")"
expect "op=wait_for_devices (TCP)" "202" "$(tcp -o /dev/null -w '%{http_code}' -d op=wait_for_devices "http://127.0.0.1:$PORT/xend/domain/vm1")"
expect "op=unpause (TCP)" "200" "$(tcp -o /dev/null -w '%{http_code}' -d op=unpause "http://127.0.0.1:$PORT/xend/domain/vm1")"
expect "GET /xend/domain (TCP)" "(Domain-0 vm1)" "$(tcp "http://127.0.0.1:$PORT/xend/domain")"
expect "JSON list" '["Domain-0","vm1"]' "$(curl -sS -H 'Accept: application/json' "http://127.0.0.1:$PORT/xend/domain")"
contains "GET ?op=vcpuinfo" "(vcpu_count 1)" "$(unix 'http://localhost/xend/domain/vm1?op=vcpuinfo')"
expect "op=maxmem_set" "0" "$(unix -d op=maxmem_set -d memory=256 http://localhost/xend/domain/vm1)"
expect "op=pause" "" "$(unix -d op=pause http://localhost/xend/domain/vm1)"
expect "?state=paused" "(vm1)" "$(unix 'http://localhost/xend/domain?state=paused')"
expect "op=unpause (Unix)" "" "$(unix -d op=unpause http://localhost/xend/domain/vm1)"
expect "op=save inside --save-dir" "202" "$(unix -o /dev/null -w '%{http_code}' -d op=save -d "file=$WORK/save/vm1.chk" http://localhost/xend/domain/vm1)"
expect "saved domain is gone" "(Domain-0)" "$(unix http://localhost/xend/domain)"
expect "op=restore" "201" "$(unix -o /dev/null -w '%{http_code}' -d op=restore -d "file=$WORK/save/vm1.chk" http://localhost/xend/domain/)"
expect "op=save outside --save-dir is 403" "403" "$(unix -o /dev/null -w '%{http_code}' -d op=save -d file=/etc/vm1.chk http://localhost/xend/domain/vm1)"
expect "unknown domain" "<Fault 3: 'nosuch'>" "$(unix http://localhost/xend/domain/nosuch)"
expect "unknown op" "Operation not implemented: frobnicate''" "$(unix -d op=frobnicate http://localhost/xend/domain/vm1)"
expect "no op" "''" "$(unix -d foo=bar http://localhost/xend/domain/vm1)"
expect "bad integer" "(xend.err \"invalid literal for int() with base 10: 'lots'\")" \
    "$(unix -d op=mem_target_set -d target=lots http://localhost/xend/domain/vm1)"
contains "dmesg" "(vm1) created" "$(unix http://localhost/xend/node/dmesg)"
expect "op=shutdown" "202" "$(tcp -o /dev/null -w '%{http_code}' -d op=shutdown -d reason=poweroff "http://127.0.0.1:$PORT/xend/domain/vm1")"
expect "PUT is 501" "Request method not supported (PUT)" "$(unix -X PUT http://localhost/xend/domain/vm1)"

kill -TERM "$PID"
STATUS=0
wait "$PID" || STATUS=$?
PID=
expect "SIGTERM stops xend with status 0" "0" "$STATUS"
expect "the socket file is removed" "absent" "$([[ -e $SOCKET ]] && echo present || echo absent)"
contains "one log line per request (method path op status µs)" "POST /xend/domain/vm1 op=pause 200" "$(cat "$WORK/stderr")"

# Socket activation: the sockets are bound by a stand-in for systemd and passed as LISTEN_FDS 3 and 4;
# stderr stands in for the journal (JOURNAL_STREAM names it), so lines carry syslog priorities.
if command -v python3 >/dev/null; then
    ACTIVATED=$WORK/activated.sock
    python3 -c 'import os, socket, sys, time
unix = socket.socket(socket.AF_UNIX); unix.bind(sys.argv[1]); unix.listen(16)
tcp = socket.socket(); tcp.bind(("127.0.0.1", 0)); tcp.listen(16)
open(sys.argv[2], "w").write(str(tcp.getsockname()[1]))
pid = os.fork()
if pid == 0:
    u, t = os.dup(unix.fileno()), os.dup(tcp.fileno())
    os.dup2(u, 3); os.dup2(t, 4); os.set_inheritable(3, True); os.set_inheritable(4, True)
    err = os.fstat(2)
    env = dict(os.environ, LISTEN_FDS="2", LISTEN_PID=str(os.getpid()),
               JOURNAL_STREAM="%d:%d" % (err.st_dev, err.st_ino))
    os.execve(sys.argv[3], sys.argv[3:], env)
open(sys.argv[2] + ".pid", "w").write(str(pid))
os.waitpid(pid, 0)' "$ACTIVATED" "$WORK/activated.port" "$XEND" --config /dev/null --backend simulated \
        --state-dir "$WORK/state3" --save-dir "$WORK/save" 2>"$WORK/activated.stderr" &
    for _ in $(seq 100); do grep -q "xend ready" "$WORK/activated.stderr" 2>/dev/null && break; sleep 0.05; done
    contains "LISTEN_FDS: both passed sockets adopted" "passed by systemd" "$(cat "$WORK/activated.stderr")"
    expect "LISTEN_FDS: Unix socket answers" "(Domain-0)" "$(curl -sS --unix-socket "$ACTIVATED" "${SXP[@]}" http://localhost/xend/domain)"
    expect "LISTEN_FDS: TCP socket answers" "(Domain-0)" "$(tcp "http://127.0.0.1:$(cat "$WORK/activated.port")/xend/domain")"
    contains "JOURNAL_STREAM: lines carry their syslog priority" "<5>notice xend: xend ready" "$(cat "$WORK/activated.stderr")"
    contains "JOURNAL_STREAM: GET /xend/node/log answers the lines in memory" "notice xend: xend ready" \
        "$(curl -sS --unix-socket "$ACTIVATED" http://localhost/xend/node/log)"
    kill -TERM "$(cat "$WORK/activated.port.pid")"
    wait %% 2>/dev/null || true
fi

# Access control flags: a token for TCP (the Unix socket is guarded by its mode), and hosts-allow.
echo "s3cret" >"$WORK/token"
GUARDED=$WORK/guarded.sock
"$XEND" --config /dev/null --backend simulated --unix-path "$GUARDED" --tcp-port 0 --token-file "$WORK/token" \
    --state-dir "$WORK/state4" --save-dir "$WORK/save" 2>"$WORK/guarded.stderr" &
GUARDED_PID=$!
for _ in $(seq 100); do grep -q "xend ready" "$WORK/guarded.stderr" 2>/dev/null && break; sleep 0.05; done
GUARDED_PORT=$(sed -n 's/.*listening on tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/guarded.stderr" | head -n1)
expect "--token-file: TCP without the token is 401" "401" \
    "$(tcp -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GUARDED_PORT/xend/node")"
expect "--token-file: TCP with the token answers" "(Domain-0)" \
    "$(tcp -H 'Authorization: Bearer s3cret' "http://127.0.0.1:$GUARDED_PORT/xend/domain")"
expect "--token-file: the Unix socket needs none" "(Domain-0)" \
    "$(curl -sS --unix-socket "$GUARDED" "${SXP[@]}" http://localhost/xend/domain)"
kill -TERM "$GUARDED_PID"; wait "$GUARDED_PID" || true
"$XEND" --config /dev/null --backend simulated --no-unix --tcp-port 0 --hosts-allow '^10\.' \
    --state-dir "$WORK/state5" --save-dir "$WORK/save" 2>"$WORK/allow.stderr" &
ALLOW_PID=$!
for _ in $(seq 100); do grep -q "xend ready" "$WORK/allow.stderr" 2>/dev/null && break; sleep 0.05; done
ALLOW_PORT=$(sed -n 's/.*listening on tcp:127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/allow.stderr" | head -n1)
expect "--hosts-allow: a peer that matches no pattern is 403" "403" \
    "$(tcp -o /dev/null -w '%{http_code}' "http://127.0.0.1:$ALLOW_PORT/xend/node")"
kill -TERM "$ALLOW_PID"; wait "$ALLOW_PID" || true

set +e
LIBXL=$("$XEND" --config /dev/null --backend libxl --no-tcp --unix-path "$WORK/other" \
    --state-dir "$WORK/state2" --save-dir "$WORK/save" 2>&1)
expect "--backend libxl without Xen fails to start (exit 1)" "1" "$?"
contains "--backend libxl says why" "cannot open a libxl context" "$LIBXL"
"$XEND" --tcp-port 70000 >/dev/null 2>&1
expect "an invalid flag exits 64" "64" "$?"
set -e

if (( FAILURES > 0 )); then echo "curl-smoke: $FAILURES failure(s)"; exit 1; fi
echo "curl-smoke: all passed"
