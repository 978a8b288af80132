#!/bin/sh
# The first in-dom0 test: xen-smoke drives libxl against this real Xen host and one PV guest
# built from the harness's guest kernel and initramfs. Its exit status is this test's.
set -e
echo "xen-smoke in dom0 (kernel $(uname -r)); xl sees:"
xl list
exec xen-smoke --kernel "$XEN_HOST_GUEST_KERNEL" --ramdisk "$XEN_HOST_GUEST_RAMDISK" "$@"
