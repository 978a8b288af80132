#!/usr/bin/env bash
# Where an idle daemon's resident memory is: the daemon (simulated host) and the bare libmicrohttpd server
# of Benchmarks/bench-http.sh, started as Benchmarks/bench-daemon.sh starts them (a Unix socket and a TCP
# port each, THREADS threads), each answer one `GET /xend/node/` on the Unix socket, then their
# /proc/PID/smaps is summed by what holds each page: the binary's code, its read-only data (with the
# relocated, RELRO part), its writable data; each shared library, grouped by the library that pulled it
# in (libmicrohttpd with its TLS stack, libxenlight with the Xen libraries); and anonymous memory. Resident
# (Rss) and written (Private_Dirty) kB per group, side by side (docs/performance.md, "Where the idle
# daemon's memory is"). A benchmark, not a test: it prints figures. How the file came into the page cache
# moves the file-backed figures (the kernel maps the cached pages around each one touched), so compare
# runs made the same way.
#
# Usage: Benchmarks/rss-breakdown.sh [XEND_BINARY]   (default: the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
XEND=${1:-$(swift build -c release --show-bin-path)/xend}
[ -x "$XEND" ] || { echo "no xend binary at $XEND: build it with swift build -c release --product xend" >&2; exit 1; }
# shellcheck source=Benchmarks/side-by-side.sh
. Benchmarks/side-by-side.sh
side_by_side rss-breakdown

THREADS=${THREADS:-$((2 * $(nproc)))}
"$work/bare-mhd" "$work/bare.sock" 0 "$THREADS" > /dev/null &
pids+=($!)
"$XEND" --config /dev/null --backend simulated --unix-path "$work/xend.sock" --tcp-port 0 \
    --state-dir "$work/state" --save-dir "$work/save" --threads "$THREADS" 2> "$work/xend.log" &
pids+=($!)
for socket in bare.sock xend.sock; do
    answers "$work/$socket" || { echo "the server of $socket did not start" >&2; exit 1; }
done
sleep 0.5 # let both settle after their first answer

# The libraries each of the two big dependencies brings, by path, for the grouping.
libraries_of() { ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | xargs -r readlink -f; }
# awk reads ldconfig's whole output: leaving at the first match would let pipefail report ldconfig's SIGPIPE.
microhttpd=$(ldconfig -p | awk '$1 == "libmicrohttpd.so.12" && !found { print $NF; found = 1 }')
xenlight=$(ldconfig -p | awk '$1 ~ /^libxenlight\.so\./ && !found { print $NF; found = 1 }')
{ readlink -f "$microhttpd"; libraries_of "$microhttpd"; } > "$work/microhttpd.libs"
{ readlink -f "$xenlight"; libraries_of "$xenlight"; } > "$work/xenlight.libs"

/usr/bin/python3 - "${pids[0]}" "${pids[1]}" "$work" "$(readlink -f "$XEND")" <<'PY'
import collections, os, re, sys

bare_pid, ours_pid, work, xend = sys.argv[1:5]
def listed(name):
    with open(os.path.join(work, name)) as f:
        return {line.strip() for line in f if line.strip()}
microhttpd, xenlight = listed("microhttpd.libs"), listed("xenlight.libs")
system = {"libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2", "libgcc_s.so.1"}
binaries = {xend, os.path.realpath(os.path.join(work, "bare-mhd"))}

def group(mapped, perms):
    path = os.path.realpath(mapped) if mapped.startswith("/") else mapped
    if path in binaries:
        kind = {"r-xp": "code", "rw-p": "writable data"}.get(perms, "read-only data and RELRO")
        return "the binary: " + kind
    if not path.startswith("/"):
        return "anonymous, heap and stack"
    if os.path.basename(mapped) in system or os.path.basename(path) in system:
        return "libc, libm, ld.so, libgcc_s"
    # libxenlight links libc too: test the narrower lists after the system libraries.
    if path in xenlight and path not in microhttpd:
        return "libxenlight and the Xen libraries it links"
    if path in microhttpd:
        return "libmicrohttpd and its TLS stack (gnutls, nettle, p11-kit...)"
    return re.sub(r"\.so.*", "", os.path.basename(path))

def breakdown(pid):
    totals, current = collections.defaultdict(lambda: [0, 0]), None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            fields = line.split()
            if re.match(r"^[0-9a-f]+-[0-9a-f]+$", fields[0]):
                path = fields[5] if len(fields) > 5 else "[anonymous]"
                current = group(path, fields[1])
            elif fields[0] == "Rss:":
                totals[current][0] += int(fields[1])
            elif fields[0] == "Private_Dirty:":
                totals[current][1] += int(fields[1])
    return totals

bare, ours = breakdown(bare_pid), breakdown(ours_pid)
rows = sorted(set(bare) | set(ours), key=lambda name: -ours.get(name, [0])[0])
cell = lambda t, name: "%6.2f (%4.2f)" % tuple(v / 1024 for v in t.get(name, [0, 0]))
print("| resident MB (written MB) | bare MHD (C) | ours |")
print("|---|---|---|")
for name in rows:
    print(f"| {name} | {cell(bare, name)} | {cell(ours, name)} |")
total = lambda t: [sum(v[0] for v in t.values()), sum(v[1] for v in t.values())]
print(f"| **all (VmRSS)** | {'%6.2f (%4.2f)' % tuple(v / 1024 for v in total(bare))} | "
      f"{'%6.2f (%4.2f)' % tuple(v / 1024 for v in total(ours))} |")
PY
libraries() { awk '$6 ~ /\.so/ { print $6 }' "/proc/$1/maps" | sort -u | wc -l; }
echo "shared libraries mapped: bare $(libraries "${pids[0]}"), ours $(libraries "${pids[1]}")"
