#!/bin/bash
# `xend --backend libxl` with HVM guests on real Xen, driven over HTTP as legacy clients do, and checked
# against xl's view and the guest's own (Tests/XenHost/guest/init prints what it sees on its serial port).
#  1. op=create of an HVM guest from (image (hvm ...)) with direct kernel boot and an emulated CD-ROM: paused
#     as created, unpause, xl says hvm, the guest boots, pause/unpause, the record keeps (image (hvm ...)).
#  2. CD-ROM media change with op=device_configure (iso1 -> iso2, then eject): xl list -l and the guest agree.
#  3. PCI: the e1000 of the emulated host (00:10.0) hot-plugged into the HVM guest with op=device_create,
#     detached and attached again with op=device_configure (state Closing / Initialising), removed with
#     op=device_destroy; a PV guest created with (device (pci ...)); a function that is not assignable.
#  4. credit2: the weight through op=domain_sched_credit2_get/_set against xl sched-credit2.
#  5. USB: the emulated host's USB keyboard given to the HVM guest with op=usb_add and taken back with
#     op=usb_del, checked with xl usb-list and the guest's own view.
# At the end, op=destroy must leave no domain and no device model behind.
# Each step prints PASS/FAIL; the time of each section is printed at its end.
set -uo pipefail
PORT=8003
WORK=/tmp/daemon-hvm
LOG=$XEN_HOST_OUT/xend-libxl-hvm.log
HVM=hvm-d
PV=pv-d
SERIAL=$WORK/$HVM.serial
PV_CONSOLE=/var/log/xen/console/guest-$PV.log
# Seconds for an HVM guest's boot marker (hvm-pci.sh says why it can take minutes), and for the guest to
# report a change it looks for every 5 s.
BOOT_TIMEOUT=${HVM_PCI_BOOT_TIMEOUT:-900}
REPORT_TIMEOUT=60
FAILURES=0
PASSES=0
pass() { echo "PASS $1"; PASSES=$((PASSES + 1)); }
fail() { echo "FAIL $1"; FAILURES=$((FAILURES + 1)); return 1; }
# check, refute, equals, succeeds, flag, noflag and the HTTP helpers (http, get, post, body, encode, state_of,
# domid_of); find_usb_keyboard, find_e1000.
# shellcheck source=Tests/XenHost/tests/lib/common.sh
source "$(dirname "$0")/lib/common.sh"
now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }
indent() { sed 's/^/  | /'; }
SECTION_START=$(now)
section() { echo "== $1"; SECTION_START=$(now); }
section_end() { echo "== $1 took $(since "$SECTION_START") s"; }

xl_flags() { xl list "$1" 2> /dev/null | awk 'NR == 2 { print $5 }'; }
lines_of() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }
# `expect_line NAME FILE AFTER SECONDS PATTERN`: PASS when a line after line AFTER of FILE matches the extended
# regular expression PATTERN within SECONDS (with the time it took and the line).
expect_line() {
    local name=$1 file=$2 after=$3 seconds=$4 pattern=$5 start deadline
    start=$(now)
    deadline=$(($(cut -d. -f1 /proc/uptime) + seconds))
    while [ "$(cut -d. -f1 /proc/uptime)" -lt "$deadline" ]; do
        # Read whole first: grep -q quitting early would leave tail to die of SIGPIPE (pipefail).
        if grep -qE "$pattern" <<< "$(tail -n +"$((after + 1))" "$file" 2> /dev/null | tr -d '\r')"; then
            pass "$name ($(since "$start") s)"
            tail -n +"$((after + 1))" "$file" | tr -d '\r' | grep -E "$pattern" | tail -n 2 | indent
            return 0
        fi
        sleep 1
    done
    fail "$name: no line matching '$pattern' in $file within $seconds s"
    tail -n 12 "$file" 2>&1 | tr -d '\r' | indent
    return 1
}
# What Xen, the device model and the daemon said, after a failure.
diagnose() {
    echo "  --- xl dmesg (tail)"; xl dmesg 2>&1 | tail -n 10 | indent
    for file in /var/log/xen/qemu-dm-*.log; do
        [ -f "$file" ] && { echo "  --- $file (tail)"; tail -n 10 "$file" | indent; }
    done
    echo "  --- the daemon's log (tail)"; tail -n 15 "$LOG" | indent
}

