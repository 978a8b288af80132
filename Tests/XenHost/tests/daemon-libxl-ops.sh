#!/bin/bash
# xend's operations on live domains, on real Xen: `xend --backend libxl` in dom0, driven over HTTP against a
# PV guest built from the harness's kernel and initramfs. It reads and clears Xen's console ring, reads the
# daemon's log, hot-plugs and unplugs a disk and a vif (checking xl's view each time), saves the guest and
# restores it (a foreign file is refused first), migrates it to this host's relocation server (in clear, then
# over TLS after a daemon restart with --relocation-tls-server and --relocation-tls), dumps its
# core, resets it, and shuts guests down with reasons suspend and crash. Requests go through bash's
# /dev/tcp, so error bodies ((xend.err ...)) are seen.
set -euo pipefail
PORT=8001
RELOCATION_PORT=8002
LOG=$XEN_HOST_OUT/xend-libxl-ops.log
SAVE_DIR=/tmp/xend-ops-save
NAME=ops-guest
CONSOLE=/var/log/xen/console/guest-$NAME.log
FAILURES=0
PASSES=0
pass() { echo "PASS $1"; PASSES=$((PASSES + 1)); }
fail() { echo "FAIL $1"; FAILURES=$((FAILURES + 1)); }
# check, refute, succeeds, flag, noflag, the HTTP helpers (http, get, post, encode, state_of, domid_of) and
# bridge_up.
# shellcheck source=Tests/XenHost/tests/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
# Lines of FILE containing TEXT (0 when FILE does not exist yet).
count() { if [ -f "$2" ]; then awk -v text="$1" 'index($0, text) { n++ } END { print n + 0 }' "$2"; else echo 0; fi; }
# `wait_for_count TEXT FILE ABOVE SECONDS`: waits until FILE has more than ABOVE lines with TEXT.
wait_for_count() {
    for _ in $(seq "$4"); do [ "$(count "$1" "$2")" -gt "$3" ] && return 0; sleep 1; done
    return 1
}
# The state column of `xl list NAME`.
xl_state() { xl list "$1" 2> /dev/null | awk 'NR == 2 { print $5 }'; }

ifconfig lo 127.0.0.1 up
bridge_up xenbr0
mkdir -p "$SAVE_DIR"
# stderr goes to the file --daemon-log names, so GET /xend/node/log serves the daemon's own log.
# shellcheck disable=SC2094 # xend only writes LOG; it reads it later, when asked for GET /xend/node/log
xend --config /dev/null --backend libxl --no-unix --tcp-port $PORT --state-dir /tmp/xend-ops-state \
    --save-dir "$SAVE_DIR" --daemon-log "$LOG" --relocation-server --relocation-port $RELOCATION_PORT > "$LOG" 2>&1 &
XEND_PID=$!
trap 'kill $XEND_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "xend ready" "$LOG" && break; sleep 0.2; done
grep -q "xend ready" "$LOG" || { cat "$LOG"; echo "FAIL xend did not start"; exit 1; }

echo "--- node: dmesg and log"
DMESG=$(get /node/dmesg)
check "GET /xend/node/dmesg has Xen's boot messages" "Xen version" "$DMESG"
check "GET /xend/node/dmesg agrees with xl dmesg" "$(xl dmesg | grep -m1 'Xen version')" "$DMESG"
succeeds "POST /xend/node/dmesg op=clear" "$(post /node/dmesg op=clear)"
refute "after op=clear, GET /xend/node/dmesg no longer has the boot messages" "Xen version" "$(get /node/dmesg)"
refute "after op=clear, xl dmesg agrees" "Xen version" "$(xl dmesg)"
check "GET /xend/node/log is the daemon's log" "xend ready" "$(get /node/log)"

