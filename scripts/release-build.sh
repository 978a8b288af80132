#!/usr/bin/env bash
# The release build of what is shipped and measured (xend, xendctl, libxend): the Swift runtime linked
# statically, and every Swift module compiled with one section per function, the dependencies' too, so that
# the linker places the everyday functions together and leaves out the unused ones. Package.swift can ask for
# function sections only for this package's own modules; the dependencies' flags come from the command line.
# docs/performance.md, "Function sections for the dependencies". SwiftPM does not rebuild a module when only
# the command line's -Xswiftc flags changed: a scratch path last built without them keeps the dependencies'
# old objects (delete it once; .build-static and .build-xen were built without them before 2026-12-06).
# Usage: scripts/release-build.sh [SWIFT_BUILD_ARGUMENTS...]   (SWIFT names the swift command; default swift)
set -euo pipefail
exec "${SWIFT:-swift}" build -c release --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -function-sections "$@"
