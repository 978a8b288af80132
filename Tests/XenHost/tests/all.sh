#!/bin/bash
# Every in-dom0 test in one boot (what `make test-xen` runs), so CI pays for booting Xen only once.
# Each test runs even when an earlier one failed; the exit status is 1 when any of them failed.
# With arguments, only those tests (paths from the repository root), in that order.
set -uo pipefail
tests=(Tests/XenHost/tests/vector-registers.sh Tests/XenHost/tests/smoke.sh Tests/XenHost/tests/xenlight.sh
    Tests/XenHost/tests/daemon-libxl.sh Tests/XenHost/tests/daemon-libxl-ops.sh
    Tests/XenHost/tests/daemon-libxl-lifecycle.sh Tests/XenHost/tests/daemon-libxl-listing.sh
    Tests/XenHost/tests/hvm-pci.sh Tests/XenHost/tests/daemon-libxl-hvm.sh)
[ $# -eq 0 ] || tests=("$@")
failed=()
for test in "${tests[@]}"; do
    echo "=== $test"
    start=$(cut -d' ' -f1 /proc/uptime)
    "./$test"
    status=$?
    seconds=$(awk -v s="$start" -v e="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", e - s }')
    echo "=== $test exited with status $status after $seconds s"
    [ "$status" = 0 ] || failed+=("$test")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "=== FAILED: ${failed[*]}"
    exit 1
fi
echo "=== all ${#tests[@]} tests passed"