echo "--- create and boot $NAME"
CONFIG="(vm (name $NAME) (memory 128) (vcpus 1) (image (linux (kernel $XEN_HOST_GUEST_KERNEL) (ramdisk $XEN_HOST_GUEST_RAMDISK) (args console=hvc0))))"
CREATED=$(post /domain/ "op=create&config=$(encode "$CONFIG")")
check "op=create answers with the record" "(name $NAME)" "$CREATED"
ID=$(domid_of "$CREATED")
succeeds "op=wait_for_devices on the new domain" "$(post /domain/$NAME op=wait_for_devices)"
post /domain/$NAME op=unpause > /dev/null
if wait_for_count XEN_HOST_GUEST_READY "$CONSOLE" 0 150; then pass "guest boots"; else fail "guest boots"; fi

echo "--- block device attach/detach"
DISK=/tmp/ops-disk.img
dd if=/dev/zero of=$DISK bs=1M count=8 2> /dev/null
VBD="(vbd (uname file:$DISK) (dev xvdb) (mode w))"
check "op=device_create vbd answers with its devid" "(vbd (dom $ID id 51728))" \
    "$(post /domain/$NAME "op=device_create&config=$(encode "$VBD")")"
check "xl block-list shows the new disk" "51728" "$(xl block-list $NAME)"
check "the record shows the new disk" "(uname file:$DISK)" "$(get /domain/$NAME)"
succeeds "op=wait_for_devices: the disk's back-end is connected" "$(post /domain/$NAME op=wait_for_devices)"
for _ in $(seq 30); do
    case "$(post /domain/$NAME 'op=devices&type=vbd')" in *"(state 4)"*) break ;; esac
    sleep 1
done
DEVICES=$(post /domain/$NAME 'op=devices&type=vbd')
check "op=devices type=vbd lists the disk" "((51728 (" "$DEVICES"
check "op=devices type=vbd: the guest's front-end connected" "(state 4)" "$DEVICES"
check "op=devices type=vbd: the front-end names its back-end" "(backend /local/domain/0/backend/vbd/$ID/51728)" "$DEVICES"
check "op=devices type=vif: none yet" "()" "$(post /domain/$NAME 'op=devices&type=vif' | tail -n1)"
check "a second vbd on xvdb is refused" "Device xvdb (51728, vbd) is already connected." \
    "$(post /domain/$NAME "op=device_create&config=$(encode "$VBD")")"
check "op=device_configure on a disk that is not a cdrom is refused" "Device xvdb is not a CD-ROM" \
    "$(post /domain/$NAME "op=device_configure&dev=xvdb&config=$(encode "(vbd (uname file:$DISK) (dev xvdb:cdrom))")")"
succeeds "op=device_destroy dev=xvdb force=0 (the guest lets go)" \
    "$(post /domain/$NAME 'op=device_destroy&type=vbd&dev=xvdb&force=0&rm_cfg=1')"
refute "xl block-list no longer shows the disk" "51728" "$(xl block-list $NAME)"
refute "the record no longer shows the disk" "$DISK" "$(get /domain/$NAME)"
check "op=device_destroy of a missing device names it" "Device xvdq is not defined" \
    "$(post /domain/$NAME 'op=device_destroy&type=vbd&dev=xvdq&force=0&rm_cfg=1')"

CD=/tmp/ops-cd.img
dd if=/dev/zero of=$CD bs=1M count=1 2> /dev/null
CDROM="(vbd (uname file:$CD) (dev xvdc:cdrom) (mode r))"
check "op=device_create of a cdrom" "(vbd (dom $ID id 51744))" \
    "$(post /domain/$NAME "op=device_create&config=$(encode "$CDROM")")"
check "xl block-list shows the cdrom" "51744" "$(xl block-list $NAME)"
check "op=device_configure of a PV guest's cdrom: media changes need HVM" "needs an HVM guest" \
    "$(post /domain/$NAME "op=device_configure&dev=xvdc&config=$(encode "(vbd (uname file:$DISK) (dev xvdc:cdrom))")")"
