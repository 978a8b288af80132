#!/usr/bin/env bash
# Builds the libFuzzer targets (SExpression, FormDecoder, VMConfig, RequestPath, Relocation) and runs
# each for SECONDS (default 60).
# Seeds live in Corpus/<Target>/ beside this script (committed); inputs libFuzzer finds go to <scratch>/corpus/,
# and a crashing input is written to <scratch>/artifacts/ (turn it into a regression test).
#
# FUZZ_SANITIZE=address adds AddressSanitizer (the parser reads through unsafe pointers), about 10x slower.
# It is passed as one `-sanitize=fuzzer,address` flag: SwiftPM's separate `--sanitize=address` drops the
# fuzzer's coverage instrumentation (seen with Swift 6.3.1), which leaves libFuzzer blind.
# FUZZ_TARGETS="VMConfig RequestPath" runs only those.
# Usage: [FUZZ_SANITIZE=address] [FUZZ_TARGETS="..."] Fuzz/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")" # this folder is the Fuzz package
seconds="${1:-60}"
read -r -a targets <<<"${FUZZ_TARGETS:-SExpression FormDecoder VMConfig RequestPath Relocation}"

build_flags=(-c release --sanitize=fuzzer)
scratch=.build
if [ "${FUZZ_SANITIZE:-}" = address ]; then
    build_flags+=(-Xswiftc '-sanitize=fuzzer,address')
    scratch=.build-asan
elif [ -n "${FUZZ_SANITIZE:-}" ]; then
    echo "FUZZ_SANITIZE must be empty or 'address'" >&2
    exit 2
fi

for target in "${targets[@]}"; do
    swift build "${build_flags[@]}" --scratch-path "$scratch" --product "Fuzz$target"
done

# Swift's own backtracer would catch the trap first; without it libFuzzer writes the crashing input.
export SWIFT_BACKTRACE=enable=no
status=0
for target in "${targets[@]}"; do
    corpus="$scratch/corpus/$target"
    artifacts="$scratch/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    dict=()
    [ -f "$target.dict" ] && dict=(-dict="$target.dict")
    echo "== Fuzz$target for ${seconds}s (new inputs: $corpus, crashes: $artifacts)"
    "$scratch/release/Fuzz$target" "$corpus" "Corpus/$target" "${dict[@]}" \
        -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts" || status=$?
done
exit "$status"
