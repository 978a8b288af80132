#!/bin/sh
# Throwaway certificates for the relocation TLS tests (Tests/RelocationTLSTests, Tests/XendServerTests,
# scripts/test-relocation-netns.sh): never for real hosts. Usage: scripts/make-test-pki.sh DIRECTORY
# Writes, as PEM, valid for two days:
#   ca.pem                          the test CA
#   server.pem server.key           signed by it, for localhost, 127.0.0.1, ::1 and 10.77.0.1 (the netns receiver)
#   client.pem client.key           signed by it, a sender's client certificate
#   other-ca.pem other.pem other.key  a second CA and a certificate for the same names that ca.pem does not sign
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ca() {
    key "$1.key"
    openssl req -x509 -new -key "$1.key" -out "$1.pem" -days 2 -subj "/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}
leaf() {
    key "$1.key"
    printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature" \
        "extendedKeyUsage=serverAuth,clientAuth" \
        "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1,IP:10.77.0.1" >"$1.ext"
    openssl req -new -key "$1.key" -subj "/CN=$3" -out "$1.csr"
    openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days 2 -extfile "$1.ext" \
        -out "$1.pem" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
}
ca ca "xend relocation test CA"
leaf server ca "xend relocation test receiver"
leaf client ca "xend relocation test sender"
ca other-ca "xend relocation untrusted CA"
leaf other other-ca "xend relocation untrusted host"
chmod 600 ./*.key
