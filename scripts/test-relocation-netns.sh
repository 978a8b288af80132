#!/usr/bin/env bash
# Migrations between real xend daemons in two network namespaces with their own addresses, so that
# xend-relocation-hosts-allow, xend-relocation-secret-file and TLS (xend-relocation-ssl-server,
# xend-relocation-ssl) are checked against real, distinct peers (docs/hardening.md, "Relocation"). The
# test makes its namespaces and a veth pair itself:
#   A: 10.77.0.1/24, the receiver (hosts-allow ^10\.77\.0\.2$, a secret), a second receiver without a secret,
#      a TLS receiver (the secret too), and a sender with the secret whose address the list does not admit
#   B: 10.77.0.2/24, a sender holding the secret, one without it, a TLS sender with the secret, and a TLS
#      sender trusting another CA
# Certificates are throwaway ones from scripts/make-test-pki.sh (openssl), in the test's directory.
# Traffic stays inside the two namespaces (each with its own loopback); the daemons' Unix sockets are
# files, reached from here with curl. Needs root and iproute2; skips with a message otherwise.
# Prints the time of each 512 MiB migration. Usage: scripts/test-relocation-netns.sh [path/to/xend]
set -euo pipefail

skip() { echo "test-relocation-netns: SKIPPED: $*"; exit 0; }
[[ $(id -u) == 0 ]] || skip "needs root (ip netns)"
command -v ip >/dev/null || skip "needs iproute2 (ip)"
command -v curl >/dev/null || skip "needs curl"
command -v python3 >/dev/null || skip "needs python3"
command -v openssl >/dev/null || skip "needs openssl (TLS certificates)"
XEND=${1:-$(swift build --show-bin-path)/xend}
[[ -x $XEND ]] || { echo "test-relocation-netns: $XEND is not built" >&2; exit 1; }

