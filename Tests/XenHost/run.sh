#!/usr/bin/env bash
# Runs a test script inside a real Xen 4.17 dom0, booted in QEMU (TCG) on this Debian 12 machine.
#
#   Tests/XenHost/run.sh [--timeout SECONDS] SCRIPT [ARGS...]
#
# SCRIPT is an executable file in this repository; dom0 runs it as root from the repository root (mounted
# read-only at /mnt/repo), with the project's programs on PATH. Exit status: SCRIPT's own, or 124 when the
# run timed out, 125 when the harness could not get that far (a message says why), 2 for bad usage.
# Phases, each cached under Tests/XenHost/cache/: setup.sh, build-initramfs.sh, build-binaries.sh, boot.sh.
# Details: docs/xen-host.md.
set -euo pipefail
# shellcheck source=Tests/XenHost/lib.sh
source "$(dirname "$0")/lib.sh"

usage() {   # usage [STATUS]: the header comment's synopsis, on stderr unless asked for with --help
    if [ "${1:-2}" = 0 ]; then sed -n '4,9p' "$0" | sed 's/^# \{0,1\}//'; else sed -n '4p' "$0" | sed 's/^# */usage: /' >&2; fi
    exit "${1:-2}"
}

timeout=${XEN_HOST_TIMEOUT:-900}
while [ $# -gt 0 ]; do
    case $1 in
        --timeout)
            if [ $# -lt 2 ] || [[ ! $2 =~ ^[1-9][0-9]*$ ]]; then say "--timeout needs a number of seconds"; usage; fi
            timeout=$2; shift 2 ;;
        -h | --help) usage 0 ;;
        --) shift; break ;;
        -*) say "unknown option $1"; usage ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || usage
script_path=$(realpath -e -- "$1" 2>/dev/null) || { say "no such file: $1"; exit 2; }
shift
case $script_path in
    "$REPO_ROOT"/*) script=${script_path#"$REPO_ROOT"/} ;;
    *) say "$script_path is outside the repository, which is all dom0 can see"; exit 2 ;;
esac
[ -f "$script_path" ] || { say "$script is not a file"; exit 2; }
[ -x "$script_path" ] || { say "$script is not executable (chmod +x it; dom0 runs it by its #! line)"; exit 2; }

run_start=$EPOCHREALTIME
timings=()
phase() {   # phase NAME COMMAND...: runs one phase and records its wall time
    local name=$1 begin=$EPOCHREALTIME; shift
    "$@"
    timings+=("$name $(seconds_since "$begin") s")
}
report_timings() {
    local status=$?
    [ -f "$RUNSTATE/dom0-ready" ] && timings+=("boot to dom0 ready $(cat "$RUNSTATE/dom0-ready") s")
    if [ -f "$RUNSTATE/test-done" ] && [ -f "$RUNSTATE/dom0-ready" ]; then
        timings+=("test script $(awk -v a="$(cat "$RUNSTATE/dom0-ready")" -v b="$(cat "$RUNSTATE/test-done")" \
            'BEGIN { printf "%.1f", b - a }') s")
    fi
    [ -f "$RUNSTATE/qemu-total" ] && timings+=("QEMU total $(cat "$RUNSTATE/qemu-total") s")
    timings+=("whole run $(seconds_since "$run_start") s")
    say "timings: $(printf '%s, ' "${timings[@]}" | sed 's/, $//')"
    if [ -f "$SHARE/status" ]; then
        say "$script exited with status $status; serial log: $SERIAL_LOG"
    else
        say "the harness failed with status $status before $script reported a status; serial log: $SERIAL_LOG"
    fi
}

rm -rf "$RUNSTATE" "$SHARE/status"
trap report_timings EXIT
phase "setup" "$XEN_HOST_DIR/setup.sh"
phase "initramfs" "$XEN_HOST_DIR/build-initramfs.sh"
phase "swift build" "$XEN_HOST_DIR/build-binaries.sh"
"$XEN_HOST_DIR/boot.sh" "$timeout" "$script" "$@"