cleanup() {
    local name
    for name in "$HVM" "$PV"; do xl destroy "$name" > /dev/null 2>&1; done
    [ -n "${BDF:-}" ] && xl pci-assignable-remove "$BDF" > /dev/null 2>&1
    [ -n "${XEND_PID:-}" ] && kill "$XEND_PID" 2> /dev/null && wait "$XEND_PID" 2> /dev/null
    cp "$SERIAL" "$PV_CONSOLE" /var/log/xen/qemu-dm-"$HVM".log "$XEN_HOST_OUT/" 2> /dev/null
    return 0
}
trap cleanup EXIT
rm -rf "$WORK"; mkdir -p "$WORK"
ifconfig lo 127.0.0.1 up
# The CD-ROM images: the first bytes of each carry a marker the guest prints; 1 MiB, a whole number of
# 2048-byte sectors.
for disc in ONE TWO; do
    dd if=/dev/zero of="$WORK/$disc.iso" bs=1M count=1 2> /dev/null
    printf 'XEN-HOST-CDROM-%s' "$disc" | dd of="$WORK/$disc.iso" conv=notrunc 2> /dev/null
done
# The e1000 that boot.sh gives the emulated host, to pass through (BDF stays empty without one).
find_e1000 || true

xend --config /dev/null --backend libxl --no-unix --tcp-port $PORT --state-dir /tmp/xend-hvm-state \
    > "$LOG" 2>&1 &
XEND_PID=$!
for _ in $(seq 100); do grep -q "xend ready" "$LOG" && break; sleep 0.2; done
grep -q "xend ready" "$LOG" || { cat "$LOG"; echo "FAIL xend did not start"; exit 1; }

section "1. HVM op=create"
# As legacy clients send it. tsc_mode 2 is libxl's native mode: under TCG an HVM guest otherwise resets
# itself (hvm-pci.sh); on_reboot destroy makes that visible.
CONFIG="(vm (name $HVM) (memory 256) (vcpus 1) (on_reboot destroy) (image (hvm (kernel $XEN_HOST_GUEST_KERNEL)"
CONFIG+=" (ramdisk $XEN_HOST_GUEST_RAMDISK) (args 'console=ttyS0') (serial file:$SERIAL) (vnc 0) (nographic 1)"
CONFIG+=" (tsc_mode 2) (usb 1) (device_model_version qemu-xen)))"
CONFIG+=" (device (vbd (uname file:$WORK/ONE.iso) (dev hdc:cdrom) (mode r))))"
start=$(now)
CREATED=$(post /domain/ "op=create&config=$(encode "$CONFIG")")
check "op=create of an HVM guest answers 201, as xend's ($(since "$start") s)" "HTTP/1.1 201" "$CREATED"
check "op=create answers with the record" "(name $HVM)" "$CREATED"
if ! xl list "$HVM" > /dev/null 2>&1; then
    fail "xl lists $HVM"
    diagnose
    echo "daemon-libxl-hvm: $PASSES passed, $FAILURES failed"
    exit 1
