#!/usr/bin/env bash
# Builds build/deb/xend_<version>_<arch>.deb from this repository: release binaries with the Swift
# runtime linked in statically, the systemd units, /etc/xen/xend-config.sxp as a conffile, the manual
# pages (build/man, made by `make man`), xendctl's completions, copyright and changelog. The shared
# library dependencies are computed by dpkg-shlibdeps; lintian then checks the package.
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

$SWIFT build -c release --static-swift-stdlib -Xswiftc -warnings-as-errors --product xend
$SWIFT build -c release --static-swift-stdlib -Xswiftc -warnings-as-errors --product xendctl
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
    gzip -9n < "$page" > "$ROOT/usr/share/man/man$section/$(basename "$page").gz"
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

# The C library libxend (its `make install` layout: lib/libxend.so*, include/xend*.h,
# lib/pkgconfig/libxend.pc) goes here, under $ROOT/usr, once it exists; a library in the package
# then also needs a shlibs file (dpkg-gensymbols) and, by Debian policy, its own libxend0 package.

install -m 644 packaging/debian/conffiles "$ROOT/DEBIAN/conffiles"
install -m 755 packaging/debian/postrm "$ROOT/DEBIAN/postrm"
cp packaging/debian/control packaging/debian/changelog "$SOURCE/debian/"
ABSROOT=$(cd "$ROOT" && pwd)
(cd "$SOURCE" && dpkg-shlibdeps -Tdebian/substvars "$ABSROOT/usr/sbin/xend" "$ABSROOT/usr/bin/xendctl" \
    && dpkg-gencontrol -pxend -P"$ABSROOT" -Tdebian/substvars -Vmisc:Depends=)
find "$ROOT" -type d -exec chmod 755 {} +
ARCH=$(dpkg --print-architecture)
DEB=$OUT/xend_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$DEB" >/dev/null
echo "built $DEB; Depends: $(dpkg-deb -f "$DEB" Depends)"
if command -v lintian >/dev/null; then
    lintian --fail-on error "$DEB"
fi