succeeds "op=device_destroy dev=51744 force=1" "$(post /domain/$NAME 'op=device_destroy&type=vbd&dev=51744&force=1&rm_cfg=1')"
refute "xl block-list no longer shows the cdrom" "51744" "$(xl block-list $NAME)"

echo "--- network device attach/detach"
MAC=00:16:3e:0a:0b:0c
VIF="(vif (bridge xenbr0) (mac $MAC))"
check "op=device_create vif answers with its devid" "(vif (dom $ID id 0))" \
    "$(post /domain/$NAME "op=device_create&config=$(encode "$VIF")")"
check "xl network-list shows the vif" "$MAC" "$(xl network-list $NAME)"
check "the vif's back-end is on the bridge" "vif$ID.0" "$(ls /sys/class/net/xenbr0/brif/)"
VIFS=$(post /domain/$NAME 'op=devices&type=vif')
check "op=devices type=vif lists devid 0" "((0 (" "$VIFS"
check "op=devices type=vif shows its MAC" "(mac $MAC)" "$VIFS"
check "the record shows the vif" "(mac $MAC)" "$(get /domain/$NAME)"
succeeds "op=device_destroy type=vif force=1" "$(post /domain/$NAME 'op=device_destroy&type=vif&dev=0&force=1&rm_cfg=1')"
refute "xl network-list no longer shows the vif" "$MAC" "$(xl network-list $NAME)"
refute "the record no longer shows the vif" "$MAC" "$(get /domain/$NAME)"

echo "--- save and restore"
printf 'XSIMSAVE\000\000\000\001 not ours' > "$SAVE_DIR/foreign.save"
DOMAINS=$(xl list | wc -l)
FOREIGN=$(post /domain/ "op=restore&file=$SAVE_DIR/foreign.save")
check "op=restore of a file that is not ours is refused" "not a valid guest state file: found 'XSIMSAVE'" "$FOREIGN"
check "op=restore of a foreign file creates nothing" "$DOMAINS" "$(xl list | wc -l)"
check "op=restore of a missing file: xend's text" "can't read guest state file $SAVE_DIR/none.save: No such file or directory" \
    "$(post /domain/ "op=restore&file=$SAVE_DIR/none.save")"
succeeds "op=save" "$(post /domain/$NAME "op=save&file=$SAVE_DIR/ops.save")"
if [ -s "$SAVE_DIR/ops.save" ]; then pass "the save file exists ($(wc -c < "$SAVE_DIR/ops.save") bytes)"; else fail "the save file exists"; fi
check "the save file starts with our header" "XENDLXSV" "$(head -c 8 "$SAVE_DIR/ops.save")"
refute "op=save removes the domain" "$NAME" "$(xl list)"
refute "op=save leaves no temporary file" ".tmp-" "$(ls "$SAVE_DIR")"
ALIVE=$(count XEN_HOST_GUEST_ALIVE "$CONSOLE")
RESTORED=$(post /domain/ "op=restore&file=$SAVE_DIR/ops.save")
check "op=restore answers 201 with the record" "HTTP/1.1 201" "$RESTORED"
check "the restored record has the xend config" "(kernel $XEN_HOST_GUEST_KERNEL)" "$RESTORED"
NEW_ID=$(domid_of "$RESTORED")
if [ "$NEW_ID" != none ] && [ "$NEW_ID" != "$ID" ]; then pass "restored under a new domain id ($ID -> $NEW_ID)"; else fail "restored under a new domain id ($ID -> $NEW_ID)"; fi
noflag "the restored guest is not paused" p 2 "$(get /domain/$NAME)"
check "xl sees the restored guest" "$NAME" "$(xl list)"
if wait_for_count XEN_HOST_GUEST_ALIVE "$CONSOLE" "$ALIVE" 60; then pass "the restored guest runs on (new heartbeat)"; else fail "the restored guest runs on (new heartbeat)"; fi
check "the restored guest did not boot again" "1" "$(count XEN_HOST_GUEST_READY "$CONSOLE")"
check "a second restore of the same file: the name is taken" "VM name 'ops-guest' already exists" \
    "$(post /domain/ "op=restore&file=$SAVE_DIR/ops.save")"
