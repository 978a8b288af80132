#!/bin/sh
# xend's lifecycle policy, rediscovery and managed domains on real Xen: `xend --backend libxl` in dom0,
# driven over HTTP with busybox wget, with PV guests from the harness's kernel and initramfs.
#  1. on_reboot restart: op=shutdown reason=reboot gives a new domid, the same name and uuid, running.
#  2. kill -9 of the daemon, start again: the guest is listed with its stored config and a reboot is
#     still handled by policy.
#  3. on_poweroff destroy: op=shutdown (poweroff) and the domain is gone.
#  4. on_reboot rename-restart keeps the dead domain as Domain-<uuid>.
#  5. Managed domains: op=new, a daemon restart, op=start, op=destroy (still defined), op=delete.
#  6. Crashes (op=sysrq key=c): on_crash preserve leaves the domain crashed; coredump-restart writes a
#     core file and runs the guest again.
set -eu
PORT=8000
BASE=http://127.0.0.1:$PORT/xend
LOG=$XEN_HOST_OUT/xend-libxl-lifecycle.log
STATE=/tmp/xend-lifecycle-state
DUMPS=/var/xen/dump
CONSOLE_DIR=/var/log/xen/console
FAILURES=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; FAILURES=$((FAILURES + 1)); }
# `check NAME NEEDLE TEXT`: TEXT must contain NEEDLE; `refute NAME NEEDLE TEXT`: it must not.
check() { case "$3" in *"$2"*) pass "$1" ;; *) fail "$1: expected '$2' in: $3" ;; esac }
refute() { case "$3" in *"$2"*) fail "$1: did not expect '$2' in: $3" ;; *) pass "$1" ;; esac }
get() { wget -q -O - "$BASE$1" 2>&1 || echo "wget failed: GET $1"; }
post() { wget -q -O - --post-data "$2" "$BASE$1" 2>&1 || echo "wget failed: POST $1 $2"; }
encode() { printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/(/%28/g' -e 's/)/%29/g' -e 's|/|%2F|g' -e 's/=/%3D/g'; }
field() { printf '%s' "$2" | grep -o "($1 [^)]*)" | head -n1 | sed "s/^($1 //; s/)$//"; }
now() { cut -d' ' -f1 /proc/uptime; }

XEND_PID=
start_xend() {
    : > "$LOG.run"
    xend --config /dev/null --backend libxl --no-unix --tcp-port $PORT --state-dir "$STATE" \
        --save-dir /tmp/xend-save --minimum-restart-interval 0 > "$LOG.run" 2>&1 &
    XEND_PID=$!
    for _ in $(seq 100); do grep -q "xend ready" "$LOG.run" && break; sleep 0.2; done
    if ! grep -q "xend ready" "$LOG.run"; then cat "$LOG.run"; echo "FAIL xend did not start"; exit 1; fi
}
stop_xend_hard() { kill -9 "$XEND_PID" 2>/dev/null || true; wait "$XEND_PID" 2>/dev/null || true; cat "$LOG.run" >> "$LOG"; }
trap 'stop_xend_hard' EXIT

# `wait_ready NAME COUNT`: waits until the guest's console log holds COUNT boot markers (one per boot).
wait_ready() {
    for _ in $(seq 180); do
        count=$(grep -c XEN_HOST_GUEST_READY "$CONSOLE_DIR/guest-$1.log" 2>/dev/null) || true
        [ "${count:-0}" -ge "$2" ] && return 0
        sleep 1
    done
    return 1
}
# `wait_new_domid NAME OLD`: waits (up to 2 minutes) until NAME runs under a domid other than OLD and is not
# paused; prints it, or "none".
wait_new_domid() {
    deadline=$(($(cut -d. -f1 /proc/uptime) + 120))
    while [ "$(cut -d. -f1 /proc/uptime)" -lt "$deadline" ]; do
        record=$(get "/domain/$1")
        id=$(field domid "$record")
        state=$(field state "$record")
        if [ -n "$id" ] && [ "$id" != "$2" ] && [ "${state#??p}" = "$state" ]; then echo "$id"; return 0; fi
        sleep 0.5
    done
    echo "none"
}
# `diagnose NAME`: what the guest and Xen said, after a step failed.
diagnose() {
    echo "  --- xl list"; xl list 2>&1 | sed 's/^/  /'
    echo "  --- last lines of the console of $1"; tail -n 15 "$CONSOLE_DIR/guest-$1.log" 2>&1 | sed 's/^/  /'
    echo "  --- xl dmesg (tail)"; xl dmesg 2>&1 | tail -n 8 | sed 's/^/  /'
}
# `wait_gone NAME`: waits until xl no longer lists NAME.
wait_gone() {
    for _ in $(seq 120); do
        xl list 2>/dev/null | grep -qw "$1" || return 0
        sleep 0.5
    done
    return 1
}
create_running() {   # create_running NAME LIFECYCLE-KEYS: creates, unpauses, waits for the boot marker
    config="(vm (name $1) (memory 128) (vcpus 1) $2 (image (linux (kernel $XEN_HOST_GUEST_KERNEL) (ramdisk $XEN_HOST_GUEST_RAMDISK) (args console=hvc0))))"
    check "op=create $1" "(name $1)" "$(post /domain/ "op=create&config=$(encode "$config")")"
    post "/domain/$1" op=unpause > /dev/null
    if wait_ready "$1" 1; then pass "$1 boots"; else fail "$1 boots"; fi
}

ifconfig lo 127.0.0.1 up
rm -rf "$STATE" "$DUMPS" "$CONSOLE_DIR"/guest-lc-*.log
: > "$LOG"
start_xend

echo "--- 1. on_reboot restart"
create_running lc-guest "(on_poweroff destroy) (on_reboot restart) (on_crash coredump-restart)"
RECORD=$(get /domain/lc-guest)
UUID=$(field uuid "$RECORD")
ID1=$(field domid "$RECORD")
begin=$(now)
post /domain/lc-guest 'op=shutdown&reason=reboot' > /dev/null
ID2=$(wait_new_domid lc-guest "$ID1")
echo "  restarted in $(awk -v a="$begin" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s: domid $ID1 -> $ID2"
if [ "$ID2" != none ]; then pass "reboot: restarted under a new domid ($ID1 -> $ID2)"; else fail "reboot: restarted under a new domid"; fi
RECORD=$(get /domain/lc-guest)
check "reboot: same uuid" "(uuid $UUID)" "$RECORD"
check "reboot: the restarted domain keeps the stored config" "(on_crash coredump-restart)" "$RECORD"
check "xl lists the restarted domain" "lc-guest" "$(xl list)"
if wait_ready lc-guest 2; then pass "reboot: the guest boots again"; else fail "reboot: the guest boots again"; fi
check "the event stream had the shutdown" "event shutdown(reboot) lc-guest" "$(cat "$LOG.run")"

echo "--- 2. kill -9 of the daemon, then a reboot"
stop_xend_hard
start_xend
check "the restarted daemon finds the guest again" "found domain lc-guest (id $ID2) again" "$(cat "$LOG.run")"
RECORD=$(get /domain/lc-guest)
check "after the daemon restart the record has the stored kernel" "(kernel $XEN_HOST_GUEST_KERNEL)" "$RECORD"
check "after the daemon restart the record has the lifecycle keys" "(on_reboot restart)" "$RECORD"
check "after the daemon restart the domid is the same" "(domid $ID2)" "$RECORD"
post /domain/lc-guest 'op=shutdown&reason=reboot' > /dev/null
ID3=$(wait_new_domid lc-guest "$ID2")
if [ "$ID3" != none ]; then pass "reboot after the daemon restart: new domid ($ID2 -> $ID3)"
else fail "reboot after the daemon restart: new domid"; fi
check "reboot after the daemon restart: same uuid" "(uuid $UUID)" "$(get /domain/lc-guest)"
if wait_ready lc-guest 3; then pass "the guest boots again"; else fail "the guest boots again"; fi

echo "--- 3. on_poweroff destroy"
post /domain/lc-guest 'op=shutdown&reason=poweroff' > /dev/null
if wait_gone lc-guest; then pass "poweroff: the domain is gone"; else fail "poweroff: the domain is gone: $(xl list)"; fi
check "poweroff: xend no longer knows it" "wget failed" "$(get /domain/lc-guest)"
check "the event stream had the destruction" "event destroyed lc-guest" "$(cat "$LOG.run")"

echo "--- 4. on_reboot rename-restart"
create_running lc-keep "(on_reboot rename-restart) (on_crash preserve)"
RECORD=$(get /domain/lc-keep)
KEEP_UUID=$(field uuid "$RECORD")
KEEP1=$(field domid "$RECORD")
post /domain/lc-keep 'op=shutdown&reason=reboot' > /dev/null
KEEP2=$(wait_new_domid lc-keep "$KEEP1")
if [ "$KEEP2" != none ]; then pass "rename-restart: new domid ($KEEP1 -> $KEEP2)"; else fail "rename-restart: new domid"; fi
check "rename-restart: same uuid" "(uuid $KEEP_UUID)" "$(get /domain/lc-keep)"
KEPT=$(get "/domain/$KEEP1")
check "rename-restart: the old domain stays as Domain-<uuid>" "(name Domain-" "$KEPT"
refute "rename-restart: the old domain has a new uuid" "(uuid $KEEP_UUID)" "$KEPT"
check "rename-restart: the old domain is shut down" "s" "$(field state "$KEPT" | cut -c4)"
if wait_ready lc-keep 2; then pass "rename-restart: the guest boots again"; else fail "rename-restart: the guest boots again"; fi
post "/domain/$KEEP1" op=destroy > /dev/null
echo "--- 5. managed domains"
MANAGED="(vm (name lc-managed) (memory 128) (vcpus 1) (image (linux (kernel $XEN_HOST_GUEST_KERNEL) (ramdisk $XEN_HOST_GUEST_RAMDISK) (args console=hvc0))))"
post /domain/ "op=new&config=$(encode "$MANAGED")" > /dev/null
RECORD=$(get /domain/lc-managed)
check "op=new defines the domain" "(name lc-managed)" "$RECORD"
refute "a defined domain has no domid" "(domid" "$RECORD"
check "a defined domain is halted" "lc-managed" "$(get '/domain?state=halted')"
refute "op=new does not start it" "lc-managed" "$(xl list)"
check "the config is in the state directory" "lc-managed" "$(cat "$STATE"/domains/*.sxp 2>&1)"
stop_xend_hard
start_xend
check "the defined domain survives a daemon restart" "(name lc-managed)" "$(get /domain/lc-managed)"
STARTED=$(post /domain/lc-managed op=start)
RECORD=$(get /domain/lc-managed)
check "op=start runs it" "(domid" "$RECORD"
check "xl lists the started domain" "lc-managed" "$(xl list)"
check "the started domain is not paused" "-" "$(field state "$RECORD" | cut -c3)"
check "GET /domain?state=running lists the started domain" "lc-managed" "$(get '/domain?state=running')"
post /domain/lc-managed op=destroy > /dev/null
if wait_gone lc-managed; then pass "op=destroy stops it"; else fail "op=destroy stops it"; fi
RECORD=$(get /domain/lc-managed)
check "after op=destroy it is still defined" "(name lc-managed)" "$RECORD"
refute "after op=destroy it has no domid" "(domid" "$RECORD"
post /domain/lc-managed op=delete > /dev/null
check "op=delete forgets it" "wget failed" "$(get /domain/lc-managed)"
refute "op=delete removes its file" "lc-managed" "$(cat "$STATE"/domains/*.sxp 2>/dev/null)"
: "$STARTED"

echo "--- 6. crashes (SysRq c): on_crash preserve, coredump-restart"
post /domain/lc-keep 'op=sysrq&key=99' > /dev/null
for _ in $(seq 120); do
    [ "$(field state "$(get /domain/lc-keep)" | cut -c5)" = c ] && break
    sleep 0.5
done
RECORD=$(get /domain/lc-keep)
check "preserve: the crashed domain stays, crashed" "c" "$(field state "$RECORD" | cut -c5)"
[ "$(field state "$RECORD" | cut -c5)" = c ] || diagnose lc-keep
check "preserve: same domid" "(domid $KEEP2)" "$RECORD"
post /domain/lc-keep op=destroy > /dev/null
if wait_gone lc-keep; then pass "op=destroy removes the preserved domain"; else fail "op=destroy removes the preserved domain"; fi

create_running lc-crash "(on_crash coredump-restart)"
UUID=$(field uuid "$(get /domain/lc-crash)")
ID2=$(field domid "$(get /domain/lc-crash)")
begin=$(now)
post /domain/lc-crash 'op=sysrq&key=99' > /dev/null
CRASHED=$(wait_new_domid lc-crash "$ID2")
echo "  crash handled in $(awk -v a="$begin" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s: domid $ID2 -> $CRASHED"
if [ "$CRASHED" != none ]; then pass "crash: restarted under a new domid ($ID2 -> $CRASHED)"; else fail "crash: restarted under a new domid"; fi
check "crash: same uuid" "(uuid $UUID)" "$(get /domain/lc-crash)"
# The dump's name holds "lc-crash.<domid>.core"; a glob rather than ls | grep.
CORE=
for f in "$DUMPS"/*lc-crash."$ID2".core*; do
    if [ -e "$f" ]; then CORE=${f##*/}; break; fi
done
if [ -n "$CORE" ] && [ -s "$DUMPS/$CORE" ]; then
    pass "crash: core file $CORE ($(du -k "$DUMPS/$CORE" | cut -f1) KiB)"
else
    fail "crash: core file in $DUMPS: $(ls -l "$DUMPS" 2>&1)"
fi
rm -rf "$DUMPS"
check "the event stream had the crash" "event shutdown(crash) lc-crash" "$(cat "$LOG.run")"
if [ "$CRASHED" = none ]; then
    diagnose lc-crash
elif wait_ready lc-crash 2; then
    pass "crash: the guest boots again"
else
    fail "crash: the guest boots again"
fi
post /domain/lc-crash op=destroy > /dev/null

stop_xend_hard
trap - EXIT
for log in "$CONSOLE_DIR"/guest-lc-*.log; do cp "$log" "$XEN_HOST_OUT/" 2>/dev/null || true; done
echo "daemon-libxl-lifecycle: $FAILURES failure(s)"
[ "$FAILURES" -eq 0 ]
