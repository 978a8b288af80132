#!/bin/sh
# xend on real Xen: `xend --backend libxl` in dom0, driven over HTTP with busybox wget. It creates a PV
# guest from the harness's kernel and initramfs, checks that it is left paused, unpauses it, waits for the
# guest's boot marker, pauses, unpauses and destroys it, checking the records and xl's view after each step.
set -eu
PORT=8000
BASE=http://127.0.0.1:$PORT/xend
LOG=$XEN_HOST_OUT/xend-libxl.log
FAILURES=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; FAILURES=$((FAILURES + 1)); }
# `check NAME NEEDLE TEXT`: TEXT must contain NEEDLE.
check() { case "$3" in *"$2"*) pass "$1" ;; *) fail "$1: expected '$2' in: $3" ;; esac }
get() { wget -q -O - "$BASE$1" 2>&1 || echo "wget failed: GET $1"; }
post() { wget -q -O - --post-data "$2" "$BASE$1" 2>&1 || echo "wget failed: POST $1 $2"; }
# Form-encodes the characters a (vm ...) config uses.
encode() { printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/(/%28/g' -e 's/)/%29/g' -e 's|/|%2F|g' -e 's/=/%3D/g'; }

ifconfig lo 127.0.0.1 up
xend --config /dev/null --backend libxl --no-unix --tcp-port $PORT --state-dir /tmp/xend-state \
    --save-dir /tmp/xend-save > "$LOG" 2>&1 &
XEND_PID=$!
trap 'kill $XEND_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "xend ready" "$LOG" && break; sleep 0.2; done
grep -q "xend ready" "$LOG" || { cat "$LOG"; echo "FAIL xend did not start"; exit 1; }
check "xend says it uses libxl" "using libxl" "$(cat "$LOG")"

NODE=$(get /node)
check "GET /xend/node has Xen's version" "(xen_major 4)" "$NODE"
check "GET /xend/node has the memory" "(total_memory" "$NODE"
check "GET /xend/domain lists dom0" "Domain-0" "$(get /domain)"

CONFIG="(vm (name xend-guest) (memory 128) (vcpus 1) (image (linux (kernel $XEN_HOST_GUEST_KERNEL) (ramdisk $XEN_HOST_GUEST_RAMDISK) (args console=hvc0))))"
CREATED=$(post /domain/ "op=create&config=$(encode "$CONFIG")")
check "op=create answers with the record" "(name xend-guest)" "$CREATED"
state_of() { printf '%s' "$1" | grep -o '(state [^)]*)' | head -n1; }
check "op=create leaves the domain paused" "p" "$(state_of "$CREATED" | cut -c10)"
check "xl sees the guest" "xend-guest" "$(xl list)"
check "the stored config shows the kernel" "(kernel $XEN_HOST_GUEST_KERNEL)" "$(get /domain/xend-guest)"

post /domain/xend-guest op=unpause > /dev/null
CONSOLE=/var/log/xen/console/guest-xend-guest.log
for _ in $(seq 150); do grep -q XEN_HOST_GUEST_READY "$CONSOLE" 2>/dev/null && break; sleep 1; done
if grep -q XEN_HOST_GUEST_READY "$CONSOLE" 2>/dev/null; then pass "guest boots after op=unpause"; else fail "guest boots after op=unpause"; fi

post /domain/xend-guest op=pause > /dev/null
check "op=pause: state shows p" "p" "$(state_of "$(get /domain/xend-guest)" | cut -c10)"
post /domain/xend-guest op=unpause > /dev/null
check "op=unpause: no p in the state" "-" "$(state_of "$(get /domain/xend-guest)" | cut -c10)"
check "op=vcpuinfo lists vcpu 0" "(number 0)" "$(get '/domain/xend-guest?op=vcpuinfo')"
# port=0 is xend-relocation-port (8002), where nothing listens here (daemon-libxl-ops.sh migrates for real
# and checks the body's text). A failed deferred op answers xend's status line for a failed op
# (docs/compatibility.md); busybox wget shows only that line for a non-2xx answer.
MIGRATE=$(post /domain/xend-guest 'op=migrate&destination=127.0.0.1&live=1&port=0&node=-1&ssl=0&change_home_server=0')
case "$MIGRATE" in
    *"HTTP/1.1 500 Request failed: migrate"*) pass "op=migrate with no relocation server there: xend's failed-op status" ;;
    *) fail "op=migrate with no relocation server there: xend's failed-op status: $MIGRATE" ;;
esac
check "after the failed migration the guest still runs" "-" "$(state_of "$(get /domain/xend-guest)" | cut -c10)"
post /domain/xend-guest op=destroy > /dev/null
sleep 1
case "$(xl list)" in *xend-guest*) fail "op=destroy removes the guest" ;; *) pass "op=destroy removes the guest" ;; esac

cp "$CONSOLE" "$XEN_HOST_OUT/" 2>/dev/null || true
echo "daemon-libxl: $FAILURES failure(s)"
[ "$FAILURES" -eq 0 ]