rm -f "$SAVE_DIR/ops.save"

echo "--- migrate (to this host's relocation server, as xl migrate localhost does)"
UUID=$([[ $(get /domain/$NAME) =~ \(uuid\ ([-0-9a-f]+)\) ]] && echo "${BASH_REMATCH[1]}")
MIGRATE='op=migrate&node=-1&ssl=0&change_home_server=0&resource=0&destination=127.0.0.1'
check "op=migrate to a port nothing listens on: xend's text" "can't connect: Connection refused" \
    "$(post /domain/$NAME "$MIGRATE&live=0&port=1")"
check "after a refused migration the guest runs on under its id" "(domid $NEW_ID)" "$(get /domain/$NAME)"
noflag "after a refused migration the guest is not paused" p 2 "$(get /domain/$NAME)"
# A live migration needs Xen's log-dirty mode, which this Xen cannot give a PV guest (EOPNOTSUPP): libxl's
# error comes back, and the guest runs on here.
ALIVE=$(count XEN_HOST_GUEST_ALIVE "$CONSOLE")
check "op=migrate live=1: libxl's failure is reported" "Migration failed: libxl_domain_suspend failed" \
    "$(post /domain/$NAME "$MIGRATE&live=1&port=$RELOCATION_PORT")"
check "after a failed live migration the guest runs on under its id" "(domid $NEW_ID)" "$(get /domain/$NAME)"
noflag "after a failed live migration the guest is not paused" p 2 "$(get /domain/$NAME)"
if wait_for_count XEN_HOST_GUEST_ALIVE "$CONSOLE" "$ALIVE" 60; then pass "after a failed live migration the guest runs on (heartbeat)"; else fail "after a failed live migration the guest runs on (heartbeat)"; fi
check "a failed migration leaves no incoming domain behind" "0" "$(xl list | grep -c -- '--incoming' || true)"
# The incoming domain is built as NAME--incoming, so xenconsoled logs its console under that name.
CONSOLE_IN=/var/log/xen/console/guest-$NAME--incoming.log
ALIVE=$(count XEN_HOST_GUEST_ALIVE "$CONSOLE")
begin=$(cut -d' ' -f1 /proc/uptime)
succeeds "op=migrate live=0 to 127.0.0.1:$RELOCATION_PORT" "$(post /domain/$NAME "$MIGRATE&live=0&port=$RELOCATION_PORT")"
echo "  migration took $(awk -v s="$begin" -v e="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", e - s }') s"
MIGRATED=$(get /domain/$NAME)
MIGRATED_ID=$(domid_of "$MIGRATED")
if [ "$MIGRATED_ID" != none ] && [ "$MIGRATED_ID" != "$NEW_ID" ]; then pass "the migrated guest has a new domain id ($NEW_ID -> $MIGRATED_ID)"; else fail "the migrated guest has a new domain id ($NEW_ID -> $MIGRATED_ID)"; fi
check "the migrated guest keeps its uuid" "(uuid $UUID)" "$MIGRATED"
check "the migrated record has the xend config" "(kernel $XEN_HOST_GUEST_KERNEL)" "$MIGRATED"
noflag "the migrated guest is not paused" p 2 "$MIGRATED"
check "xl lists the guest once, under its own name" "1" "$(xl list | awk -v n="$NAME" '$1 == n' | wc -l)"
refute "no --incoming or --migratedaway domain is left" "--" "$(xl list | awk 'NR > 1 { print $1 }')"
if wait_for_count XEN_HOST_GUEST_ALIVE "$CONSOLE_IN" 0 60 || wait_for_count XEN_HOST_GUEST_ALIVE "$CONSOLE" "$ALIVE" 1; then
    pass "the migrated guest runs on (heartbeat after the migration)"
