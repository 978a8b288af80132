#!/usr/bin/env python3
"""`make check-docs` (run by `make test`): every citation in the repository points inside it.

Fails, naming file and line, when a tracked text file
  - cites a document that is not in the repository, a tracker number, or a bare section sign;
  - names a repository path (docs/..., Sources/..., Tests/..., ...) that does not exist;
  - cites `docs/<page>.md#<anchor>` or links `[text](<page>.md#<anchor>)` where the page has no such heading;
  - cites "vector #N" where Tests/XendServerTests/Golden/ has no file numbered N;
  - has a Markdown link to a local file that does not exist.
Generated files (linguist-generated in .gitattributes) are skipped, as scripts/lint.sh skips them.
Usage: scripts/check-citations.py [--count]   (--count prints the findings and exits 0)
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SELF = "scripts/check-citations.py"
TEXT_SUFFIXES = (".swift", ".md", ".sh", ".py", ".c", ".h", ".sxp", ".modulemap", ".service", ".socket", ".txt")
TEXT_NAMES = ("Makefile", "Package.swift", ".ci/run", ".gitattributes", ".swift-format")

# Documents that live outside the repository, and tracker numbers: never cited.
FORBIDDEN = [
    (re.compile(r"[\w-]+-protocol\.md|STYLE\.md|[\w-]+-coverage\.md(?<!xenlight-coverage\.md)"
                r"|client-expectations|xen-in-qemu\.md|xenqemu\.sh"), "a document outside the repository"),
    (re.compile(r"\.\./shared\b|/work/shared|\bshared docs\b|\bteam docs\b|design card", re.I),
     "a document outside the repository"),
    (re.compile(r"\b(issue|pitfall|ticket|bug) ?#?\d+", re.I), "a tracker or external list number"),
    (re.compile(r"(?<!RFC \d{4} )(?<!RFC \d{4})§"), "a section sign without an RFC: cite docs/<page>.md#<anchor>"),
]
# A path into the repository, as prose and comments write them.
# `*` and `<placeholder>` make it a pattern that must match at least one file.
PATH = re.compile(r"(?<![\w./<-])((?:docs|Sources|Tests|Benchmarks|Fuzz|scripts|systemd|\.ci)/[\w.+/*<>-]*[\w/*>])"
                  r"(#[\w-]+)?")
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
VECTOR = re.compile(r"\bvectors? #(\d+)([a-z]?)")
GOLDEN = "Tests/XendServerTests/Golden"


def tracked_files():
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.split("\n")
    files = [f for f in listed if f and (f.endswith(TEXT_SUFFIXES) or f in TEXT_NAMES)]
    attributes = subprocess.run(["git", "check-attr", "--stdin", "linguist-generated"], cwd=ROOT, check=True,
                                input="\n".join(files), capture_output=True, text=True).stdout
    generated = {line.split(": ")[0] for line in attributes.splitlines() if line.endswith(": true")}
    return [f for f in files if f not in generated and f != SELF and os.path.isfile(os.path.join(ROOT, f))]


def slug(heading):
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


_anchors = {}


def anchors(page):
    if page not in _anchors:
        found = set()
        with open(os.path.join(ROOT, page), encoding="utf-8") as f:
            fenced = False
            for line in f:
                if line.startswith("```"):
                    fenced = not fenced
                elif not fenced and line.startswith("#"):
                    found.add(slug(line.lstrip("#")))
        _anchors[page] = found
    return _anchors[page]


def golden_numbers():
    names = os.listdir(os.path.join(ROOT, GOLDEN))
    return {m.group(1).lstrip("0") + m.group(2) for m in (re.match(r"(\d+)([a-z]?)-", n) for n in names) if m}


def check_target(path, anchor):
    """Why `path` (repository-relative) with `anchor` is not a valid citation, or None."""
    full = os.path.join(ROOT, path)
    if "*" in path or "<" in path:
        if not glob.glob(os.path.join(ROOT, re.sub(r"<[^>]*>", "*", path))):
            return f"nothing matches {path}"
        return None
    if not os.path.exists(full):
        ignored = any(subprocess.run(["git", "check-ignore", "-q", "--no-index", candidate], cwd=ROOT).returncode == 0
                      for candidate in (path, path + "/"))
        return None if ignored else f"{path} does not exist"
    if anchor and path.endswith(".md") and anchor.lstrip("#") not in anchors(path):
        return f"{path} has no heading {anchor}"
    return None


def findings():
    vectors = golden_numbers()
    for name in tracked_files():
        with open(os.path.join(ROOT, name), encoding="utf-8", errors="replace") as f:
            lines = f.readlines()
        for number, line in enumerate(lines, 1):
            where = f"{name}:{number}"
            for pattern, why in FORBIDDEN:
                match = pattern.search(line)
                if match:
                    yield where, f"{why}: '{match.group(0)}'"
            for match in PATH.finditer(line):
                problem = check_target(match.group(1), match.group(2))
                if problem:
                    yield where, problem
            for match in VECTOR.finditer(line):
                if match.group(1).lstrip("0") + match.group(2) not in vectors:
                    yield where, f"no golden vector #{match.group(1)}{match.group(2)} in {GOLDEN}/"
            if name.endswith(".md"):
                for match in MD_LINK.finditer(line):
                    target = match.group(1)
                    if re.match(r"[a-z]+:", target) or target.startswith("#") and not target[1:]:
                        continue
                    file_part, _, anchor = target.partition("#")
                    page = os.path.normpath(os.path.join(os.path.dirname(name), file_part)) if file_part else name
                    if page.startswith(".."):
                        yield where, f"link leaves the repository: {target}"
                        continue
                    problem = check_target(page, "#" + anchor if anchor else None)
                    if problem:
                        yield where, f"link {target}: {problem}"


def main():
    found = list(findings())
    for where, why in found:
        print(f"{where}: {why}")
    if "--count" in sys.argv:
        print(f"{len(found)} findings")
        return 0
    if found:
        print(f"check-citations: {len(found)} citations point outside the repository or nowhere "
              "(docs/protocol.md is the protocol reference; cite docs/<page>.md#<anchor>)")
        return 1
    print("check-citations: every citation points inside the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main())
