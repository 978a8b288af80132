#!/usr/bin/env bash
# Runs the hardening tests against a built xend (docs/hardening.md).
#   quick  (make test):   the bad-input corpus, 16 clients x 500 requests x 3 rounds, 20 kill -9 + disk full
#   stress (make stress): the corpus, 64 clients x 10,000 requests x 3 rounds, 200 kill -9 + disk full
# Usage: scripts/hardening/run.sh quick|stress [path/to/xend]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=${1:?quick or stress}
XEND=${2:-$(cd "$here/../.." && swift build --show-bin-path)/xend}
[[ -x $XEND ]] || { echo "hardening: $XEND is not built" >&2; exit 1; }
command -v python3 >/dev/null || { echo "hardening: python3 is required" >&2; exit 1; }
case $mode in
    quick) clients=16 requests=500 iterations=20 ;;
    stress) clients=64 requests=10000 iterations=200 ;;
    *) echo "hardening: mode must be quick or stress" >&2; exit 2 ;;
esac
python3 "$here/hostile-corpus.py" "$XEND"
python3 "$here/load-leak.py" --clients "$clients" --requests "$requests" --rounds 3 "$XEND"
python3 "$here/fault-restart.py" --iterations "$iterations" "$XEND"
