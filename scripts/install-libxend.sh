#!/usr/bin/env bash
# Installs libxend (docs/libxend.md): libxend.so.1 with its libxend.so link, libxend/xend.h and libxend.pc.
# Usage: scripts/install-libxend.sh BIN_DIR PREFIX [DESTDIR]
#   BIN_DIR  where SwiftPM built libxendc.so (swift build --show-bin-path)
#   PREFIX   where the library will live (written into libxend.pc and the rpath it gives)
#   DESTDIR  a staging root for packaging; empty by default
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$1 PREFIX=$2 DEST=${3:-}${2}
[[ -f $BIN/libxendc.so ]] || { echo "install-libxend: $BIN/libxendc.so is not built (make libxend)" >&2; exit 1; }
install -d "$DEST/lib/pkgconfig" "$DEST/include/libxend"
# Without its debug sections: a fraction of the size, and readable by valgrind (whose DWARF reader
# gives up on the Swift toolchain's DWARF 5).
objcopy --strip-debug "$BIN/libxendc.so" "$DEST/lib/libxend.so.1"
chmod 0755 "$DEST/lib/libxend.so.1"
ln -sfn libxend.so.1 "$DEST/lib/libxend.so"
install -m 0644 Sources/CLibxend/include/libxend/xend.h "$DEST/include/libxend/xend.h"
sed "s|@PREFIX@|$PREFIX|g" Sources/Libxend/libxend.pc.in >"$DEST/lib/pkgconfig/libxend.pc"
chmod 0644 "$DEST/lib/pkgconfig/libxend.pc"
echo "libxend installed under $DEST"
