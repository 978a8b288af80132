# Sourced by the benchmarks that run servers side by side (bench-http.sh, bench-original.sh,
# rss-breakdown.sh): `side_by_side NAME` makes the scratch directory $work, builds the bare
# libmicrohttpd server there ($work/bare-mhd, from Benchmarks/C/bare-mhd.c), and kills every pid the
# script appends to the array `pids` when it exits.
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
