#!/usr/bin/env python3
"""Fails when a manual page misses a flag or key, so the pages cannot drift from the programs.

  check-man-pages.py flags PAGE BINARY   every flag BINARY's parser has (--experimental-dump-help,
                                         subcommands included) is named in PAGE (a roff source)
  check-man-pages.py keys PAGE SOURCE    every xend-config.sxp key SOURCE reads is named in PAGE
"""
import json
import re
import shutil
import subprocess
import sys


def page_text(path):
    """The page as a reader sees it. swift-argument-parser writes mdoc (`.Fl -config` for --config), so
    the source is rendered with groff (man or mdoc, one very long line per paragraph so that no name is
    broken); without groff, the roff source with fonts and escaped minus signs removed."""
    if shutil.which("groff"):
        rendered = subprocess.run(["groff", "-mandoc", "-Tutf8", "-P-cbou", "-rLL=2000n", path],
                                  check=True, capture_output=True, text=True).stdout
        return rendered.replace("\u2010", "-").replace("\u2212", "-")
    with open(path) as file:
        return re.sub(r"\\f[BIRP]", "", file.read()).replace("\\-", "-")


def flags(command, prefix=""):
    found = set()
    for argument in command.get("arguments", []):
        if not argument.get("shouldDisplay", True):
            continue
        for name in argument.get("names", []):
            dashes = "--" if name["kind"] == "long" else "-"
            found.add((prefix + command["commandName"], dashes + name["name"]))
    for subcommand in command.get("subcommands", []):
        found |= flags(subcommand, prefix + command["commandName"] + " ")
    return found


def main():
    mode, page = sys.argv[1], sys.argv[2]
    text = page_text(page)
    if mode == "flags":
        dump = json.loads(subprocess.run([sys.argv[3], "--experimental-dump-help"], check=True,
                                         capture_output=True, text=True).stdout)
        wanted = {flag for _, flag in flags(dump["command"])}
    else:
        with open(sys.argv[3]) as file:
            wanted = set(re.findall(r'case "([a-z0-9-]+)":', file.read()))
    missing = sorted(item for item in wanted if not re.search(re.escape(item) + r"(?![A-Za-z0-9-])", text))
    if missing:
        print(f"{page} does not name: {' '.join(missing)}")
        sys.exit(1)
    print(f"{page} names all {len(wanted)} {mode}")


if __name__ == "__main__":
    main()
