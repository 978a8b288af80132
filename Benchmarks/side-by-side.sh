# shellcheck shell=bash
# Sourced by the benchmarks that run servers side by side (bench-http.sh, bench-original.sh,
# rss-breakdown.sh): `side_by_side NAME` makes the scratch directory $work, builds the bare
# libmicrohttpd server there ($work/bare-mhd, from Benchmarks/C/bare-mhd.c), and kills every pid the
# script appends to the array `pids` when it exits. `expand COMMAND UNIX PORT` fills a server's command
# line in; `answers SOCKET` waits up to 10 s for GET /xend/node/ to answer on a Unix socket.
side_by_side() {
    work=$(mktemp -d "/tmp/$1.XXXXXX")
    pids=()
    trap side_by_side_cleanup EXIT
    cc -O2 -o "$work/bare-mhd" Benchmarks/C/bare-mhd.c -lmicrohttpd
}
side_by_side_cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
expand() { local cmd=${1//\{unix\}/$2}; echo "${cmd//\{port\}/$3}"; }
answers() {
    for _ in $(seq 200); do
        curl -s -o /dev/null --unix-socket "$1" http://localhost/xend/node/ && return 0
        sleep 0.05
    done
    return 1
}
