#!/usr/bin/env bash
# Builds the project's programs for dom0 and puts them in the 9p folder:
#   $SHARE/bin/<product>   release build, Swift runtime linked statically (dom0 has no Swift toolchain)
#   $SHARE/lib/            the shared libraries they need that the dom0 initramfs lacks (found with ldd)
# The products are listed in Tests/XenHost/products; the harness's C checks in Tests/XenHost/tools/ are
# built too. SwiftPM's own incremental build is the cache (scratch path .build-xen, so it never disturbs
# the debug build in .build).
set -euo pipefail
# shellcheck source=Tests/XenHost/lib.sh
source "$(dirname "$0")/lib.sh"

SWIFT=${SWIFT:-swift}
SWIFT_FLAGS=${SWIFT_FLAGS:--Xswiftc -warnings-as-errors}
SCRATCH=$REPO_ROOT/.build-xen

products=$(grep -v '^#' "$XEN_HOST_DIR/products" | grep -v '^[[:space:]]*$')
[ -f "$BOOT/dom0-libraries.txt" ] || die "run build-initramfs.sh first: $BOOT/dom0-libraries.txt is missing"

rm -rf "${SHARE:?}/bin" "${SHARE:?}/lib"
mkdir -p "$SHARE/bin" "$SHARE/lib"
for product in $products; do
    say "scripts/release-build.sh --product $product"
    # shellcheck disable=SC2086 # SWIFT_FLAGS is a list of flags
    (cd "$REPO_ROOT" && SWIFT=$SWIFT scripts/release-build.sh --scratch-path "$SCRATCH" \
        --product "$product" $SWIFT_FLAGS) || die "swift build of $product failed"
    cp "$SCRATCH/release/$product" "$SHARE/bin/"
done

# The harness's own C checks, linked statically.
for tool in "$XEN_HOST_DIR"/tools/*.c; do
    name=$(basename "$tool" .c)
    say "${CC:-cc} -static -o $name $(basename "$tool")"
    "${CC:-cc}" -O1 -Wall -Wextra -Werror -static -o "$SHARE/bin/$name" "$tool" || die "cc of $tool failed"
done

# Libraries dom0 already has (glibc, the Xen libraries from the same Debian packages) are not copied:
# dom0 must use its own Xen libraries, which match the hypervisor it runs on.
for binary in "$SHARE/bin/"*; do
    { ldd "$binary" 2>/dev/null || true; } | awk '/=> \// { print $3 }'   # static tools: nothing
done | sort -u | while read -r library; do
    grep -qxF "$(basename "$library")" "$BOOT/dom0-libraries.txt" || cp -L "$library" "$SHARE/lib/"
done
# Throwaway certificates for the TLS migration of tests/daemon-libxl-ops.sh, made fresh each run (they last two
# days); dom0 has no openssl.
rm -rf "${SHARE:?}/pki"
if command -v openssl > /dev/null; then "$REPO_ROOT/scripts/make-test-pki.sh" "$SHARE/pki"; fi
say "binaries for dom0: $(cd "$SHARE/bin" && echo *); extra libraries: $(cd "$SHARE/lib" && echo * | sed 's/^\*$/none/')"