fi
ID=$(domid_of "$CREATED")
flag "the new domain is paused (state p), as xend's create leaves it" p 2 "$CREATED"
check "xl agrees: paused" "p" "$(xl_flags "$HVM")"
check "xl list -l says type hvm" '"type": "hvm"' "$(xl list -l "$HVM")"
succeeds "op=unpause" "$(post "/domain/$HVM" op=unpause)"
noflag "unpaused: the record's state has no p" p 2 "$(get "/domain/$HVM")"
refute "unpaused: xl agrees" "p" "$(xl_flags "$HVM")"
expect_line "the guest's kernel writes to its serial port" "$SERIAL" 0 "$BOOT_TIMEOUT" '^\[ *[0-9]+\.[0-9]+\] ' || diagnose
expect_line "the guest boots to its marker" "$SERIAL" 0 "$BOOT_TIMEOUT" 'XEN_HOST_GUEST_READY' || diagnose
succeeds "op=pause" "$(post "/domain/$HVM" op=pause)"
flag "paused: the record's state has p" p 2 "$(get "/domain/$HVM")"
check "paused: xl agrees" "p" "$(xl_flags "$HVM")"
succeeds "op=unpause again" "$(post "/domain/$HVM" op=unpause)"
refute "unpaused again: xl agrees" "p" "$(xl_flags "$HVM")"
expect_line "the unpaused guest prints its heartbeat again" "$SERIAL" "$(lines_of "$SERIAL")" 30 'XEN_HOST_GUEST_ALIVE'
RECORD=$(get "/domain/$HVM")
check "the record has (image (hvm ...))" "(image (hvm" "$RECORD"
check "the record keeps the direct-boot kernel" "(kernel $XEN_HOST_GUEST_KERNEL)" "$RECORD"
check "the record keeps tsc_mode" "(tsc_mode 2)" "$RECORD"
check "the record has the CD-ROM" "(uname file:$WORK/ONE.iso)" "$RECORD"
section_end "1. HVM op=create"

section "2. CD-ROM media change"
expect_line "the guest reads iso1's marker from its CD-ROM" "$SERIAL" 0 "$REPORT_TIMEOUT" \
    'XEN_HOST_GUEST_CDROM XEN-HOST-CDROM-ONE'
mark=$(lines_of "$SERIAL")
start=$(now)
succeeds "op=device_configure dev=hdc with iso2" "$(post "/domain/$HVM" \
    "op=device_configure&dev=hdc&config=$(encode "(vbd (uname file:$WORK/TWO.iso) (dev hdc:cdrom) (mode r))")")"
echo "  (took $(since "$start") s)"
check "xl list -l shows iso2 as the CD-ROM's target" "$WORK/TWO.iso" "$(xl list -l "$HVM")"
check "xl block-list still has the CD-ROM (hdc, 5632)" "5632" "$(xl block-list "$HVM")"
check "the record shows iso2" "(uname file:$WORK/TWO.iso)" "$(get "/domain/$HVM")"
expect_line "the guest reads iso2's marker" "$SERIAL" "$mark" "$REPORT_TIMEOUT" 'XEN_HOST_GUEST_CDROM XEN-HOST-CDROM-TWO'
mark=$(lines_of "$SERIAL")
succeeds "op=device_configure dev=hdc without uname (eject)" "$(post "/domain/$HVM" \
    "op=device_configure&dev=hdc&config=$(encode "(vbd (dev hdc:cdrom) (mode r))")")"
refute "xl list -l no longer shows iso2" "$WORK/TWO.iso" "$(xl list -l "$HVM")"
expect_line "the guest sees an empty drive" "$SERIAL" "$mark" "$REPORT_TIMEOUT" 'XEN_HOST_GUEST_CDROM \(no medium\)'
section_end "2. CD-ROM media change"

section "3. PCI through the daemon"
pci_sxp() { printf '(dev (domain 0x0) (bus 0x%s) (slot 0x%s) (func 0x%s))' "$1" "$2" "$3"; }
if [ -z "$BDF" ]; then
    fail "dom0 has an e1000 (8086:100e) to pass through (boot.sh: XEN_HOST_PASSTHROUGH_NIC=1)"
