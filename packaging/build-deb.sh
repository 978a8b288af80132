#!/usr/bin/env bash
# Builds three Debian packages under build/deb from this repository. xend: release binaries with the
# Swift runtime linked in statically, the systemd units, /etc/xen/xend-config.sxp as a conffile, the
# manual pages (build/man, made by `make man`), xendctl's completions, copyright and changelog.
# libxend1: the C library libxend.so.1; libxend-dev: its header, link and pkg-config file
# (docs/libxend.md). The shared library dependencies are computed by dpkg-shlibdeps; lintian then
# checks the packages.
# Usage: packaging/build-deb.sh   (run from the repository; `make deb` does, after `make man`)
set -euo pipefail
SWIFT=${SWIFT:-swift}
OUT=build/deb
ROOT=$OUT/root
SOURCE=$OUT/source
VERSION=$(sed -n '1s/^xend (\([^)]*\)).*/\1/p' packaging/debian/changelog)
UPSTREAM=${VERSION%-*}
grep -q "version = \"$UPSTREAM\"" Sources/XendServer/Metrics/XendBuild.swift \
    || { echo "build-deb: packaging/debian/changelog says $UPSTREAM, XendBuild.swift does not" >&2; exit 1; }

for product in xend xendctl xendc; do
    SWIFT=$SWIFT scripts/release-build.sh -Xswiftc -warnings-as-errors --product $product
done
BIN=$($SWIFT build -c release --show-bin-path)

