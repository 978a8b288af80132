#!/usr/bin/env bash
# boot.sh TIMEOUT SCRIPT [ARGS...]: boots Xen + dom0 in QEMU (TCG), runs SCRIPT (a path relative to the
# repository root) in dom0 as root, streams the console, and exits with SCRIPT's status.
# Harness failures exit 124 (timeout) or 125 (QEMU, Xen or dom0 setup failed) with a message saying why.
# The whole serial console (Xen and dom0) goes to $SERIAL_LOG.
set -euo pipefail
# shellcheck source=Tests/XenHost/lib.sh
source "$(dirname "$0")/lib.sh"

TIMEOUT=$1 SCRIPT=$2
shift 2
QEMU_MEMORY=${XEN_HOST_QEMU_MEMORY:-3072}   # MiB for the whole emulated machine
QEMU_CPU=${XEN_HOST_QEMU_CPU:-max}              # QEMU -cpu model and feature flags
DOM0_MEMORY=${XEN_HOST_DOM0_MEMORY:-1024M}  # the rest (about 2 GiB) is free for guests
VERBOSE=${XEN_HOST_VERBOSE:-0}              # 1: stream Xen's own lines and the dom0 kernel log too
CPUS=${XEN_HOST_CPUS:-4}                    # emulated CPUs: Xen's physical CPUs (a cpupool test can use 2 of them)
# dom0's vcpus: with one on each of 4 CPUs, dom0 took 17.5-19.2 s to be ready instead of 9.8-10.6 s (idle
# machine with 2 cores).
DOM0_VCPUS=${XEN_HOST_DOM0_VCPUS:-2}
IOMMU=${XEN_HOST_IOMMU:-amd}                # amd, intel, or 0 for none (then no PCI passthrough)
PASSTHROUGH_NIC=${XEN_HOST_PASSTHROUGH_NIC:-1}  # 1: an e1000 at 00:10.0 that tests pass through to guests
USB=${XEN_HOST_USB:-1}                      # 1: a USB keyboard on an xHCI controller, for USB passthrough
POWEROFF_GRACE=30                           # seconds QEMU may take to exit after the script ended

for file in xen vmlinuz dom0-initrd.gz; do
    [ -f "$BOOT/$file" ] || die "$BOOT/$file is missing: run build-initramfs.sh first"
done
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is not installed: run setup.sh first"

# The job dom0's /init runs: the script with its arguments, quoted for bash.
rm -f "$SHARE/status"
rm -rf "${SHARE:?}/out"; mkdir -p "$SHARE/out"   # what tests and dom0 leave for the host: this run's only
{
    echo "# written by Tests/XenHost/boot.sh; run by dom0's /init in /mnt/repo"
    printf 'exec %q' "./$SCRIPT"
    [ $# -eq 0 ] || printf ' %q' "$@"
    echo
} > "$SHARE/job.sh"
rm -rf "$RUNSTATE"; mkdir -p "$RUNSTATE"
: > "$SERIAL_LOG"

# smap=0 smep=0: with the SMAP/SMEP that -cpu max exposes, the PV dom0 dies on its first page fault under TCG.
# spec-ctrl=eager-fpu: with lazy FPU switching (Xen's choice for this emulated CPU) TCG loses vector
# registers when Xen switches between a guest's vcpu and dom0's, so dom0's programs (memcpy, malloc) fail
# at random while guests run; Tests/XenHost/tests/vector-registers.sh checks it.
# noreboot: a crashed Xen or dom0 stays on screen instead of rebooting; the watchdog below ends QEMU then.
xen_args="console=com1 com1=115200,8n1 dom0_mem=$DOM0_MEMORY,max:$DOM0_MEMORY dom0_max_vcpus=$DOM0_VCPUS"
xen_args+=" loglvl=all guest_loglvl=all"
xen_args+=" noreboot smap=0 smep=0 spec-ctrl=eager-fpu"
# The IOMMU goes before every other device, so it translates for all of them (QEMU creates devices in order).
# intel-iommu runs without interrupt remapping (reported to work; make test-xen uses amd). dom0-iommu=passthrough: dom0's
# own DMA (9p, the device model's guest kernel load) bypasses the emulated IOMMU's translation, without
# which an HVM guest's kernel load was about 8 times slower.
case $IOMMU in
    amd) iommu_device=(-device amd-iommu) ;;
    intel) iommu_device=(-device "intel-iommu,intremap=off") ;;
    0 | none) iommu_device=() ;;
    *) die "XEN_HOST_IOMMU must be amd, intel or 0, not '$IOMMU'" ;;
