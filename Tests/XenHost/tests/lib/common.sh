# shellcheck shell=bash
# Helpers shared by the in-dom0 test scripts; sourced, never run (all.sh lists only the tests themselves).
# A script sources it after defining `pass NAME` and `fail NAME`, which count and print its results (each
# script decides whether fail returns 1), and, for the HTTP helpers, PORT, the daemon's TCP port. The device
# lookups (find_usb_keyboard, find_e1000) and bridge_up need neither.
#   source "$(dirname "$0")/lib/common.sh"

# `find_usb_keyboard`: QEMU's USB keyboard (0627:0001), which boot.sh gives the emulated host with
# XEN_HOST_USB=1, as dom0's sysfs numbers it: sets USB_BUS and USB_ADDR (busnum, devnum). Returns 1, with both
# empty, when dom0 has none.
# shellcheck disable=SC2034 # USB_BUS and USB_ADDR are for the caller
find_usb_keyboard() {
    local dev
    USB_BUS="" USB_ADDR=""
    for dev in /sys/bus/usb/devices/*; do
        [ "$(cat "$dev/idVendor" 2> /dev/null):$(cat "$dev/idProduct" 2> /dev/null)" = 0627:0001 ] || continue
        USB_BUS=$(cat "$dev/busnum") USB_ADDR=$(cat "$dev/devnum")
        return 0
    done
    return 1
}

# `find_e1000`: the emulated e1000 (8086:100e) that boot.sh gives the host with XEN_HOST_PASSTHROUGH_NIC=1 for
# the tests to pass through, as dom0's sysfs names it: sets BDF (0000:00:10.0). Returns 1, with BDF empty,
# when dom0 has none.
find_e1000() {
    local dev
    BDF=""
    for dev in /sys/bus/pci/devices/*; do
        if [ "$(cat "$dev/vendor")" = 0x8086 ] && [ "$(cat "$dev/device")" = 0x100e ]; then BDF=${dev##*/}; return 0; fi
    done
    return 1
}

# `bridge_up NAME`: the bridge NAME, local to dom0, up; created only when missing, since an earlier test in
# the same boot may have made it (brctl addbr fails on an existing bridge).
bridge_up() {
    [ -e "/sys/class/net/$1" ] || brctl addbr "$1" || return 1
    ip link set "$1" up
}

# xend over HTTP, as legacy clients talk to it, through bash's /dev/tcp so that error bodies ((xend.err ...))
# are seen.
# `http METHOD PATH [BODY]`: the whole response, status line and headers included.
http() {
    local body=${3-}
    exec 3<> "/dev/tcp/127.0.0.1/$PORT" || { echo "cannot connect"; return 0; }
    printf '%s /xend%s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s' \
        "$1" "$2" "${#body}" "$body" >&3
    cat <&3
    exec 3<&-
}
get() { http GET "$1"; }
post() { http POST "$1" "$2"; }
# The body of a response (after the blank line that ends the headers).
body() { printf '%s' "$1" | tr -d '\r' | sed '1,/^$/d'; }
# Form-encodes the characters a (vm ...) config uses.
encode() { printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/(/%28/g' -e 's/)/%29/g' -e 's|/|%2F|g' \
    -e 's/=/%3D/g' -e 's/:/%3A/g' -e "s/'/%27/g"; }
# A record's state string (rbpscd) and domain id.
state_of() { [[ $1 =~ \(state\ ([-a-z]{6})\) ]] && echo "${BASH_REMATCH[1]}" || echo "none"; }
domid_of() { [[ $1 =~ \(domid\ ([0-9]+)\) ]] && echo "${BASH_REMATCH[1]}" || echo "none"; }

# Checks, each one pass or fail.
# `check NAME NEEDLE TEXT`: TEXT must contain NEEDLE; `refute NAME NEEDLE TEXT`: it must not.
check() { case "$3" in *"$2"*) pass "$1" ;; *) fail "$1: expected '$2' in: $3" ;; esac }
refute() { case "$3" in *"$2"*) fail "$1: did not expect '$2' in: $3" ;; *) pass "$1" ;; esac }
# `equals NAME EXPECTED ACTUAL`
equals() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi }
# `succeeds NAME RESPONSE`: a 2xx status and no (xend.err ...) in the body.
succeeds() {
    case "$2" in
        "HTTP/1.1 2"*) case "$2" in *xend.err*) fail "$1: $2" ;; *) pass "$1" ;; esac ;;
        *) fail "$1: $2" ;;
    esac
}
# `flag NAME LETTER POSITION RECORD`: the record's state string has LETTER at POSITION (0-based, rbpscd);
# `noflag NAME LETTER POSITION RECORD`: it has '-' there.
flag() { local state; state=$(state_of "$4"); check "$1" "$2" "${state:$3:1}"; }
noflag() { local state; state=$(state_of "$4"); check "$1" "-" "${state:$3:1}"; }