rm -rf "$OUT"
mkdir -p "$ROOT/DEBIAN" "$SOURCE/debian"
install -D -m 755 "$BIN/xend" "$ROOT/usr/sbin/xend"
install -D -m 755 "$BIN/xendctl" "$ROOT/usr/bin/xendctl"
strip --remove-section=.comment --remove-section=.note "$ROOT/usr/sbin/xend" "$ROOT/usr/bin/xendctl"
# The toolchain's library path stays in RUNPATH even with the runtime linked in; nothing is found there.
if command -v patchelf >/dev/null; then patchelf --remove-rpath "$ROOT/usr/sbin/xend" "$ROOT/usr/bin/xendctl"; fi
install -D -m 644 systemd/xend.service "$ROOT/usr/lib/systemd/system/xend.service"
install -D -m 644 systemd/xend.socket "$ROOT/usr/lib/systemd/system/xend.socket"
install -D -m 644 packaging/debian/xend-config.sxp "$ROOT/etc/xen/xend-config.sxp"
for page in build/man/xend.8 build/man/xendctl.1 packaging/man/xend-config.sxp.5; do
    [[ -f $page ]] || { echo "build-deb: $page is missing (run make man)" >&2; exit 1; }
    section=${page##*.}
    install -d "$ROOT/usr/share/man/man$section"
    gz="$ROOT/usr/share/man/man$section/$(basename "$page").gz"
    gzip -9n < "$page" > "$gz"
done
# bash-completion sources the file, so it carries no #! line.
"$BIN/xendctl" --generate-completion-script bash | sed '1{/^#!/d}' > "$OUT/xendctl.bash"
"$BIN/xendctl" --generate-completion-script zsh > "$OUT/_xendctl"
"$BIN/xendctl" --generate-completion-script fish > "$OUT/xendctl.fish"
install -D -m 644 "$OUT/xendctl.bash" "$ROOT/usr/share/bash-completion/completions/xendctl"
install -D -m 644 "$OUT/_xendctl" "$ROOT/usr/share/zsh/vendor-completions/_xendctl"
install -D -m 644 "$OUT/xendctl.fish" "$ROOT/usr/share/fish/vendor_completions.d/xendctl.fish"
install -D -m 644 packaging/debian/lintian-overrides "$ROOT/usr/share/lintian/overrides/xend"
install -D -m 644 packaging/debian/copyright "$ROOT/usr/share/doc/xend/copyright"
install -D -m 644 README.md "$ROOT/usr/share/doc/xend/README.md"
gzip -9n < packaging/debian/changelog > "$ROOT/usr/share/doc/xend/changelog.Debian.gz"
chmod 644 "$ROOT/usr/share/doc/xend/changelog.Debian.gz"

install -m 644 packaging/debian/conffiles "$ROOT/DEBIAN/conffiles"
install -m 755 packaging/debian/postrm "$ROOT/DEBIAN/postrm"

# libxend: the library in libxend1 (named after its soname, as Debian's policy for shared libraries
# asks), the header, link and pkg-config file in libxend-dev. Multiarch paths, no rpath in libxend.pc.
MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
LIBDIR=/usr/lib/$MULTIARCH
STAGE=$OUT/libxend-stage
LIBROOT=$OUT/libxend1
DEVROOT=$OUT/libxend-dev
LIBDIR=$LIBDIR ./scripts/install-libxend.sh "$BIN" /usr "$STAGE" >/dev/null
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$STAGE$LIBDIR/libxend.so.1"
install -D -m 644 "$STAGE$LIBDIR/libxend.so.1" "$LIBROOT$LIBDIR/libxend.so.1"
install -D -m 644 "$STAGE/usr/include/libxend/xend.h" "$DEVROOT/usr/include/libxend/xend.h"
install -D -m 644 "$STAGE$LIBDIR/pkgconfig/libxend.pc" "$DEVROOT$LIBDIR/pkgconfig/libxend.pc"
ln -s libxend.so.1 "$DEVROOT$LIBDIR/libxend.so"
for package in libxend1 libxend-dev; do
    root=$OUT/$package
    install -D -m 644 packaging/debian/copyright "$root/usr/share/doc/$package/copyright"
    install -D -m 644 "$ROOT/usr/share/doc/xend/changelog.Debian.gz" "$root/usr/share/doc/$package/changelog.Debian.gz"
    install -d "$root/DEBIAN"
done
install -D -m 644 packaging/debian/libxend1.lintian-overrides "$LIBROOT/usr/share/lintian/overrides/libxend1"
echo "libxend 1 libxend1 (>= $UPSTREAM)" > "$LIBROOT/DEBIAN/shlibs"
echo "activate-noawait ldconfig" > "$LIBROOT/DEBIAN/triggers"
chmod 644 "$LIBROOT/DEBIAN/shlibs" "$LIBROOT/DEBIAN/triggers"

cp packaging/debian/control packaging/debian/changelog "$SOURCE/debian/"
ABSROOT=$(cd "$ROOT" && pwd) ABSLIB=$(cd "$LIBROOT" && pwd) ABSDEV=$(cd "$DEVROOT" && pwd)
# The daemon loads the Xen libraries with dlopen when the libxl backend starts (docs/xenlight-gen.md), so its
# ELF header does not name them. A program linked against the same libraries (the sonames of
# Sources/CXenlightShims/xen-functions.c) gives dpkg-shlibdeps what to say of them; it is not packaged.
XEN_PROBE=$ABSROOT/usr/sbin/xend-xen-libraries
mapfile -t xen_sonames < <(sed -n 's/^    "\(lib[a-z]*\.so\.[0-9.]*\)",$/\1/p' Sources/CXenlightShims/xen-functions.c)
[[ ${#xen_sonames[@]} -gt 0 ]] || { echo "build-deb: no Xen library names in xen-functions.c" >&2; exit 1; }
# The bindings and those names come from one Xen's headers; a package built on a host with another Xen would
# depend on libraries the daemon never loads. Refuse, rather than ship that.
xen_libraries=()
for soname in "${xen_sonames[@]}"; do
    installed=$(readelf -d "$(cc -print-file-name="${soname%%.so*}.so")" 2>/dev/null \
        | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
    [[ $installed == "$soname" ]] || {
        echo "build-deb: the daemon is generated for $soname (Sources/CXenlightShims/xen-functions.c), but this" \
            "host's development library is ${installed:-missing}: run make generate on this host first" >&2
        exit 1
    }
    xen_libraries+=("-l:$soname")
done
printf 'int main(void) { return 0; }\n' | cc -x c - -o "$XEN_PROBE" -Wl,--no-as-needed "${xen_libraries[@]}"
(cd "$SOURCE" && dpkg-shlibdeps -Tdebian/xend.substvars "$ABSROOT/usr/sbin/xend" "$ABSROOT/usr/bin/xendctl" "$XEN_PROBE" \
    && rm "$XEN_PROBE" \
    && dpkg-gencontrol -pxend -P"$ABSROOT" -Tdebian/xend.substvars -Vmisc:Depends= \
    && dpkg-shlibdeps -Tdebian/libxend1.substvars "$ABSLIB$LIBDIR/libxend.so.1" \
    && dpkg-gencontrol -plibxend1 -P"$ABSLIB" -Tdebian/libxend1.substvars -Vmisc:Depends= \
    && dpkg-gencontrol -plibxend-dev -P"$ABSDEV" -Vmisc:Depends=)
ARCH=$(dpkg --print-architecture)
DEBS=()
for root in "$ROOT" "$LIBROOT" "$DEVROOT"; do
    find "$root" -type d -exec chmod 755 {} +
    package=$(sed -n 's/^Package: //p' "$root/DEBIAN/control")
    deb=$OUT/${package}_${VERSION}_${ARCH}.deb
    dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
    echo "built $deb; Depends: $(dpkg-deb -f "$deb" Depends)"
    DEBS+=("$deb")
done
if command -v lintian >/dev/null; then
    lintian --fail-on error "${DEBS[@]}"
fi
