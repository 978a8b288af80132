#!/usr/bin/env bash
# Installs libxend (docs/libxend.md): libxend.so.1 with its libxend.so link, libxend/xend.h and libxend.pc.
# Usage: scripts/install-libxend.sh BIN_DIR PREFIX [DESTDIR]
#   BIN_DIR  where SwiftPM built libxendc.so (swift build --show-bin-path)
#   PREFIX   where the library will live (written into libxend.pc and the rpath it gives)
#   DESTDIR  a staging root for packaging; empty by default
# LIBDIR (environment) overrides PREFIX/lib: the Debian package uses /usr/lib/<multiarch>. A library in a
# directory the dynamic linker searches anyway gets no rpath in libxend.pc.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$1 PREFIX=$2 DESTDIR=${3:-}
LIBDIR=${LIBDIR:-$PREFIX/lib}
[[ -f $BIN/libxendc.so ]] || { echo "install-libxend: $BIN/libxendc.so is not built (make libxend)" >&2; exit 1; }
install -d "$DESTDIR$LIBDIR/pkgconfig" "$DESTDIR$PREFIX/include/libxend"
# Without its debug sections: a fraction of the size, and readable by valgrind (whose DWARF reader
# gives up on the Swift toolchain's DWARF 5).
objcopy --strip-debug "$BIN/libxendc.so" "$DESTDIR$LIBDIR/libxend.so.1"
chmod 0755 "$DESTDIR$LIBDIR/libxend.so.1"
ln -sfn libxend.so.1 "$DESTDIR$LIBDIR/libxend.so"
install -m 0644 Sources/CLibxend/include/libxend/xend.h "$DESTDIR$PREFIX/include/libxend/xend.h"
case $LIBDIR in
/lib | /usr/lib | /lib/*-linux-gnu* | /usr/lib/*-linux-gnu*) RPATH= ;;
*) RPATH="-Wl,-rpath,\${libdir} " ;;
esac
sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@LIBDIR@|$LIBDIR|g" -e "s|@RPATH@|$RPATH|g" Sources/Libxend/libxend.pc.in \
    >"$DESTDIR$LIBDIR/pkgconfig/libxend.pc"
chmod 0644 "$DESTDIR$LIBDIR/pkgconfig/libxend.pc"
echo "libxend installed under $DESTDIR$PREFIX"
