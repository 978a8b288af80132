#!/usr/bin/env bash
# Builds what QEMU boots, from the packages setup.sh unpacked:
#   $BOOT/xen              the hypervisor, uncompressed (QEMU's multiboot loader cannot read the .gz)
#   $BOOT/vmlinuz          Debian's kernel, for dom0 and the guests
#   $BOOT/dom0-initrd.gz   busybox + Xen tools and daemons + dom0 modules + bash/flock for hotplug scripts
#                          + the HVM device model and firmware
#   $BOOT/guest-initrd.gz  busybox + front-end modules; also copied into dom0 as /guest/initrd.gz
# Cached: skipped while no input (stage, init scripts, this script) is newer than the dom0 image.
set -euo pipefail
# shellcheck source=Tests/XenHost/lib.sh
source "$(dirname "$0")/lib.sh"

KVER=$(stage_kernel_version)
MODULES=$STAGE/lib/modules/$KVER

# copy_modules ROOT NAME...: each module plus what modules.dep says it needs, then depmod for ROOT.
copy_modules() {
    local root=$1 name line file; shift
    for name in "$@"; do
        line=$(grep -E "/${name//-/[-_]}\.ko[^:]*:" "$MODULES/modules.dep" || true)
        if [ -z "$line" ]; then
            grep -qE "/${name//-/[-_]}\.ko" "$MODULES/modules.builtin" || die "kernel $KVER has no module $name"
            continue   # built into the kernel: nothing to copy
        fi
        for file in ${line%%:*} ${line#*:}; do
            mkdir -p "$root/lib/modules/$KVER/$(dirname "$file")"
            cp "$MODULES/$file" "$root/lib/modules/$KVER/$file"
        done
    done
    cp "$MODULES"/modules.builtin* "$MODULES/modules.order" "$root/lib/modules/$KVER/"
    /usr/sbin/depmod -b "$root" "$KVER"
}

# install_busybox ROOT: busybox plus a link for each applet that ROOT/bin does not already have.
install_busybox() {
    local root=$1 applet
    mkdir -p "$root/bin"
    cp /bin/busybox "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list); do
        [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
    done
}

# pack ROOT OUTPUT: a gzip'ed newc cpio, which the kernel unpacks as its initramfs.
pack() {
    (cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > "$2.tmp"
    mv "$2.tmp" "$2"
}

is_elf() { [ "$(head -c 4 "$1" 2>/dev/null | tr -d '\177')" = ELF ]; }

# The shared libraries the given ELF files need that Debian's Xen packages do not provide (glibc, ncurses, ...),
# resolved on this machine, which runs the same Debian release as the dom0.
# Dies when this machine cannot resolve one of them (a library would silently be missing in dom0).
host_libraries_for() {
    local search=$STAGE/usr/lib/x86_64-linux-gnu file missing
    for file in "$@"; do
        is_elf "$file" || continue
        missing=$(LD_LIBRARY_PATH=$search ldd "$file" | awk '/not found/ { print $1 }' | tr '\n' ' ')
        [ -z "$missing" ] || die "$file needs libraries this machine lacks: $missing"
    done
    for file in "$@"; do
        is_elf "$file" || continue
        LD_LIBRARY_PATH=$search ldd "$file" | awk '/=> \// { print $3 }'
    done | sort -u | grep -v "^$STAGE/" || true
}

build_guest() {
    local root=$CACHE/guestroot
    rm -rf "$root"; mkdir -p "$root"/{proc,sys,dev,tmp}
    install_busybox "$root"
    # xen-pcifront for PV passthrough; e1000 drives the NIC passed through (tests/hvm-pci.sh); ata_piix and
    # sr_mod give an HVM guest its emulated CD-ROM (tests/daemon-libxl-hvm.sh); ehci-pci (QEMU's EHCI, libxl's
    # USB controller of version 2, the one the tests use) and the HID drivers let an HVM guest see the keyboard
    # passed through to it (UHCI and xHCI would add 0.8 MB for nothing the tests check).
    copy_modules "$root" xen-blkfront xen-netfront xen-pcifront e1000 ata_piix sr_mod ehci-pci usbhid hid-generic
    cp "$XEN_HOST_DIR/guest/init" "$root/init"
    pack "$root" "$BOOT/guest-initrd.gz"
}

# install_hvm ROOT: what libxl needs for an HVM guest, at the paths Debian's libxl looks for them: the device
# model, hvmloader, SeaBIOS, the option ROMs QEMU loads for direct kernel boot and two VGA BIOSes. Only these few files of
# qemu-system-data (7.7 MB, mostly other architectures' firmware) and seabios.
DEVICE_MODEL=/usr/libexec/xen-qemu-system-i386
install_hvm() {
    local root=$1 xen=/usr/lib/xen-$XEN_VERSION_SERIES file
    mkdir -p "$root/usr/libexec" "$root$xen/boot" "$root/usr/share/seabios" "$root/usr/share/qemu/keymaps"
    cp "$STAGE$DEVICE_MODEL" "$root$DEVICE_MODEL"
    cp "$STAGE$xen/boot/hvmloader" "$root$xen/boot/"
    cp "$STAGE/usr/share/seabios/bios-256k.bin" "$root/usr/share/seabios/"
    # The VGA BIOS of the emulated card (Cirrus, stdvga with xend's (stdvga 1)): an HVM guest made with a
    # display card, as xend's configs always have, needs it (tests/daemon-libxl-hvm.sh); QEMU looks in its
    # own data folder.
    for file in vgabios-cirrus.bin vgabios-stdvga.bin; do
        cp "$STAGE/usr/share/seabios/$file" "$root/usr/share/qemu/$file"
    done
    for file in linuxboot.bin linuxboot_dma.bin multiboot.bin multiboot_dma.bin pvh.bin kvmvapic.bin keymaps/en-us; do
        cp "$STAGE/usr/share/qemu/$file" "$root/usr/share/qemu/$file"
    done
}

build_dom0() {
    local root=$CACHE/dom0root xen=/usr/lib/xen-$XEN_VERSION_SERIES lib libraries
    rm -rf "$root"
    mkdir -p "$root"/{bin,usr/bin,usr/lib/x86_64-linux-gnu,lib64,proc,sys,dev,run,tmp,etc,root,guest,mnt} \
             "$root"/var/{lib/xen,lib/xenstored,log/xen/console}
    ln -s ../run "$root/var/run"; ln -s usr/lib "$root/lib"; ln -s bin "$root/sbin"
    # bash and flock before busybox, so its applets do not take their names: hotplug scripts need the real ones.
    cp /bin/bash /usr/bin/flock "$root/usr/bin/"
    ln -s ../usr/bin/bash "$root/bin/bash"
    ln -s ../usr/bin/flock "$root/bin/flock"
    install_busybox "$root"

    mkdir -p "$root$xen"
    cp -a "$STAGE$xen/bin" "$root$xen/"
    cp -a "$STAGE/usr/lib/x86_64-linux-gnu/." "$root/usr/lib/x86_64-linux-gnu/"
    cp -a "$STAGE/etc/xen" "$root/etc/"
    cp -a "$STAGE/usr/bin/"xenstore* "$root/usr/bin/"
    install_hvm "$root"
    # An assignment, so set -e stops the build when host_libraries_for dies.
    libraries=$(host_libraries_for "$STAGE$xen/bin/"* "$STAGE$DEVICE_MODEL" /bin/bash /usr/bin/flock)
    for lib in $libraries; do
        cp -L "$lib" "$root/usr/lib/x86_64-linux-gnu/"
    done
    cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
    cp -L /lib/x86_64-linux-gnu/libgcc_s.so.1 "$root/usr/lib/x86_64-linux-gnu/"   # glibc dlopens it for pthread_cancel
    copy_modules "$root" xenfs xen-privcmd xen-evtchn xen-gntdev xen-gntalloc xen-blkback xen-netback \
                         xen-pciback loop bridge virtio_pci 9pnet_virtio 9p xhci-pci
    echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
    echo "root:x:0:" > "$root/etc/group"
    cp "$STAGE/boot/vmlinuz-$KVER" "$root/guest/vmlinuz"
    cp "$BOOT/guest-initrd.gz" "$root/guest/initrd.gz"
    cp "$XEN_HOST_DIR/dom0/init" "$root/init"
    pack "$root" "$BOOT/dom0-initrd.gz"
    # build-binaries.sh copies only the libraries this list lacks into the 9p folder.
    (cd "$root" && find usr/lib lib64 -name '*.so*' -printf '%f\n' | sort -u) > "$BOOT/dom0-libraries.txt"
}

inputs=("$STAGE/.complete" "$XEN_HOST_DIR/dom0" "$XEN_HOST_DIR/guest" "$XEN_HOST_DIR/build-initramfs.sh" "$XEN_HOST_DIR/lib.sh")
if is_up_to_date "$BOOT/dom0-initrd.gz" "${inputs[@]}"; then exit 0; fi
say "building the dom0 and guest initramfs images (kernel $KVER)"
mkdir -p "$BOOT"
rm -f "$BOOT/dom0-initrd.gz"
zcat "$STAGE/boot/xen-$XEN_VERSION_SERIES-amd64.gz" > "$BOOT/xen"
cp "$STAGE/boot/vmlinuz-$KVER" "$BOOT/vmlinuz"
build_guest
build_dom0
say "initramfs sizes: dom0 $(du -h "$BOOT/dom0-initrd.gz" | cut -f1), guest $(du -h "$BOOT/guest-initrd.gz" | cut -f1)"
