#!/bin/sh
# What listing costs on real Xen: `xend --backend libxl` in dom0 with 1, 10 and 50 guests (LISTING_COUNTS),
# or as many as fit in Xen's free memory, each created paused through op=create (so each has its stored
# xend config) and never unpaused (96 MiB each: the guest kernel alone unpacks to 58 MiB, and since the
# initramfs carries the CD-ROM modules 80 MiB no longer holds both; they need no CPU). For each count it asks GET /xend/domain?state=all (names) and ?detail=1 five times and prints the median of the daemon's own request times (its log line's µs), per domain too,
# beside `xl list`'s time for the same domains. A measurement with checks, not a timed assertion:
# it fails only when a listing is wrong (a guest missing, a request failing). docs/performance.md.
set -eu
PORT=8000
BASE=http://127.0.0.1:$PORT/xend
LOG=$XEN_HOST_OUT/xend-libxl-listing.log
COUNTS=${LISTING_COUNTS:-1 10 50}
FAILURES=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; FAILURES=$((FAILURES + 1)); }
get() { wget -q -O - "$BASE$1" 2>&1 || echo "wget failed: GET $1"; }
post() { wget -q -O - --post-data "$2" "$BASE$1" 2>&1 || echo "wget failed: POST $1 $2"; }
encode() { printf '%s' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/(/%28/g' -e 's/)/%29/g' -e 's|/|%2F|g' -e 's/=/%3D/g'; }
# The median of the numbers on standard input.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }'; }
# `timed PATH`: GETs PATH five times; prints the median µs the daemon logged for it.
timed() {
    before=$(wc -l < "$LOG")
    for _ in 1 2 3 4 5; do get "$1" > /dev/null; done
    # Request lines reach the log in batches, within a millisecond or so of their answers.
    for _ in $(seq 50); do
        [ "$(tail -n +$((before + 1)) "$LOG" | grep -cF "GET $2 200 ")" -ge 5 ] && break
        sleep 0.02
    done
    tail -n +$((before + 1)) "$LOG" | grep -F "GET $2 200 " | sed 's/.* \([0-9]*\)µs$/\1/' | median
}
uptime_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }

ifconfig lo 127.0.0.1 up
xend --config /dev/null --backend libxl --no-unix --tcp-port $PORT --state-dir /tmp/xend-listing-state \
    --save-dir /tmp/xend-save > "$LOG" 2>&1 &
XEND_PID=$!
trap 'kill $XEND_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q "xend ready" "$LOG" && break; sleep 0.2; done
grep -q "xend ready" "$LOG" || { cat "$LOG"; echo "FAIL xend did not start"; exit 1; }

GUEST_MIB=96
# Leave 256 MiB for libxl and the hotplug scripts; a count above what fits is measured at what fits.
fit=$(( ($(xl info | awk '/^free_memory/ { print $3 }') - 256) / GUEST_MIB ))
echo "Xen's free memory holds $fit guests of $GUEST_MIB MiB"
[ "$fit" -ge 1 ] || fail "no room for a single listing guest"
created=0
for wanted in $COUNTS; do
    count=$wanted
    if [ "$count" -gt "$fit" ]; then
        count=$fit
        echo "only $fit guests fit, not $wanted"
    fi
    [ "$count" -gt "$created" ] || continue   # already measured at this count
    started=$(uptime_ms)
    while [ "$created" -lt "$count" ]; do
        created=$((created + 1))
        config="(vm (name list-$created) (memory $GUEST_MIB) (vcpus 1) (image (linux (kernel $XEN_HOST_GUEST_KERNEL) (ramdisk $XEN_HOST_GUEST_RAMDISK))))"
        case "$(post /domain/ "op=create&config=$(encode "$config")")" in
            *"(name list-$created)"*) ;;
            *) fail "op=create of guest $created"; break 2 ;;
        esac
    done
    echo "created guests up to $count in $(( $(uptime_ms) - started )) ms"
    # state=all: a plain GET lists running domains only, as xend did, and these are paused.
    names=$(get '/domain?state=all')
    listed=$(printf '%s\n' "$names" | grep -o 'list-[0-9]*' | sort -u | wc -l)
    if [ "$listed" -eq "$count" ]; then pass "GET /xend/domain lists all $count guests"; else fail "GET /xend/domain lists $listed of $count guests"; fi
    # detail=1 answers the records of running domains only, as xend did (its state= is for names): every
    # record is built from libxl, then the paused guests are left out of what is printed.
    detail=$(get '/domain?detail=1')
    records=$(printf '%s\n' "$detail" | grep -o '(name list-[0-9]*)' | sort -u | wc -l)
    case "$detail" in
        *"(name Domain-0)"*) if [ "$records" -eq 0 ]; then pass "detail=1 has dom0's record and no paused guest's"; else fail "detail=1 has $records paused guests' records"; fi ;;
        *) fail "detail=1 has no record for Domain-0: $(printf '%s' "$detail" | head -c 200)" ;;
    esac
    names_us=$(timed '/domain?state=all' /xend/domain)
    detail_us=$(timed '/domain?detail=1' /xend/domain)
    one_us=$(timed /domain/list-1 /xend/domain/list-1)
    xl_started=$(uptime_ms)
    for _ in 1 2 3 4 5; do xl list > /dev/null; done
    xl_ms=$(( ($(uptime_ms) - xl_started) / 5 ))
    domains=$((count + 1))
    echo "LISTING domains=$domains names_us=$names_us detail_us=$detail_us per_domain_detail_us=$((detail_us / domains)) one_record_us=$one_us xl_list_ms=$xl_ms"
done

# The daemon keeps names between listings while it watches xenstore (Sources/LibxlBackend/DomainNameWatch.swift):
# a rename behind its back (xl rename) must show in the next listings, the old name gone.
if grep -q "domain names are read for every listing" "$LOG"; then
    fail "the daemon watches xenstore for names: $(grep "domain names are read" "$LOG" | head -n 1)"
else
    pass "the daemon watches xenstore for names"
fi
get '/domain?state=all' > /dev/null
xl rename list-1 renamed-1
seen=no
for try in $(seq 20); do
    names=$(get '/domain?state=all')
    case "$names" in *renamed-1*) case "$names" in *"list-1 "* | *"list-1)"* | *"list-1
"*) ;; *) seen=yes; break ;; esac ;; esac
    sleep 0.1
done
if [ "$seen" = yes ]; then pass "xl rename shows in the daemon's names (listing $try)"; else fail "xl rename not in the daemon's names: $names"; fi
case "$(get /domain/renamed-1)" in *"(name renamed-1)"*) pass "GET /xend/domain/renamed-1 finds the renamed guest" ;; *) fail "GET /xend/domain/renamed-1 does not find the renamed guest" ;; esac
case "$(get /domain/list-1 2>&1)" in *"(name list-1)"*) fail "the old name still finds the renamed guest" ;; *) pass "the old name no longer finds the guest" ;; esac
xl rename renamed-1 list-1

for index in $(seq "$created"); do post "/domain/list-$index" op=destroy > /dev/null; done
sleep 1
case "$(xl list)" in *list-*) fail "every listing guest destroyed" ;; *) pass "every listing guest destroyed" ;; esac
echo "daemon-libxl-listing: $FAILURES failure(s)"
[ "$FAILURES" -eq 0 ]