esac
[ ${#iommu_device[@]} -eq 0 ] || xen_args+=" dom0-iommu=passthrough"
xen_args+="${XEN_HOST_XEN_ARGS:+ $XEN_HOST_XEN_ARGS}"
# The NIC to pass through: an e1000 (8086:100e) with no network behind it. dom0 has no driver for it, so it
# stays free for xl pci-assignable-add; dom0's own networking stays -nic none.
nic_device=()
[ "$PASSTHROUGH_NIC" = 1 ] && nic_device=(-device "e1000,addr=10.0")
# A USB device dom0 can give an HVM guest's device model (usb_add, libxl_device_usbdev_add): QEMU's keyboard
# (0627:0001) on an xHCI controller, which dom0 drives with xhci-pci and otherwise leaves alone.
usb_devices=()
[ "$USB" = 1 ] && usb_devices=(-device "qemu-xhci,id=xhci" -device "usb-kbd,bus=xhci.0")
dom0_args="console=hvc0 earlyprintk=xen rdinit=/init panic=-1"
start=$EPOCHREALTIME
# Multiboot modules are comma-separated in -initrd; the first is dom0's kernel with its command line.
qemu-system-x86_64 -machine q35 "${iommu_device[@]}" -accel tcg,thread=multi -cpu "$QEMU_CPU" -smp "$CPUS" \
    -m "$QEMU_MEMORY" "${nic_device[@]}" "${usb_devices[@]}" -display none -monitor none -parallel none -serial "file:$SERIAL_LOG" -nic none -no-reboot \
    -kernel "$BOOT/xen" -append "$xen_args" \
    -initrd "$BOOT/vmlinuz $dom0_args,$BOOT/dom0-initrd.gz" \
    -virtfs "local,path=$REPO_ROOT,mount_tag=repo,security_model=none,readonly=on,id=repo" \
    -virtfs "local,path=$SHARE,mount_tag=share,security_model=none,id=share" \
    > "$RUNSTATE/qemu.out" 2>&1 < /dev/null &
qemu_pid=$!
# shellcheck disable=SC2317 # called by the EXIT trap
stop_qemu() { kill "$qemu_pid" 2>/dev/null || true; touch "$RUNSTATE/qemu-exited"; }
trap stop_qemu EXIT
trap 'say "interrupted"; exit 130' INT TERM

# Reads the serial console as it grows: prints it (filtered) and records the moments run.sh reports.
follow_console() {
    local line is_ready=0
    while IFS= read -r line; do
        line=${line%$'\r'}
        case $line in
            *XEN_HOST_DOM0_READY*)
                is_ready=1
                seconds_since "$start" > "$RUNSTATE/dom0-ready"
                say "dom0 ready after $(cat "$RUNSTATE/dom0-ready") s; running $SCRIPT" ;;
            *XEN_HOST_TEST_STATUS=*)
                seconds_since "$start" > "$RUNSTATE/test-done" ;;
            # Xen's own lines, so a test printing such words cannot end the run (a dom0 kernel panic
            # reaches Xen as a crash of dom0), and dom0's /init failing before the test started.
            "(XEN) Hardware Dom0 crashed"* | "(XEN) Panic on CPU"* | XEN_HOST_DOM0_SETUP_FAILED*)
                [ -f "$RUNSTATE/crashed" ] || echo "$line" > "$RUNSTATE/crashed" ;;
        esac
        if [ "$VERBOSE" = 1 ]; then
            printf '%s\n' "$line"
        elif [[ $line != "(XEN)"* ]] && [[ ! $line =~ ^\(d[0-9]+\)\  ]] &&
             { [ $is_ready = 1 ] || [[ ! $line =~ ^\[\ *[0-9]+\.[0-9]+\] ]]; }; then
            # dom0's output; its boot-time kernel log and Xen's lines (its own, and "(d1) ..." from guests'
            # firmware, hvmloader's for instance) stay in the log file
            printf '%s\n' "$line"
        fi
    done
}

