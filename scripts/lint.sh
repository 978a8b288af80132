#!/usr/bin/env bash
# `make lint` (and `make format`, which passes --fix): swift-format in strict mode over every tracked Swift file except generated ones. What is
# generated is said once, in .gitattributes (linguist-generated=true), which GitHub reads too.
# Without --fix it then runs ShellCheck (the Debian package shellcheck, which `make lint` installs) over every tracked shell
# script: the *.sh files and the extensionless files whose first line is a bash or sh shebang (.ci/run, the initramfs inits).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.swift' \
    | git check-attr --stdin linguist-generated | awk -F': ' '$3 != "true" { print $1 }')
if [ "${1:-}" = --fix ]; then
    swift format --in-place --parallel "${files[@]}"
else
    swift format lint --strict --parallel "${files[@]}"
    echo "lint: ${#files[@]} Swift files, no findings"

    mapfile -t scripts < <(git ls-files -co --exclude-standard -- '*.sh')
    # Extensionless regular files (not symlinks) whose shebang names bash or sh, directly or through env.
    shebang='^#![[:space:]]*(/usr)?/bin/(env[[:space:]]+)?(ba)?sh([[:space:]]|$)'
    while IFS= read -r f; do
        case "${f##*/}" in *.*) continue ;; esac
        if [ ! -f "$f" ] || [ -L "$f" ]; then continue; fi
        first=
        IFS= read -r first < "$f" || true
        if [[ $first =~ $shebang ]]; then scripts+=("$f"); fi
    done < <(git ls-files -co --exclude-standard)
    # -x follows the files a script sources (named by its `# shellcheck source=` lines), so their variables are known.
    shellcheck -x "${scripts[@]}"
    echo "lint: ${#scripts[@]} shell scripts, no findings"
fi
