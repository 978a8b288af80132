#!/bin/bash
# HVM guests and PCI passthrough on real Xen, driven with xl. Needs the device model and
# firmware in dom0 and the emulated IOMMU plus the e1000 that boot.sh gives the host (docs/xen-host.md).
#  1. HVM lifecycle: create with direct kernel boot of the harness's guest kernel and initramfs, the boot
#     marker on the guest's serial file, pause/unpause seen in xl list's flags; USB passthrough of the host's
#     keyboard to the guest's device model (xl usbctrl-attach, usbdev-attach/-detach, the guest's view, then
#     xenlight-exercise's USB steps); xenlight-exercise's virtual keyboard and framebuffer steps; destroy,
#     nothing left.
#  2. PV passthrough of the e1000: pci-assignable-add/-list, create with pci=[BDF]; the guest's own report
#     (Tests/XenHost/guest/init) shows e1000 bound and eth0 up; pci-detach, pci-attach; destroy.
#  3. HVM passthrough, the same steps, then xenlight-exercise's PCI hot-plug calls on that guest.
# Then pci-assignable-remove, and no domain, device model or assignable device is left behind.
set -uo pipefail
WORK=/tmp/hvm-pci
CONSOLE_DIR=/var/log/xen/console
DEVICE_MODEL=xen-qemu-system-i386
# Seconds for a guest's boot marker. An HVM guest took 374 s at load 5 with two other QEMUs running (most of
# it before its kernel's first line: firmware and QEMU's fw_cfg loading the kernel); a PV guest 13 s.
BOOT_TIMEOUT=${HVM_PCI_BOOT_TIMEOUT:-900}
REPORT_TIMEOUT=60                           # seconds for the guest to report a PCI change (it looks every 5 s)
FAILURES=0
PASSES=0
pass() { echo "PASS $1"; PASSES=$((PASSES + 1)); }
fail() { echo "FAIL $1"; FAILURES=$((FAILURES + 1)); }
now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }
indent() { sed 's/^/  | /'; }
# find_usb_keyboard and find_e1000 (the HTTP helpers there are for the daemon's tests).
# shellcheck source=Tests/XenHost/tests/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

# `step NAME COMMAND...`: runs an xl command; PASS with its time when it exits 0, FAIL otherwise. Its output
# is shown either way, indented (libxl's expected noise included), and kept in $WORK/last.out.
step() {
    local name=$1 start status; shift
    start=$(now)
    "$@" > "$WORK/last.out" 2>&1
    status=$?
    indent < "$WORK/last.out"
    if [ $status = 0 ]; then pass "$name ($(since "$start") s)"; else fail "$name: '$*' exited with $status"; fi
    return $status
}
lines_of() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }
# `wait_for FILE AFTER SECONDS PATTERN`: waits until a line after line AFTER of FILE matches the extended
# regular expression PATTERN.
wait_for() {
    local file=$1 after=$2 deadline=$(($(cut -d. -f1 /proc/uptime) + $3)) pattern=$4
    while [ "$(cut -d. -f1 /proc/uptime)" -lt "$deadline" ]; do
        # Read whole first: grep -q quitting early would leave tail to die of SIGPIPE (pipefail).
        grep -qE "$pattern" <<< "$(tail -n +"$((after + 1))" "$file" 2>/dev/null | tr -d '\r')" && return 0
        sleep 1
    done
    return 1
}
# `expect_line NAME FILE AFTER SECONDS PATTERN`: PASS when wait_for finds it (with the time it took).
expect_line() {
    local name=$1 start; shift
    start=$(now)
    if wait_for "$@"; then
        pass "$name ($(since "$start") s)"
        tail -n +"$(($2 + 1))" "$1" | tr -d '\r' | grep -E "$4" | tail -n 3 | indent
    else
        fail "$name: no line matching '$4' in $1 within $3 s"
        tail -n 12 "$1" 2>&1 | tr -d '\r' | indent
        return 1
    fi
}
# `diagnose NAME`: what the device model and the guest's firmware said, after an HVM guest did not boot.
diagnose() {
    echo "  --- the device model's log (tail)"; tail -n 8 "/var/log/xen/qemu-dm-$1.log" 2>&1 | indent
    echo "  --- xl dmesg: the guest's firmware (tail)"; xl dmesg 2>&1 | grep '^(d[0-9]' | tail -n 6 | indent
    echo "  --- xl list -v $1"; xl list -v "$1" 2>&1 | indent
}
flags_of() { xl list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'; }
domid_of() { xl domid "$1" 2>/dev/null; }
# `device_model_running [DOMID]`: whether a device model runs (for DOMID), from /proc (busybox ps cuts lines).
device_model_running() {
    local cmdline needle="$DEVICE_MODEL -xen-domid${1:+ $1 }"
    for cmdline in /proc/[0-9]*/cmdline; do
        case "$(tr '\0' ' ' < "$cmdline" 2>/dev/null)" in *"$needle"*) return 0 ;; esac
    done
    return 1
}