# Ends QEMU on a timeout, some seconds after a crash, or when it does not exit after the script ended.
watchdog() {
    local elapsed=0 crashed_at="" done_at=""
    while [ ! -f "$RUNSTATE/qemu-exited" ]; do
        if [ $elapsed -ge "$TIMEOUT" ]; then
            touch "$RUNSTATE/timed-out"; kill "$qemu_pid" 2>/dev/null; return
        fi
        [ -z "$crashed_at" ] && [ -f "$RUNSTATE/crashed" ] && crashed_at=$elapsed
        [ -z "$done_at" ] && [ -f "$SHARE/status" ] && done_at=$elapsed
        if { [ -n "$crashed_at" ] && [ $((elapsed - crashed_at)) -ge 3 ]; } ||
           { [ -n "$done_at" ] && [ $((elapsed - done_at)) -ge $POWEROFF_GRACE ]; }; then
            kill "$qemu_pid" 2>/dev/null; return
        fi
        sleep 1; elapsed=$((elapsed + 1))
    done
}

say "booting Xen + dom0 in QEMU (TCG, $CPUS CPUs, IOMMU: $IOMMU; timeout ${TIMEOUT} s; serial log: $SERIAL_LOG)"
tail -n +1 -F -s 0.2 --pid="$qemu_pid" "$SERIAL_LOG" 2>/dev/null | follow_console &
stream_pid=$!
watchdog &
watchdog_pid=$!
qemu_status=0
wait "$qemu_pid" || qemu_status=$?
trap - EXIT
touch "$RUNSTATE/qemu-exited"
wait "$stream_pid" "$watchdog_pid" || true
seconds_since "$start" > "$RUNSTATE/qemu-total"

fail() {   # fail STATUS MESSAGE: explain, show the end of the log when it was not streamed, exit
    say "FAILED: $2"
    if [ "$VERBOSE" != 1 ] && [ -s "$SERIAL_LOG" ]; then
        say "last lines of $SERIAL_LOG:"
        tail -n 40 "$SERIAL_LOG" | tr -d '\r' >&2
    fi
    exit "$1"
}

if [ ! -s "$SERIAL_LOG" ] && [ ! -f "$RUNSTATE/timed-out" ]; then
    fail 125 "QEMU did not start (exit status $qemu_status): $(tr '\n' ' ' < "$RUNSTATE/qemu.out")"
fi
[ -f "$RUNSTATE/timed-out" ] && fail 124 "timed out after $TIMEOUT s ($([ -f "$RUNSTATE/dom0-ready" ] \
    && echo "dom0 was ready; $SCRIPT did not finish" || echo "dom0 never became ready"))"
if [ -f "$SHARE/status" ]; then
    status=$(cat "$SHARE/status")
    [[ $status =~ ^[0-9]+$ ]] || fail 125 "dom0 wrote a malformed status: '$status'"
    exit "$status"
fi
[ -f "$RUNSTATE/crashed" ] && fail 125 "Xen or dom0 failed: $(cat "$RUNSTATE/crashed")"
fail 125 "QEMU exited (status $qemu_status) before $SCRIPT reported a status: $(tr '\n' ' ' < "$RUNSTATE/qemu.out")"
