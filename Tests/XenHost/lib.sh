# shellcheck shell=bash disable=SC2034 # the variables are for the scripts that source this file
# Shared paths and helpers for the Xen-in-QEMU test host; sourced by the other scripts, never run.
# Every generated file lives under $CACHE (ignored by git) so a second run reuses it.

XEN_HOST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$XEN_HOST_DIR/../.." && pwd)
CACHE=${XEN_HOST_CACHE:-$XEN_HOST_DIR/cache}
STAGE=$CACHE/stage          # the Xen + kernel .debs unpacked (never installed on this machine)
BOOT=$CACHE/boot            # what QEMU boots: xen, vmlinuz, dom0-initrd.gz, guest-initrd.gz
SHARE=$CACHE/share          # the writable 9p folder: bin/, lib/, job.sh, status, out/
RUNSTATE=$CACHE/run         # per-run markers written while QEMU runs
SERIAL_LOG=$CACHE/serial.log
XEN_VERSION_SERIES=4.17

# Host tools: the emulator, busybox for both initramfs images, cpio to pack them, depmod, and a C compiler
# with static glibc for the harness's checks (Tests/XenHost/tools).
HOST_PACKAGES=(qemu-system-x86 busybox-static cpio kmod gcc libc6-dev)
# Downloaded with apt-get download and unpacked into $STAGE for the dom0 (plus the kernel, resolved at run time).
DOM0_PACKAGES=(
    "xen-hypervisor-$XEN_VERSION_SERIES-amd64" "xen-utils-$XEN_VERSION_SERIES" xen-utils-common xenstore-utils
    libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 "libxenmisc$XEN_VERSION_SERIES" libxenstore4
    libxentoollog1 libxendevicemodel1 libxentoolcore1 libxenhypfs1 libyajl2
    # HVM guests: the device model (/usr/libexec/xen-qemu-system-i386), SeaBIOS, and QEMU's option ROMs
    # (linuxboot_dma.bin for direct kernel boot). Their shared libraries come from this machine, where
    # qemu-system-x86 pulled the same ones in.
    qemu-system-xen seabios qemu-system-data
)

# "[xen-host] message" on stderr, so it never mixes with a test's own stdout.
say() { printf '[xen-host] %s\n' "$*" >&2; }
die() { say "error: $*"; exit "${XEN_HOST_FAIL_STATUS:-125}"; }

# Seconds since an $EPOCHREALTIME stamp, with one decimal.
seconds_since() { awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1f", e - s }'; }

# The kernel version the unpacked kernel package provides (its only lib/modules entry).
stage_kernel_version() {
    local dirs=("$STAGE"/lib/modules/*)
    if [ ${#dirs[@]} -ne 1 ] || [ ! -d "${dirs[0]}" ]; then
        die "expected one kernel under $STAGE/lib/modules, found: ${dirs[*]}"
    fi
    basename "${dirs[0]}"
}

# True when $1 exists and no later argument (file or directory tree) has changed since it was written.
is_up_to_date() {
    local target=$1; shift
    [ -e "$target" ] || return 1
    [ -z "$(find "$@" -newer "$target" -print -quit 2>/dev/null)" ]
}