else
    pass "dom0 has an e1000 at $BDF"
    short=${BDF#0000:}
    bus=${short%%:*} rest=${short#*:}
    slot=${rest%%.*} func=${rest#*.}
    DEV=$(pci_sxp "$bus" "$slot" "$func")
    # A function of the emulated host nobody made assignable: q35's SMBus controller.
    OTHER=$(pci_sxp 0 1f 3)
    xl pci-assignable-add "$BDF" 2>&1 | indent
    check "xl pci-assignable-list has $BDF" "$BDF" "$(xl pci-assignable-list)"

    mark=$(lines_of "$SERIAL")
    start=$(now)
    REPLY=$(post "/domain/$HVM" "op=device_create&config=$(encode "(pci $DEV)")")
    check "op=device_create (pci ...) on the HVM guest answers with the device ($(since "$start") s)" \
        "(pci (dom $ID id 0))" "$REPLY" &&
        check "xl pci-list $HVM shows $BDF" "$short" "$(xl pci-list "$HVM")" &&
        expect_line "the HVM guest sees the e1000 bound to e1000" "$SERIAL" "$mark" "$REPORT_TIMEOUT" \
            'XEN_HOST_GUEST_PCI [0-9a-f:.]+ 8086:100e driver=e1000'
    check "the record shows the device" "(slot 0x$slot)" "$(get "/domain/$HVM")"

    mark=$(lines_of "$SERIAL")
    succeeds "op=device_configure (state Closing): detach" "$(post "/domain/$HVM" \
        "op=device_configure&dev=0&config=$(encode "(pci $DEV (state Closing))")")" &&
        refute "xl pci-list $HVM no longer shows $BDF" "$short" "$(xl pci-list "$HVM")" &&
        expect_line "the guest sees no network controller" "$SERIAL" "$mark" "$REPORT_TIMEOUT" \
            'XEN_HOST_GUEST_PCI 0 network controller'

    mark=$(lines_of "$SERIAL")
    succeeds "op=device_configure (state Initialising): attach again" "$(post "/domain/$HVM" \
        "op=device_configure&dev=0&config=$(encode "(pci $DEV (state Initialising))")")" &&
        check "xl pci-list $HVM shows $BDF again" "$short" "$(xl pci-list "$HVM")" &&
        expect_line "the guest sees the e1000 bound again" "$SERIAL" "$mark" "$REPORT_TIMEOUT" \
            'XEN_HOST_GUEST_PCI [0-9a-f:.]+ 8086:100e driver=e1000'

    mark=$(lines_of "$SERIAL")
    succeeds "op=device_destroy type=pci dev=0" \
        "$(post "/domain/$HVM" 'op=device_destroy&type=pci&dev=0&force=0&rm_cfg=1')" &&
        refute "xl pci-list $HVM no longer shows $BDF after device_destroy" "$short" "$(xl pci-list "$HVM")" &&
        expect_line "the guest sees no network controller again" "$SERIAL" "$mark" "$REPORT_TIMEOUT" \
            'XEN_HOST_GUEST_PCI 0 network controller' &&
        refute "the record no longer shows the device" "(slot 0x$slot)" "$(get "/domain/$HVM")"
    check "$BDF is assignable again" "$BDF" "$(xl pci-assignable-list)"

    REFUSED=$(post "/domain/$HVM" "op=device_create&config=$(encode "(pci $OTHER)")")
    check "op=device_create of a function that is not assignable is refused" "xend.err" "$REFUSED"
    check "the refusal names pci-assignable-add" "pci-assignable-add" "$REFUSED"
    refute "xl pci-list $HVM shows no 00:1f.3" "1f.3" "$(xl pci-list "$HVM")"
    check "the daemon keeps serving" "(name $HVM)" "$(get "/domain/$HVM")"

    # A PV guest with the device from the start; iommu=soft gives its kernel the bounce buffers pcifront's
    # DMA needs (hvm-pci.sh).
    PV_CONFIG="(vm (name $PV) (memory 256) (vcpus 1) (image (linux (kernel $XEN_HOST_GUEST_KERNEL)"
    PV_CONFIG+=" (ramdisk $XEN_HOST_GUEST_RAMDISK) (args 'console=hvc0 iommu=soft'))) (device (pci $DEV)))"
    start=$(now)
    CREATED_PV=$(post /domain/ "op=create&config=$(encode "$PV_CONFIG")")
    # Without the guest, the steps below would only wait for its console until BOOT_TIMEOUT.
    if check "op=create of a PV guest with (device (pci ...)) ($(since "$start") s)" "(name $PV)" "$CREATED_PV"; then
        check "xl pci-list $PV shows $BDF" "$short" "$(xl pci-list "$PV" 2>&1)"
        succeeds "op=unpause $PV" "$(post "/domain/$PV" op=unpause)"
        expect_line "$PV boots" "$PV_CONSOLE" 0 "$BOOT_TIMEOUT" 'XEN_HOST_GUEST_READY' || diagnose
        expect_line "$PV sees the e1000 bound to e1000" "$PV_CONSOLE" 0 "$REPORT_TIMEOUT" \
            'XEN_HOST_GUEST_PCI [0-9a-f:.]+ 8086:100e driver=e1000'
        succeeds "op=destroy $PV" "$(post "/domain/$PV" op=destroy)"
        for _ in $(seq 20); do xl list "$PV" > /dev/null 2>&1 || break; sleep 0.5; done
    fi
    check "$BDF is assignable again after $PV is gone" "$BDF" "$(xl pci-assignable-list)"
    xl pci-assignable-remove "$BDF" 2>&1 | indent
    BDF=""
fi
section_end "3. PCI through the daemon"

section "4. credit2"
xl_weight() { xl sched-credit2 -d "$1" 2> /dev/null | awk 'NR == 2 { print $3 }'; }
check "the host runs credit2" "credit2" "$(xl info | grep '^xen_scheduler')"
check "op=domain_sched_credit2_get: the weight as a Python dict" "{'weight': $(xl_weight "$HVM")}" \
    "$(post "/domain/$HVM" op=domain_sched_credit2_get)"
check "xl sched-credit2 says 256" "256" "$(xl_weight "$HVM")"
REPLY=$(post "/domain/$HVM" 'op=domain_sched_credit2_set&weight=512')
succeeds "op=domain_sched_credit2_set weight=512" "$REPLY"
equals "op=domain_sched_credit2_set answers 0" "0" "$(body "$REPLY")"
check "xl sched-credit2 shows 512" "512" "$(xl_weight "$HVM")"
check "op=domain_sched_credit2_get agrees" "{'weight': 512}" "$(post "/domain/$HVM" op=domain_sched_credit2_get)"
check "weight=0 is refused" "(xend.err 'weight is out of range')" \
    "$(post "/domain/$HVM" 'op=domain_sched_credit2_set&weight=0')"
check "xl sched-credit2 still shows 512" "512" "$(xl_weight "$HVM")"
check "op=domain_sched_credit_get on a credit2 host: libxc's refusal" "(xend.err \"(22, 'Invalid argument')\")" \
    "$(post "/domain/$HVM" op=domain_sched_credit_get)"
section_end "4. credit2"

section "5. USB through the daemon"
# The USB keyboard of the emulated host (boot.sh, XEN_HOST_USB=1); libxl_device_usbdev_add gives the guest's
# device model a USB controller (EHCI, libxl's default version 2) for it.
if ! find_usb_keyboard; then
    fail "dom0 has QEMU's USB keyboard (0627:0001) to pass through (boot.sh: XEN_HOST_USB=1)"
else
    pass "dom0 has QEMU's USB keyboard at bus $USB_BUS device $USB_ADDR"
    USB_LISTED=$(printf 'Bus %03d Device %03d' "$USB_BUS" "$USB_ADDR")
    expect_line "the guest reports no USB device before usb_add" "$SERIAL" 0 "$REPORT_TIMEOUT" 'XEN_HOST_GUEST_USB 0 device'
    # usb_add and usb_del answer 202 as xend's did; the daemon has done the work by then, and a failure is
    # an (xend.err ...) in the body. xl is still given a few seconds.
    usb_listed() { for _ in $(seq 30); do case "$(xl usb-list "$HVM" 2>&1)" in *"$USB_LISTED"*) return 0 ;; esac; sleep 0.5; done; return 1; }
    usb_gone() { for _ in $(seq 30); do case "$(xl usb-list "$HVM" 2>&1)" in *"$USB_LISTED"*) ;; *) return 0 ;; esac; sleep 0.5; done; return 1; }
    mark=$(lines_of "$SERIAL")
    start=$(now)
    REPLY=$(post "/domain/$HVM" "op=usb_add&dev=host:$USB_BUS.$USB_ADDR")
    succeeds "op=usb_add dev=host:$USB_BUS.$USB_ADDR ($(since "$start") s)" "$REPLY"
    check "op=usb_add answers 202, as xend's" "HTTP/1.1 202" "$REPLY"
    if usb_listed; then pass "xl usb-list $HVM shows the keyboard ($(since "$start") s)"
    else fail "xl usb-list $HVM shows the keyboard: $(xl usb-list "$HVM" 2>&1)"; fi
    xl usb-list "$HVM" 2>&1 | indent
    expect_line "the guest sees the keyboard, bound to usbhid" "$SERIAL" "$mark" "$REPORT_TIMEOUT" \
        'XEN_HOST_GUEST_USB [0-9.-]+ 0627:0001 driver=usbhid'
    check "op=usb_add of the same device again is refused" "already attached" \
        "$(post "/domain/$HVM" "op=usb_add&dev=host:$USB_BUS.$USB_ADDR")"
    mark=$(lines_of "$SERIAL")
    start=$(now)
    REPLY=$(post "/domain/$HVM" "op=usb_del&dev=host:$USB_BUS.$USB_ADDR")
    succeeds "op=usb_del dev=host:$USB_BUS.$USB_ADDR ($(since "$start") s)" "$REPLY"
    if usb_gone; then pass "xl usb-list $HVM no longer shows the keyboard ($(since "$start") s)"
    else fail "xl usb-list $HVM no longer shows the keyboard: $(xl usb-list "$HVM" 2>&1)"; fi
    expect_line "the guest no longer sees it" "$SERIAL" "$mark" "$REPORT_TIMEOUT" 'XEN_HOST_GUEST_USB 0 device'
    check "the daemon keeps serving" "(name $HVM)" "$(get "/domain/$HVM")"