# `destroy_and_check NAME DOMID`: destroys the guest and checks that its domain, xenstore entries and
# device model are gone.
destroy_and_check() {
    local name=$1 domid=$2
    step "xl destroy $name" xl destroy "$name"
    if xl list "$name" > /dev/null 2>&1; then fail "$name is gone from xl list"; else pass "$name is gone from xl list"; fi
    if xenstore-exists "/local/domain/$domid" 2>/dev/null; then
        fail "/local/domain/$domid is gone from xenstore"
    else
        pass "/local/domain/$domid is gone from xenstore"
    fi
    for _ in $(seq 20); do device_model_running "$domid" || break; sleep 0.5; done
    if device_model_running "$domid"; then fail "the device model of domain $domid exited"; else pass "no device model left for domain $domid"; fi
}

# `hvm_config NAME [PCI]`: an HVM guest booting the harness's kernel directly (QEMU's fw_cfg loads it), its
# console on the emulated serial port, written to $WORK/NAME.serial. tsc_mode native: under TCG, Xen does
# not emulate RDTSCP for it, and the guest resets itself every ~40 s; on_reboot destroy makes such a reset
# visible instead of looping.
hvm_config() {
    cat << EOF
name = "$1"
type = "hvm"
kernel = "$XEN_HOST_GUEST_KERNEL"
ramdisk = "$XEN_HOST_GUEST_RAMDISK"
cmdline = "console=ttyS0"
memory = 256
vcpus = 1
serial = "file:$WORK/$1.serial"
vga = "none"
vnc = 0
tsc_mode = "native"
on_reboot = "destroy"
${2:+pci = [ \"$2\" ]}
EOF
}
# `pv_config NAME PCI`: a PV guest with the device; iommu=soft gives its kernel the bounce buffers pcifront's
# DMA needs.
pv_config() {
    cat << EOF
name = "$1"
kernel = "$XEN_HOST_GUEST_KERNEL"
ramdisk = "$XEN_HOST_GUEST_RAMDISK"
extra = "console=hvc0 iommu=soft"
memory = 256
vcpus = 1
pci = [ "$2" ]
EOF
}

# `exercise KIND WHAT ARGS...`: xenlight-exercise ARGS, its lines indented under one PASS or FAIL for WHAT;
# its output is kept as share/out/xenlight-exercise-KIND.txt.
exercise() {
    local kind=$1 what=$2 start status
    shift 2
    start=$(now)
    xenlight-exercise "$@" > "$WORK/$kind-exercise.txt" 2>&1
    status=$?
    indent < "$WORK/$kind-exercise.txt"
    cp "$WORK/$kind-exercise.txt" "$XEN_HOST_OUT/xenlight-exercise-$kind.txt"
    if [ $status = 0 ]; then pass "xenlight-exercise's $what ($(since "$start") s)"
    else fail "xenlight-exercise's $what exited with $status"; fi
}

# `usb_passthrough NAME`: the USB keyboard of the emulated host (boot.sh, XEN_HOST_USB=1) on a USB controller
# of the guest's device model, with xl and then with xenlight-exercise's USB steps; the guest reports what
# it sees on USB (Tests/XenHost/guest/init).
usb_passthrough() {
    local name=$1 bus addr mark serial="$WORK/$1.serial"
    if ! find_usb_keyboard; then
        fail "dom0 has QEMU's USB keyboard (0627:0001) to pass through (boot.sh: XEN_HOST_USB=1)"
        return 1
    fi
    bus=$USB_BUS addr=$USB_ADDR
    pass "dom0 has QEMU's USB keyboard at bus $bus device $addr"
    expect_line "the guest reports no USB device before" "$serial" 0 "$REPORT_TIMEOUT" 'XEN_HOST_GUEST_USB 0 device'
    # Version 2: QEMU's EHCI, always 6 ports (version 1, UHCI, always has 2: libxl refuses ports=4).
    step "xl usbctrl-attach $name type=devicemodel version=2" xl usbctrl-attach "$name" type=devicemodel version=2
    mark=$(lines_of "$serial")
    step "xl usbdev-attach $name hostbus=$bus hostaddr=$addr" xl usbdev-attach "$name" hostbus="$bus" hostaddr="$addr"
    local listed
    listed=$(xl usb-list "$name" 2>&1)
    echo "$listed" | indent
    case "$listed" in
        *"$(printf 'Bus %03d Device %03d' "$bus" "$addr")"*) pass "xl usb-list $name shows the keyboard" ;;
        *) fail "xl usb-list $name shows the keyboard" ;;
    esac
    expect_line "the guest sees the keyboard, bound to usbhid" "$serial" "$mark" "$REPORT_TIMEOUT" \
        'XEN_HOST_GUEST_USB [0-9.-]+ 0627:0001 driver=usbhid'
    mark=$(lines_of "$serial")
    step "xl usbdev-detach $name 0 1" xl usbdev-detach "$name" 0 1
    expect_line "the guest no longer sees it" "$serial" "$mark" "$REPORT_TIMEOUT" 'XEN_HOST_GUEST_USB 0 device'
    step "xl usbctrl-detach $name 0" xl usbctrl-detach "$name" 0
    # The same calls through the Xenlight bindings (docs/xenlight-coverage.md).
    exercise usb "USB steps on $name" --usb-guest "$name" --usb-device "$bus.$addr"
    if [ -z "$(xl usb-list "$name" 2>&1)" ]; then pass "no USB controller is left on $name"
    else fail "USB controllers left on $name: $(xl usb-list "$name" 2>&1)"; fi
}

