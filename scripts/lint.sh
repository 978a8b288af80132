#!/usr/bin/env bash
# `make lint` (and `make format`, which passes --fix): swift-format in strict mode over every tracked Swift file except generated ones. What is
# generated is said once, in .gitattributes (linguist-generated=true), which GitHub reads too.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.swift' \
    | git check-attr --stdin linguist-generated | awk -F': ' '$3 != "true" { print $1 }')
if [ "${1:-}" = --fix ]; then
    swift format --in-place --parallel "${files[@]}"
else
    swift format lint --strict --parallel "${files[@]}"
    echo "lint: ${#files[@]} Swift files, no findings"
fi