else
    fail "the migrated guest runs on (heartbeat after the migration)"
fi
check "the migrated guest did not boot again" "0" "$(count XEN_HOST_GUEST_READY "$CONSOLE_IN")"
check "the daemon's log has the received domain" "received domain $NAME from 127.0.0.1" "$(cat "$LOG")"
NEW_ID=$MIGRATED_ID

echo "--- migrate over TLS (libxl's stream through the relay of Sources/RelocationTLS/)"
# Certificates from scripts/make-test-pki.sh, made on the build host by build-binaries.sh.
PKI=$(dirname "$XEN_HOST_OUT")/pki
if [ -f "$PKI/server.pem" ]; then
    kill -TERM $XEND_PID
    wait $XEND_PID || true
    LOG=$XEN_HOST_OUT/xend-libxl-ops-tls.log
    # shellcheck disable=SC2094 # as above
    xend --config /dev/null --backend libxl --no-unix --tcp-port $PORT --state-dir /tmp/xend-ops-state \
        --save-dir "$SAVE_DIR" --daemon-log "$LOG" --relocation-server --relocation-port $RELOCATION_PORT \
        --relocation-tls-server --relocation-tls-cert "$PKI/server.pem" --relocation-tls-key "$PKI/server.key" \
        --relocation-tls --relocation-tls-ca "$PKI/ca.pem" > "$LOG" 2>&1 &
    XEND_PID=$!
    for _ in $(seq 100); do grep -q "xend ready" "$LOG" && break; sleep 0.2; done
    grep -q "xend ready" "$LOG" || { cat "$LOG"; echo "FAIL xend did not start with TLS"; exit 1; }
    check "the relocation server speaks TLS" "relocation (TLS) 127.0.0.1:$RELOCATION_PORT" "$(cat "$LOG")"
    check "the restarted daemon finds the guest under its id" "(domid $NEW_ID)" "$(get /domain/$NAME)"
    exec 3<> "/dev/tcp/127.0.0.1/$RELOCATION_PORT"
    printf 'receive\n' >&3
    REFUSAL=$(head -n 1 <&3 || true)
    exec 3<&-
    check "a sender in clear is refused in words" "error this relocation server only accepts TLS" "$REFUSAL"
    ALIVE=$(count XEN_HOST_GUEST_ALIVE "$CONSOLE")
    ALIVE_IN=$(count XEN_HOST_GUEST_ALIVE "$CONSOLE_IN")
    READY_IN=$(count XEN_HOST_GUEST_READY "$CONSOLE_IN")
    begin=$(cut -d' ' -f1 /proc/uptime)
    succeeds "op=migrate live=0 over TLS to 127.0.0.1:$RELOCATION_PORT" \
        "$(post /domain/$NAME "$MIGRATE&live=0&port=$RELOCATION_PORT")"
    echo "  migration over TLS took $(awk -v s="$begin" -v e="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", e - s }') s"
    MIGRATED=$(get /domain/$NAME)
    MIGRATED_ID=$(domid_of "$MIGRATED")
    if [ "$MIGRATED_ID" != none ] && [ "$MIGRATED_ID" != "$NEW_ID" ]; then pass "over TLS the guest has a new domain id ($NEW_ID -> $MIGRATED_ID)"; else fail "over TLS the guest has a new domain id ($NEW_ID -> $MIGRATED_ID)"; fi
    check "over TLS the guest keeps its uuid" "(uuid $UUID)" "$MIGRATED"
    noflag "over TLS the migrated guest is not paused" p 2 "$MIGRATED"
    check "over TLS xl lists the guest once, under its own name" "1" "$(xl list | awk -v n="$NAME" '$1 == n' | wc -l)"
    refute "over TLS no --incoming or --migratedaway domain is left" "--" "$(xl list | awk 'NR > 1 { print $1 }')"
    if wait_for_count XEN_HOST_GUEST_ALIVE "$CONSOLE_IN" "$ALIVE_IN" 60 || wait_for_count XEN_HOST_GUEST_ALIVE "$CONSOLE" "$ALIVE" 1; then
        pass "the guest migrated over TLS runs on (heartbeat)"
    else
        fail "the guest migrated over TLS runs on (heartbeat)"
    fi
    check "the guest migrated over TLS did not boot again" "$READY_IN" "$(count XEN_HOST_GUEST_READY "$CONSOLE_IN")"
    check "the daemon's log has the domain received over TLS" "received domain $NAME from 127.0.0.1" "$(cat "$LOG")"
    NEW_ID=$MIGRATED_ID
