#!/usr/bin/env bash
# Builds the libFuzzer targets (SExpression, FormDecoder, DomainConfig, RequestPath, Relocation) and runs
# each for SECONDS (default 60).
# Seeds live in Tests/Fuzz/Corpus/<Target>/ (committed); inputs libFuzzer finds go to <scratch>/corpus/,
# and a crashing input is written to <scratch>/artifacts/ (turn it into a regression test).
#
# FUZZ_SANITIZE=address adds AddressSanitizer (the parser reads through unsafe pointers), about 10x slower.
# It is passed as one `-sanitize=fuzzer,address` flag: SwiftPM's separate `--sanitize=address` drops the
# fuzzer's coverage instrumentation (seen with Swift 6.3.1), which leaves libFuzzer blind.
# FUZZ_TARGETS="DomainConfig RequestPath" runs only those.
# Usage: [FUZZ_SANITIZE=address] [FUZZ_TARGETS="..."] scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
read -r -a targets <<<"${FUZZ_TARGETS:-SExpression FormDecoder DomainConfig RequestPath Relocation}"

build_flags=(-c release --sanitize=fuzzer)
scratch=.build-fuzz
if [ "${FUZZ_SANITIZE:-}" = address ]; then
    build_flags+=(-Xswiftc -sanitize=fuzzer,address)
    scratch=.build-fuzz-asan
elif [ -n "${FUZZ_SANITIZE:-}" ]; then
    echo "FUZZ_SANITIZE must be empty or 'address'" >&2
    exit 2
fi

for target in "${targets[@]}"; do
    XEND_FUZZ=1 swift build "${build_flags[@]}" --scratch-path "$scratch" --product "Fuzz$target"
done

# Swift's own backtracer would catch the trap first; without it libFuzzer writes the crashing input.
export SWIFT_BACKTRACE=enable=no
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
