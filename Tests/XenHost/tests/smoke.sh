#!/bin/sh
# The first in-dom0 test. xen-smoke drives libxl against this real Xen host and one PV guest, built
# from the harness's guest kernel and initramfs. Then a guest that cannot be built (more memory than
# the host has) must make xen-smoke fail, so its FAIL path is proven on real Xen too.
set -eu
echo "xen-smoke in dom0 (kernel $(uname -r)); xl sees:"
xl list
xen-smoke --kernel "$XEN_HOST_GUEST_KERNEL" --ramdisk "$XEN_HOST_GUEST_RAMDISK" "$@"

echo "== a 900000 MiB guest must fail"
report=$XEN_HOST_OUT/xen-smoke-too-big.txt
if xen-smoke --kernel "$XEN_HOST_GUEST_KERNEL" --ramdisk "$XEN_HOST_GUEST_RAMDISK" \
        --name xen-smoke-too-big --memory 900000 > "$report" 2>&1; then
    cat "$report"
    echo "FAIL: xen-smoke exited 0 for a guest larger than the host"
    exit 1
fi
grep "FAIL create PV guest: libxl_domain_create_new returned" "$report" ||
    { cat "$report"; echo "FAIL: xen-smoke failed, but not in libxl_domain_create_new"; exit 1; }
if xl domid xen-smoke-too-big > /dev/null 2>&1; then
    echo "FAIL: the half-built domain xen-smoke-too-big was left behind"
    exit 1
fi
echo "PASS xen-smoke reports libxl's failure and leaves no domain behind"
