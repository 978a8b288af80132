#!/bin/sh
# The harness checks itself first: dom0's programs must keep their vector (SSE, AVX) registers while Xen
# switches between dom0's vcpus and a running guest's. Under QEMU's TCG, Xen's lazy FPU switching lost
# them, and dom0's programs, the daemon among them, then failed at random (memcpy, "malloc(): invalid
# size"); boot.sh boots Xen with spec-ctrl=eager-fpu for that. If this fails, every later failure in the
# same boot is suspect: fix the harness first.
set -eu
SECONDS_EACH=10
config=/tmp/vector-registers-guest.cfg
printf 'name = "vector-guest"\nkernel = "%s"\nramdisk = "%s"\nmemory = 128\nextra = "console=hvc0"\n' \
    "$XEN_HOST_GUEST_KERNEL" "$XEN_HOST_GUEST_RAMDISK" > "$config"
xl create "$config" > /dev/null
trap 'xl destroy vector-guest 2> /dev/null || true' EXIT
sleep 3   # the guest's kernel is booting: its vcpu is busy
xl info | grep '^xen_commandline'
status=0
pids=""
n=0
for kind in sse sse avx avx; do
    n=$((n + 1))
    vector-check "$SECONDS_EACH" "$kind" > "/tmp/vector-check.$n" 2>&1 &
    pids="$pids $!"
done
for pid in $pids; do wait "$pid" || status=1; done
cat /tmp/vector-check.[1-4]
xl list vector-guest > /dev/null || { echo "FAIL the guest was not running during the check"; exit 1; }
if [ "$status" = 0 ]; then
    echo "PASS dom0's vector registers survive switches to a running guest (4 processes x ${SECONDS_EACH} s)"
else
    echo "FAIL dom0's vector registers changed while a guest ran: Xen needs spec-ctrl=eager-fpu (Tests/XenHost/boot.sh)"
fi
exit "$status"
