#!/usr/bin/env bash
# Installs the host tools and fetches (never installs) the Xen and kernel packages for the dom0.
# Cached: host packages are installed once; the .debs are downloaded once into $CACHE/debs
# and unpacked once into $CACHE/stage. Delete $CACHE to start over.
set -euo pipefail
# shellcheck source=Tests/XenHost/lib.sh
source "$(dirname "$0")/lib.sh"

install_host_packages() {
    local missing=() pkg
    for pkg in "${HOST_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]}; run: sudo apt-get install -y --no-install-recommends ${missing[*]}"
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Quiet unless it fails: then the whole apt output is shown.
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
        > "$CACHE/apt.log" 2>&1; then
        cat "$CACHE/apt.log" >&2
        die "apt-get install ${missing[*]} failed"
    fi
}

# The versioned kernel package behind linux-image-amd64 (e.g. linux-image-6.1.0-56-amd64).
kernel_package() {
    local name
    name=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
    if [ -z "$name" ]; then   # a fresh machine may have no package lists yet
        apt-get update -qq
        name=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
    fi
    [ -n "$name" ] || die "cannot resolve the kernel package behind linux-image-amd64"
    echo "$name"
}

download_dom0_packages() {
    local debs=$CACHE/debs wanted
    wanted="${DOM0_PACKAGES[*]} $(kernel_package)"
    if [ -f "$debs/.complete" ] && [ "$(cat "$debs/.complete")" = "$wanted" ]; then return 0; fi
    say "downloading $wanted"
    rm -rf "$debs"; mkdir -p "$debs"
    # Root downloads unsandboxed on purpose: the _apt user may not be able to write into the repository.
    # shellcheck disable=SC2086 # $wanted is a list of package names
    if ! (cd "$debs" && apt-get download -qq -o APT::Sandbox::User=root $wanted); then
        say "download failed; refreshing the package lists and retrying once"
        apt-get update -qq
        (cd "$debs" && apt-get download -qq -o APT::Sandbox::User=root $wanted) || die "apt-get download failed"
    fi
    echo "$wanted" > "$debs/.complete"
}

unpack_dom0_packages() {
    local debs=$CACHE/debs deb packages
    is_up_to_date "$STAGE/.complete" "$debs/.complete" && return 0
    packages=("$debs"/*.deb)
    say "unpacking ${#packages[@]} packages into $STAGE"
    rm -rf "$STAGE"; mkdir -p "$STAGE"
    for deb in "${packages[@]}"; do dpkg-deb -x "$deb" "$STAGE"; done
    # The unpacked kernel has no modules.dep; the initramfs builder resolves module dependencies from it.
    /usr/sbin/depmod -b "$STAGE" "$(stage_kernel_version)"
    touch "$STAGE/.complete"
}

mkdir -p "$CACHE"
install_host_packages
download_dom0_packages
unpack_dom0_packages