else
    echo "SKIP migrate over TLS: no certificates in $PKI (build-binaries.sh makes them when the host has openssl)"
fi

echo "--- dump core"
succeeds "op=dump live=0" "$(post /domain/$NAME "op=dump&file=$SAVE_DIR/ops.core&live=0&crash=0&reset=0")"
if [ -s "$SAVE_DIR/ops.core" ]; then pass "the core file is not empty ($(wc -c < "$SAVE_DIR/ops.core") bytes)"; else fail "the core file is not empty"; fi
check "the core file is an ELF file" "ELF" "$(head -c 4 "$SAVE_DIR/ops.core")"
noflag "after op=dump the guest is not paused" p 2 "$(get /domain/$NAME)"
rm -f "$SAVE_DIR/ops.core"

echo "--- reset"
READY=$(count XEN_HOST_GUEST_READY "$CONSOLE")
succeeds "op=reset" "$(post /domain/$NAME op=reset)"
RESET_ID=$(domid_of "$(get /domain/$NAME)")
if [ "$RESET_ID" != none ] && [ "$RESET_ID" != "$NEW_ID" ]; then pass "reset builds a new domain ($NEW_ID -> $RESET_ID)"; else fail "reset builds a new domain ($NEW_ID -> $RESET_ID)"; fi
if wait_for_count XEN_HOST_GUEST_READY "$CONSOLE" "$READY" 150; then pass "the reset guest boots again"; else fail "the reset guest boots again"; fi

echo "--- shutdown reasons"
succeeds "op=shutdown reason=suspend" "$(post /domain/$NAME 'op=shutdown&reason=suspend')"
flag "op=shutdown reason=suspend: state shows s" s 3 "$(get /domain/$NAME)"
check "op=shutdown reason=suspend: xl agrees" "s" "$(xl_state $NAME)"
post /domain/$NAME op=destroy > /dev/null
# Crashed from outside, so the guest need not run: it stays paused as op=create left it.
CRASH_CONFIG="(vm (name ops-crash) (memory 128) (vcpus 1) (on_crash preserve) (image (linux (kernel $XEN_HOST_GUEST_KERNEL) (ramdisk $XEN_HOST_GUEST_RAMDISK))))"
check "op=create ops-crash" "(name ops-crash)" "$(post /domain/ "op=create&config=$(encode "$CRASH_CONFIG")")"
succeeds "op=shutdown reason=crash" "$(post /domain/ops-crash 'op=shutdown&reason=crash')"
flag "op=shutdown reason=crash: state shows c" c 4 "$(get /domain/ops-crash)"
check "op=shutdown reason=crash: xl agrees" "c" "$(xl_state ops-crash)"
post /domain/ops-crash op=destroy > /dev/null
sleep 1
refute "no guest is left behind" "ops-" "$(xl list)"

cp "$CONSOLE" "$XEN_HOST_OUT/" 2> /dev/null || true
echo "daemon-libxl-ops: $PASSES passed, $FAILURES failed"
[ "$FAILURES" -eq 0 ]
