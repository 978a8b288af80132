#!/usr/bin/env bash
# Builds the libFuzzer targets (with AddressSanitizer, because the parser reads through unsafe pointers)
# and runs each for SECONDS (default 60).
# Seeds live in Tests/Fuzz/Corpus/<Target>/ (committed); inputs libFuzzer finds go to .build-fuzz/corpus/,
# and a crashing input is written to .build-fuzz/artifacts/ (turn it into a regression test).
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
scratch=.build-fuzz
targets=(SExpression)

for target in "${targets[@]}"; do
    XEND_FUZZ=1 swift build -c release --sanitize=fuzzer --sanitize=address --scratch-path "$scratch" --product "Fuzz$target"
done

status=0
for target in "${targets[@]}"; do
    corpus="$scratch/corpus/$target"
    artifacts="$scratch/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    dict=()
    [ -f "Tests/Fuzz/$target.dict" ] && dict=(-dict="Tests/Fuzz/$target.dict")
    echo "== Fuzz$target for ${seconds}s (new inputs: $corpus, crashes: $artifacts)"
    "$scratch/release/Fuzz$target" "$corpus" "Tests/Fuzz/Corpus/$target" "${dict[@]}" \
        -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts" || status=$?
done
exit "$status"
