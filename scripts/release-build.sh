#!/usr/bin/env bash
# The release build of what is shipped and measured (xend, xendctl, libxend): the Swift runtime linked
# statically, and every Swift module compiled with one section per function, the dependencies' too, so that
# the linker places the everyday functions together and leaves out the unused ones. Package.swift can ask for
# function sections only for this package's own modules; the dependencies' flags come from the command line.
# docs/performance.md, "Function sections for the dependencies".
# Usage: scripts/release-build.sh [SWIFT_BUILD_ARGUMENTS...]   (SWIFT names the swift command; default swift)
set -euo pipefail
exec "${SWIFT:-swift}" build -c release --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -function-sections "$@"