cleanup() {
    local name
    for name in hvm-guest pv-pci hvm-pci; do xl destroy "$name" > /dev/null 2>&1; done
    [ -n "${BDF:-}" ] && xl pci-assignable-remove "$BDF" > /dev/null 2>&1
    cp "$WORK"/*.serial "$WORK"/*.cfg "$XEN_HOST_OUT/" 2>/dev/null
}
trap cleanup EXIT
rm -rf "$WORK"; mkdir -p "$WORK"

echo "== the host"
xl info | grep -E '^(nr_cpus|virt_caps|xen_commandline)' | indent
case "$(xl info | grep '^virt_caps')" in
    *hvm*) pass "xl info: virt_caps has hvm" ;;
    *) fail "xl info: virt_caps has hvm" ;;
esac
for file in /usr/libexec/$DEVICE_MODEL /usr/lib/xen-4.17/boot/hvmloader /usr/share/seabios/bios-256k.bin \
        /usr/share/qemu/linuxboot_dma.bin; do
    if [ -f "$file" ]; then pass "dom0 has $file"; else fail "dom0 has $file"; fi
done

echo "== 1. HVM lifecycle"
name=hvm-guest
hvm_config "$name" > "$WORK/$name.cfg"
if step "xl create $name (HVM, direct kernel boot)" xl create "$WORK/$name.cfg"; then
    domid=$(domid_of "$name")
    case "$(xl list -l "$name")" in
        *'"type": "hvm"'*) pass "xl list -l says type hvm" ;;
        *) fail "xl list -l says type hvm" ;;
    esac
    if device_model_running "$domid"; then pass "the device model runs for domain $domid"; else fail "the device model runs for domain $domid"; fi
    # The kernel's first line comes when its serial console starts, after the firmware and the kernel load.
    expect_line "the HVM guest's kernel writes to its serial port" "$WORK/$name.serial" 0 "$BOOT_TIMEOUT" \
        '^\[ *[0-9]+\.[0-9]+\] ' || diagnose "$name"
    expect_line "the HVM guest boots to its marker on its serial port" "$WORK/$name.serial" 0 "$BOOT_TIMEOUT" \
        'XEN_HOST_GUEST_READY' || diagnose "$name"
    step "xl pause $name" xl pause "$name"
    case "$(flags_of "$name")" in *p*) pass "paused: xl list flags $(flags_of "$name") have p" ;;
        *) fail "paused: xl list flags '$(flags_of "$name")' have no p" ;; esac
    step "xl unpause $name" xl unpause "$name"
    case "$(flags_of "$name")" in *p*) fail "unpaused: xl list flags '$(flags_of "$name")' still have p" ;;
        *) pass "unpaused: xl list flags $(flags_of "$name") have no p" ;; esac
    expect_line "the unpaused guest prints its heartbeat again" "$WORK/$name.serial" "$(lines_of "$WORK/$name.serial")" \
        30 'XEN_HOST_GUEST_ALIVE'
    usb_passthrough "$name"
    # The virtual keyboard and framebuffer through the bindings, served by the guest's device model (QEMU
    # serves keyboards for HVM guests, framebuffers only for PV ones: docs/xenlight-coverage.md).
    exercise vkb-vfb "keyboard and framebuffer steps on $name" --vkb-vfb-guest "$name"
    expect_line "the guest prints its heartbeat after the keyboard and framebuffer steps" "$WORK/$name.serial" \
        "$(lines_of "$WORK/$name.serial")" 30 'XEN_HOST_GUEST_ALIVE'
    destroy_and_check "$name" "$domid"
fi

echo "== 2. PCI passthrough: the e1000"
if ! find_e1000; then
    fail "dom0 has an e1000 (8086:100e) to pass through (boot.sh: XEN_HOST_PASSTHROUGH_NIC=1)"
    echo "hvm-pci: $PASSES passed, $FAILURES failed"
    exit 1
fi
pass "dom0 has an e1000 at $BDF"
case "$(xl info | grep '^virt_caps')" in
    *pv_directio*) pass "xl info: virt_caps has pv_directio and hvm_directio (an IOMMU)" ;;
    *) fail "xl info: virt_caps has no pv_directio: no IOMMU (boot.sh: XEN_HOST_IOMMU)" ;;
esac
step "xl pci-assignable-add $BDF" xl pci-assignable-add "$BDF"
check_assignable() {
    if xl pci-assignable-list | grep -q "$BDF"; then pass "$1: $BDF is in xl pci-assignable-list"
    else fail "$1: $BDF is in xl pci-assignable-list: $(xl pci-assignable-list)"; fi
    driver=$(basename "$(readlink "/sys/bus/pci/devices/$BDF/driver" 2>/dev/null)")
    if [ "$driver" = pciback ]; then pass "$1: dom0 has $BDF bound to pciback"; else fail "$1: $BDF is bound to '$driver', not pciback"; fi
}
check_assignable "after pci-assignable-add"

# `passthrough NAME CONSOLE`: the guest (created with the device) reports it bound to e1000 with eth0 up;
# detach and attach again, each seen from inside the guest and in xl pci-list.
passthrough() {
    local name=$1 console=$2 mark
    expect_line "$name boots to its marker" "$console" 0 "$BOOT_TIMEOUT" 'XEN_HOST_GUEST_READY' || diagnose "$name"
    expect_line "$name sees the e1000 bound to its e1000 driver" "$console" 0 "$REPORT_TIMEOUT" \
        'XEN_HOST_GUEST_PCI [0-9a-f:.]+ 8086:100e driver=e1000'
    expect_line "$name has eth0 up with a carrier" "$console" 0 "$REPORT_TIMEOUT" 'XEN_HOST_GUEST_LINK [0-9]+: eth0: <[^>]*LOWER_UP'
    case "$(xl pci-list "$name")" in *"${BDF#0000:}"*) pass "xl pci-list $name shows $BDF" ;;
        *) fail "xl pci-list $name shows $BDF: $(xl pci-list "$name" 2>&1)" ;; esac

    mark=$(lines_of "$console")
    step "xl pci-detach $name $BDF" xl pci-detach "$name" "$BDF"
    case "$(xl pci-list "$name")" in *"${BDF#0000:}"*) fail "xl pci-list $name no longer shows $BDF" ;;
        *) pass "xl pci-list $name no longer shows $BDF" ;; esac
    expect_line "$name sees no network controller after pci-detach" "$console" "$mark" "$REPORT_TIMEOUT" \
        'XEN_HOST_GUEST_PCI 0 network controller'
    check_assignable "after pci-detach"

    mark=$(lines_of "$console")
    step "xl pci-attach $name $BDF" xl pci-attach "$name" "$BDF"
    expect_line "$name sees the e1000 bound again after pci-attach" "$console" "$mark" "$REPORT_TIMEOUT" \
        'XEN_HOST_GUEST_PCI [0-9a-f:.]+ 8086:100e driver=e1000'
    expect_line "$name has eth0 up again" "$console" "$mark" "$REPORT_TIMEOUT" 'XEN_HOST_GUEST_LINK [0-9]+: eth0: <[^>]*LOWER_UP'
    case "$(xl pci-list "$name")" in *"${BDF#0000:}"*) pass "xl pci-list $name shows $BDF again" ;;
        *) fail "xl pci-list $name shows $BDF again: $(xl pci-list "$name" 2>&1)" ;; esac
}

# `pci_hotplug_exercise NAME`: the device xl gave the HVM guest NAME, taken away and back through the
# Xenlight bindings (xenlight-exercise --pci-guest: remove, assignable remove and add, add, forced destroy;
# docs/xenlight-coverage.md). The device ends assignable and out of the guest.
pci_hotplug_exercise() {
    local name=$1
    exercise pci "PCI hot-plug steps on $name" --pci-guest "$name" --pci-device "$BDF"
    case "$(xl pci-list "$name")" in *"${BDF#0000:}"*) fail "xl pci-list $name no longer shows $BDF after the exercise" ;;
        *) pass "xl pci-list $name no longer shows $BDF after the exercise" ;; esac
    check_assignable "after the exercise's PCI steps"
}

echo "== 2a. PV guest with pci=[\"$BDF\"]"
name=pv-pci
pv_config "$name" "$BDF" > "$WORK/$name.cfg"
if step "xl create $name (PV, pci=[$BDF])" xl create "$WORK/$name.cfg"; then
    domid=$(domid_of "$name")
    passthrough "$name" "$CONSOLE_DIR/guest-$name.log"
    cp "$CONSOLE_DIR/guest-$name.log" "$XEN_HOST_OUT/" 2>/dev/null
    destroy_and_check "$name" "$domid"
    check_assignable "after destroying $name"
fi

echo "== 2b. HVM guest with pci=[\"$BDF\"]"
name=hvm-pci
hvm_config "$name" "$BDF" > "$WORK/$name.cfg"
if step "xl create $name (HVM, pci=[$BDF])" xl create "$WORK/$name.cfg"; then
    domid=$(domid_of "$name")
    passthrough "$name" "$WORK/$name.serial"
    pci_hotplug_exercise "$name"
    destroy_and_check "$name" "$domid"
    check_assignable "after destroying $name"
fi

echo "== the end"
step "xl pci-assignable-remove $BDF" xl pci-assignable-remove "$BDF"
if xl pci-assignable-list | grep -q "$BDF"; then fail "$BDF left xl pci-assignable-list"; else pass "$BDF left xl pci-assignable-list"; fi
BDF=""
others=$(xl list | awk 'NR > 1 && $1 != "Domain-0" { print $1 }')
if [ -z "$others" ]; then pass "no guest is left"; else fail "guests left: $others"; fi
if device_model_running; then fail "a device model is left running"; else pass "no device model is left running"; fi
echo "hvm-pci: $PASSES passed, $FAILURES failed"
[ "$FAILURES" -eq 0 ]
