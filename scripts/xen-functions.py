#!/usr/bin/env python3
"""Writes Sources/CXenlightShims/xen-functions.c: a forwarder for every Xen library function the libxl
bindings call, so that the daemon loads the Xen libraries with dlopen when the libxl backend starts
instead of at every start-up (docs/xenlight-gen.md, "Loading the Xen libraries").

Each forwarder has the name and the prototype of the library's function (so the compiler checks it
against the installed header) and calls the address Sources/CXenlightShims/xen-libraries.c looked up.
The functions are the identifiers of the form libxl_*, xtl_*, xc_*, xs_* and yajl_* in Sources/Xenlight,
Sources/LibxlBackend and Sources/CXenlightShims that one of the libraries (the four Xen libraries, and
libyajl, which libxl's *_gen_json functions write to) exports as a function; their prototypes come from
clang's AST of the headers and definitions of Sources/CLibxl/shim.h (read from it, so that the API
version the bindings pin is the forwarders' too), with xenctrl.h and xenstore.h for
Sources/CXenlightShims/host.c; the library file names are the sonames of the installed libraries. A call the list lacks fails the link (the
libraries are no longer linked), so the list cannot silently fall short.

Usage: scripts/xen-functions.py [--include DIR] [--libdir DIR] [--output FILE]   (default: standard output;
make generate writes Sources/CXenlightShims/xen-functions.c, make check-generated compares).
"""
import argparse
import io
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCANNED = ["Sources/Xenlight", "Sources/LibxlBackend", "Sources/CXenlightShims"]
OUTPUT = "Sources/CXenlightShims/xen-functions.c"
LIBRARIES = ["xenlight", "xenctrl", "xenstore", "xentoollog", "yajl"]
UMBRELLA = "Sources/CLibxl/shim.h"


def umbrella():
    """shim.h's definitions with a value (LIBXL_API_VERSION, ...) and its system headers, in order."""
    with open(os.path.join(ROOT, UMBRELLA), encoding="utf-8") as file:
        text = file.read()
    definitions = "".join(f"#define {name} {value}\n"
                          for name, value in re.findall(r"^#define (\w+) (\S+)$", text, re.MULTILINE))
    return definitions, re.findall(r"^#include <([^>]+)>$", text, re.MULTILINE)


SHIM_DEFINITIONS, SHIM_HEADERS = umbrella()
HEADERS = SHIM_HEADERS + ["xenctrl.h", "xenstore.h"]
PRELUDE = "#define __XEN_TOOLS__ 1\n" + SHIM_DEFINITIONS


def used_identifiers():
    pattern = re.compile(r"\b(?:libxl|xtl|xc|xs|yajl)_[A-Za-z0-9_]+\b")
    names = set()
    for folder in SCANNED:
        for directory, _, files in os.walk(os.path.join(ROOT, folder)):
            for name in files:
                path = os.path.join(directory, name)
                if os.path.relpath(path, ROOT) == OUTPUT or not name.endswith((".swift", ".c", ".h")):
                    continue
                with open(path, encoding="utf-8") as source:
                    names.update(pattern.findall(source.read()))
    return names


def library_file(libdir, base):
    """The development link (lib<base>.so) read for its soname, and the functions the library exports."""
    path = os.path.join(libdir, f"lib{base}.so")
    dynamic = subprocess.run(["readelf", "-d", "-W", path], check=True, capture_output=True, text=True).stdout
    soname = re.search(r"\(SONAME\)\s+Library soname: \[([^\]]+)\]", dynamic).group(1)
    symbols = subprocess.run(["nm", "-D", "--defined-only", path], check=True, capture_output=True, text=True)
    functions = {line.split()[2].split("@")[0] for line in symbols.stdout.splitlines()
                 if len(line.split()) == 3 and line.split()[1] in ("T", "W", "i")}
    return soname, functions


def prototypes(include):
    """name -> (return type, [parameter types], variadic) for every function the headers declare."""
    source = PRELUDE + "".join(f"#include <{header}>\n" for header in HEADERS)
    clang = os.environ.get("CLANG", "clang")
    dump = subprocess.run([clang, "-x", "c", "-fsyntax-only", f"-I{include}", "-Xclang", "-ast-dump=json", "-"],
                          input=source, check=True, capture_output=True, text=True).stdout
    found = {}

    def visit(node):
        if node.get("kind") == "FunctionDecl" and node.get("storageClass") != "static":
            function_type = node["type"]["qualType"]
            parameters = [child["type"]["qualType"] for child in node.get("inner", [])
                          if child.get("kind") == "ParmVarDecl"]
            found.setdefault(node["name"], (return_type(function_type), parameters, node.get("variadic", False)))
        for child in node.get("inner", []):
            visit(child)

    visit(json.loads(dump))
    return found