fi
section_end "5. USB through the daemon"

section "the end"
# The device model libxl started for the guest, inside the daemon.
DM_PID=$(xenstore-read "/local/domain/$ID/image/device-model-pid" 2> /dev/null)
check "the HVM guest has a device model" "SigBlk" "$(cat "/proc/$DM_PID/status" 2> /dev/null)"
# It must not inherit the signals xend blocks for sigwait (SIGHUP, SIGINT, SIGTERM: signal N is bit N-1 of
# SigBlk, mask 0x4003), or it ignores the SIGHUP libxl stops it with
# (Sources/CXenlightShims/include/CXenlightShims_children.h). QEMU blocks others itself (SIGIO, SIGALRM...).
dm_blocked=$(awk '/^SigBlk/ { print $2 }' "/proc/$DM_PID/status" 2> /dev/null)
equals "the device model blocks none of SIGHUP, SIGINT, SIGTERM (SigBlk ${dm_blocked:-?})" 0 \
    "$(( 0x${dm_blocked:-4003} & 0x4003 ))"
start=$(now)
succeeds "op=destroy $HVM" "$(post "/domain/$HVM" op=destroy)"
echo "  (took $(since "$start") s)"
# A destroyed HVM domain lingers as "(null)" while Xen releases its memory, which the device model's
# mappings hold until it exits.
dm_alive() { [ -n "$DM_PID" ] && [ -d "/proc/$DM_PID" ] && ! grep -q '^State:.*Z' "/proc/$DM_PID/status"; }
for _ in $(seq 30); do dm_alive || break; sleep 1; done
if dm_alive; then
    fail "the device model (pid $DM_PID) is still running after op=destroy"
    grep -E '^(State|SigBlk|SigIgn|SigCgt)' "/proc/$DM_PID/status" | indent
else
    pass "the device model is gone after op=destroy ($(since "$start") s)"
fi
others_left() { xl list | awk 'NR > 1 && $1 != "Domain-0" { print $1 }'; }
for _ in $(seq 30); do [ -z "$(others_left)" ] && break; sleep 1; done
others=$(others_left)
if [ -z "$others" ]; then pass "no guest is left ($(since "$start") s after op=destroy)"; else fail "guests left: $others"; fi
kill "$XEND_PID" 2> /dev/null
wait "$XEND_PID" 2> /dev/null
XEND_PID=""
[ "$FAILURES" -eq 0 ] || diagnose
echo "daemon-libxl-hvm: $PASSES passed, $FAILURES failed"
[ "$FAILURES" -eq 0 ]