TAG=$$
NS_A=xend-reloc-a-$TAG
NS_B=xend-reloc-b-$TAG
WORK=$(mktemp -d /tmp/xend-reloc-netns.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do if kill -TERM "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi; done
    ip netns del "$NS_A" 2>/dev/null || true
    ip netns del "$NS_B" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
ip netns add "$NS_A" 2>/dev/null || skip "cannot create a network namespace here"
ip netns add "$NS_B"
ip link add "xra$TAG" netns "$NS_A" type veth peer name "xrb$TAG" netns "$NS_B"
ip -n "$NS_A" address add 10.77.0.1/24 dev "xra$TAG"
ip -n "$NS_B" address add 10.77.0.2/24 dev "xrb$TAG"
for ns in "$NS_A" "$NS_B"; do
    ip -n "$ns" link set lo up
done
ip -n "$NS_A" link set "xra$TAG" up
ip -n "$NS_B" link set "xrb$TAG" up

head -c 32 /dev/urandom | base64 >"$WORK/secret"
chmod 600 "$WORK/secret"
"$(dirname "$0")/make-test-pki.sh" "$WORK/pki"
PKI=$WORK/pki

fail() {
    echo "test-relocation-netns: FAIL: $*" >&2
    for log in "$WORK"/*/stderr; do echo "--- $log" >&2; tail -n 20 "$log" >&2; done
    exit 1
}

# start NAME NAMESPACE [flags...]: a daemon on the simulated host, Unix socket only, waited for.
start() {
    local name=$1 ns=$2
    shift 2
    mkdir -p "$WORK/$name"
    # shellcheck disable=SC2094 # xend only writes the file: its log and its stderr go to one file
    ip netns exec "$ns" "$XEND" --config /dev/null --backend simulated --no-tcp \
        --unix-path "$WORK/$name/sock" --state-dir "$WORK/$name/state" --save-dir "$WORK/$name/save" \
        --daemon-log "$WORK/$name/stderr" "$@" 2>"$WORK/$name/stderr" &
    PIDS+=($!)
    for _ in $(seq 200); do
        grep -q "xend ready" "$WORK/$name/stderr" 2>/dev/null && return 0
        sleep 0.05
    done
    fail "$name did not start"
}

# post DAEMON PATH FORM...: prints the status and the body on one line.
post() {
    local name=$1 path=$2
    shift 2
    local args=()
    for field in "$@"; do args+=(--data-urlencode "$field"); done
    curl -s --unix-socket "$WORK/$name/sock" -H 'Accept: application/sxp' -w ' %{http_code}' "${args[@]}" \
        "http://localhost/xend/$path"
}
status() { curl -s -o /dev/null -w '%{http_code}' --unix-socket "$WORK/$1/sock" "http://localhost/xend/$2"; }

# guest DAEMON NAME: a running 512 MiB guest.
guest() {
    local answer
    answer=$(post "$1" domain/ op=create "config=(vm (name $2) (memory 512) (vcpus 1) (image (linux (kernel /boot/vmlinuz))))")
    [[ $answer == *" 201" ]] || fail "create $2 on $1: $answer"
    answer=$(post "$1" "domain/$2" op=unpause)
    [[ $answer == *" 200" ]] || fail "unpause $2 on $1: $answer"
}

# migrate DAEMON NAME PORT: op=migrate to 10.77.0.1; prints seconds taken, then the answer.
migrate() {
    local start end answer
    start=$(date +%s.%N)
    answer=$(post "$1" "domain/$2" op=migrate destination=10.77.0.1 "port=$3" "${MIGRATE[@]}")
    end=$(date +%s.%N)
    echo "$(python3 -c "print('%.3f' % ($end - $start))") $answer"
}

# The remaining fields xm sends with op=migrate.
MIGRATE=(live=0 node=-1 ssl=0 change_home_server=False)
RELOCATION=(--relocation-server --relocation-address 10.77.0.1 --relocation-hosts-allow '^10\.77\.0\.2$')
start receiver "$NS_A" "${RELOCATION[@]}" --relocation-port 8002 --relocation-secret-file "$WORK/secret"
start open-receiver "$NS_A" "${RELOCATION[@]}" --relocation-port 8003
start sender "$NS_B" --relocation-secret-file "$WORK/secret"
start stranger "$NS_B"
start outsider "$NS_A" --relocation-secret-file "$WORK/secret"
start tls-receiver "$NS_A" "${RELOCATION[@]}" --relocation-port 8004 --relocation-secret-file "$WORK/secret" \
    --relocation-tls-server --relocation-tls-cert "$PKI/server.pem" --relocation-tls-key "$PKI/server.key"
start tls-sender "$NS_B" --relocation-secret-file "$WORK/secret" --relocation-tls --relocation-tls-ca "$PKI/ca.pem"
start tls-stranger "$NS_B" --relocation-secret-file "$WORK/secret" --relocation-tls \
    --relocation-tls-ca "$PKI/other-ca.pem"

# 1. An admitted peer that holds the secret: the guest moves.
with_secret=()
for i in 1 2 3; do
    guest sender "auth$i"
    read -r seconds answer <<<"$(migrate sender "auth$i" 8002)"
    [[ $answer == "200" ]] || fail "authenticated migration of auth$i: $answer"
    [[ $(status receiver "domain/auth$i") == 200 ]] || fail "auth$i is not at the receiver"
    [[ $(status sender "domain/auth$i") == 404 ]] || fail "auth$i is still at the sender"
    with_secret+=("$seconds")
done
grep -q "receiving a domain from 10.77.0.2" "$WORK/receiver/stderr" || fail "the receiver did not log the peer 10.77.0.2"
echo "ok: 10.77.0.2 with the secret migrated 3 guests of 512 MiB to 10.77.0.1"

# 2. An admitted peer without the secret: refused with a clear error; nothing at the receiver.
guest stranger nosecret
answer=$(post stranger domain/nosecret op=migrate destination=10.77.0.1 port=8002 "${MIGRATE[@]}")
expected="Migration failed: this host only accepts peers that prove the relocation secret (xend-relocation-secret-file)"
[[ $answer == *"$expected"* ]] || fail "migration without the secret: $answer"
[[ $(status receiver domain/nosecret) == 404 ]] || fail "nosecret was left at the receiver"
[[ $(status stranger domain/nosecret) == 200 ]] || fail "nosecret is gone from the sender"
compgen -G "$WORK/receiver/state/domains/*" >/dev/null && fail "the receiver stored a domain"
grep -q "request from 10.77.0.2 refused" "$WORK/receiver/stderr" || fail "the receiver did not log the refusal"
echo "ok: 10.77.0.2 without the secret refused: $expected; nothing left at the receiver"

# 3. A peer outside xend-relocation-hosts-allow: refused before the stream is read. The raw client sends
#    nothing at all and still gets the refusal; the daemon is refused too, with the secret.
raw=$(ip netns exec "$NS_A" python3 -c 'import socket
s = socket.create_connection(("10.77.0.1", 8002), timeout=10)
print(s.recv(4096).decode().strip())')
[[ $raw == "error Host not allowed: 10.77.0.1" ]] || fail "raw client from 10.77.0.1: $raw"
guest outsider outside
answer=$(post outsider domain/outside op=migrate destination=10.77.0.1 port=8002 "${MIGRATE[@]}")
[[ $answer == *"Migration failed: Host not allowed: 10.77.0.1"* ]] || fail "migration from 10.77.0.1: $answer"
[[ $(status receiver domain/outside) == 404 ]] || fail "outside was left at the receiver"
[[ $(status outsider domain/outside) == 200 ]] || fail "outside is gone from its sender"
grep -q "refused 10.77.0.1: not in xend-relocation-hosts-allow" "$WORK/receiver/stderr" || fail "no refusal logged"
echo "ok: 10.77.0.1 (outside the list) refused before anything was read"

# 4. The same migrations without a secret, for the time they take.
without_secret=()
for i in 1 2 3; do
    guest stranger "open$i"
    read -r seconds answer <<<"$(migrate stranger "open$i" 8003)"
    [[ $answer == "200" ]] || fail "migration of open$i without a secret: $answer"
    [[ $(status open-receiver "domain/open$i") == 200 ]] || fail "open$i is not at the open receiver"
    without_secret+=("$seconds")
done

# 5. TLS both ends (and the secret, proved inside TLS): the guest moves.
with_tls=()
for i in 1 2 3; do
    guest tls-sender "tls$i"
    read -r seconds answer <<<"$(migrate tls-sender "tls$i" 8004)"
    [[ $answer == "200" ]] || fail "TLS migration of tls$i: $answer"
    [[ $(status tls-receiver "domain/tls$i") == 200 ]] || fail "tls$i is not at the TLS receiver"
    [[ $(status tls-sender "domain/tls$i") == 404 ]] || fail "tls$i is still at the TLS sender"
    with_tls+=("$seconds")
done
grep -q "receiving a domain from 10.77.0.2" "$WORK/tls-receiver/stderr" || fail "the TLS receiver did not log the peer"
echo "ok: 10.77.0.2 over TLS, with the secret, migrated 3 guests of 512 MiB to 10.77.0.1"

# refused SENDER NAME PORT RECEIVER MESSAGE: op=migrate fails with MESSAGE, the guest runs on at the sender
# and nothing is left at the receiver.
refused() {
    local sender=$1 name=$2 port=$3 receiver=$4 message=$5 answer
    guest "$sender" "$name"
    answer=$(post "$sender" "domain/$name" op=migrate destination=10.77.0.1 "port=$port" "${MIGRATE[@]}")
    [[ $answer == *"$message"* ]] || fail "$name from $sender to port $port: $answer"
    [[ $(status "$receiver" "domain/$name") == 404 ]] || fail "$name was left at $receiver"
    [[ $(post "$sender" "domain/$name" op=pause) == *" 200" ]] || fail "$name no longer runs at $sender"
    echo "ok: $sender -> $receiver refused: $message; $name runs on at the sender"
}
# 6. A TLS sender and a receiver in clear, 7. the other way round, 8. a receiver the sender's CA does not sign.
refused tls-sender tlsplain 8003 open-receiver \
    "Migration failed: this relocation server does not use TLS (xend-relocation-ssl-server), but the sender does"
refused stranger plaintls 8004 tls-receiver \
    "Migration failed: this relocation server only accepts TLS (xend-relocation-ssl-server): the sender must use xend-relocation-ssl"
refused tls-stranger untrusted 8004 tls-receiver "the peer's certificate is not trusted"

echo "512 MiB simulated guest, 10.77.0.2 -> 10.77.0.1, seconds per migration:" \
    "with the secret ${with_secret[*]}; without ${without_secret[*]}; TLS with the secret ${with_tls[*]}"
echo "test-relocation-netns: ok"
