# shellcheck shell=bash
# Sourced by the scripts that run the daemon under valgrind's callgrind (Benchmarks/bench-startup.sh,
# Benchmarks/bench-instructions.sh, scripts/function-order.sh): `under_callgrind NAME XEND_BINARY` checks
# for valgrind and the binary, makes the scratch directory $work with the client Benchmarks/C/http-load.c
# built in it, and sets $xend to a copy of the binary callgrind can read: Valgrind 3.19 cannot read the
# DWARF 5 that Swift emits and gives up on the binary, so the copy has no debug information (the symbol
# table stays, so callgrind_annotate still names functions). On exit, the server whose pid is in $server
# is killed and $work removed.
under_callgrind() {
    command -v valgrind > /dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
    [ -x "$2" ] || { echo "no xend binary at $2: build it with swift build -c release --product xend" >&2; exit 1; }
    work=$(mktemp -d "/tmp/$1.XXXXXX")
    server=
    trap under_callgrind_cleanup EXIT
    xend=$work/xend
    strip --strip-debug -o "$xend" "$2"
    cc -O2 -o "$work/http-load" Benchmarks/C/http-load.c
}
under_callgrind_cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2> /dev/null; then kill -KILL "$server" 2> /dev/null || true; fi
    rm -rf "$work"
}
