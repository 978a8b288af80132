#!/usr/bin/env bash
# The one entry point for benchmarks (`make bench`, BENCH=... picks one). Each prints figures; none asserts.
#   sexpression  S-expression parse/print throughput (sexpression-bench)
#   hypervisor   the simulated host's operations without HTTP (bench-hypervisor)
#   http         the HTTP engine beside a bare libmicrohttpd server (bench-http.sh)
#   daemon       the whole daemon beside the bare server, and the 1,000-domain listing (bench-daemon.sh)
#   listing      the listing against the number of domains, direct and generic printer (bench-listing.sh)
#   relocation   migration of a 512 MiB simulated guest in clear and over TLS (bench-relocation.sh)
#   all          all of the above, in that order
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
run_swift() { swift run --package-path "$here" -c release "$@"; }
case "${1:-all}" in
    sexpression) run_swift sexpression-bench ;;
    hypervisor) run_swift bench-hypervisor ;;
    http) "$here/bench-http.sh" ;;
    daemon) "$here/bench-daemon.sh" ;;
    listing) "$here/bench-listing.sh" ;;
    relocation) "$here/bench-relocation.sh" ;;
    all) for one in sexpression hypervisor http daemon relocation; do "$0" "$one"; done ;;
    *) echo "usage: $0 [sexpression|hypervisor|http|daemon|listing|relocation|all]" >&2; exit 2 ;;
esac