def return_type(function_type):
    """`int (libxl_ctx *, uint32_t)` -> `int`: the text before the parameter list's parenthesis."""
    depth = 0
    for index in range(len(function_type) - 1, -1, -1):
        character = function_type[index]
        if character == ")":
            depth += 1
        elif character == "(":
            depth -= 1
            if depth == 0:
                return function_type[:index].rstrip()
    raise ValueError(f"not a function type: {function_type}")


def declarator(parameter_type, name):
    """A parameter declaration: the name goes inside a function pointer's `(*)` or before an array's `[`."""
    if "(*)" in parameter_type:
        return parameter_type.replace("(*)", f"(*{name})", 1)
    if "[" in parameter_type:
        at = parameter_type.index("[")
        return f"{parameter_type[:at].rstrip()} {name}{parameter_type[at:]}"
    separator = "" if parameter_type.endswith("*") else " "
    return f"{parameter_type}{separator}{name}"


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--include", default="/usr/include")
    arguments.add_argument("--libdir", default="/usr/lib/x86_64-linux-gnu")
    arguments.add_argument("--output", help="the file to write, replaced whole or not at all")
    options = arguments.parse_args()

    libraries = [library_file(options.libdir, base) for base in LIBRARIES]
    declared = prototypes(options.include)
    rows = []
    for name in sorted(used_identifiers()):
        owner = next((index for index, (_, exported) in enumerate(libraries) if name in exported), None)
        if owner is None or name not in declared:
            continue
        result, parameters, variadic = declared[name]
        if variadic:
            sys.exit(f"{name} is variadic: call its va_list form from C instead (Sources/CXenlightShims)")
        rows.append((name, owner, result, parameters))

    out = io.StringIO()
    out.write("// Generated by scripts/xen-functions.py from the installed Xen headers and libraries (make generate):\n")
    out.write("// do not edit. One forwarder per Xen library function the libxl bindings call; each calls the\n")
    out.write("// address Sources/CXenlightShims/xen-libraries.c found in the library loaded with dlopen. Weak, so\n")
    out.write("// that a test program's own definition (Tests/CXenlightTestSupport) takes a function's place.\n")
    out.write("// clang-format off\n")
    out.write(PRELUDE)
    out.write("".join(f"#include <{header}>\n" for header in HEADERS))
    out.write('\n#include "xen-libraries.h"\n\n')
    out.write("const char *const CXenlightShims_xen_library_names[] = {\n")
    out.write("".join(f'    "{soname}",\n' for soname, _ in libraries))
    out.write("};\n")
    out.write(f"const size_t CXenlightShims_xen_library_count = {len(libraries)};\n\n")
    out.write("const struct CXenlightShims_xen_function CXenlightShims_xen_functions[] = {\n")
    out.write("".join(f'    {{"{name}", {owner}}},\n' for name, owner, _, _ in rows))
    out.write("};\n")
    out.write(f"const size_t CXenlightShims_xen_function_count = {len(rows)};\n")
    out.write(f"void *CXenlightShims_xen_addresses[{len(rows)}];\n")
    for index, (name, _, result, parameters) in enumerate(rows):
        names = [f"a{number}" for number in range(len(parameters))]
        declared_parameters = ", ".join(declarator(kind, argument) for kind, argument in zip(parameters, names))
        call = f"((__typeof__(&{name}))CXenlightShims_xen_address({index}))({', '.join(names)})"
        body = f"{call};" if result == "void" else f"return {call};"
        separator = "" if result.endswith("*") else " "
        out.write(f"\n__attribute__((weak)) {result}{separator}{name}({declared_parameters or 'void'}) {{\n")
        out.write(f"    {body}\n}}\n")
    if options.output is None:
        sys.stdout.write(out.getvalue())
        return
    with open(options.output + ".new", "w", encoding="utf-8") as file:
        file.write(out.getvalue())
    os.replace(options.output + ".new", options.output)


if __name__ == "__main__":
    main()
