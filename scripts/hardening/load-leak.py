#!/usr/bin/env python3
"""Load and leak test of the real xend: CLIENTS threads each send REQUESTS mixed requests (reads and
lifecycle ops), a new connection per request as legacy clients do, alternating Unix socket and TCP.

Each round must end with 0 errors and a consistent state: the domains listed are exactly the ones
created and not destroyed, and once they are destroyed the host's free memory is back where it
started. Three equal rounds run; the daemon's VmRSS and open file descriptors after round 2 and
round 3 must match (round 1 warms caches up) within a small tolerance.
TCP clients connect from 16 loopback addresses (see Client.source).
Usage: load-leak.py [--clients N] [--requests N] [--rounds N] [path/to/xend]"""

import argparse
import os
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xendtest import Daemon, binary_from_args, vm_config  # noqa: E402

D = "/xend/domain/"


def cycle(name):
    """One cycle of ten requests on the client's own domain names: (transport-free request, statuses)."""
    return [
        ("POST", D, [("op", "create"), ("config", vm_config(name, 64))], {201}),
        ("GET", D + name, None, {200}),
        ("POST", D + name, [("op", "unpause")], {200}),
        ("GET", "/xend/domain", None, {200}),
        ("POST", D + name, [("op", "mem_target_set"), ("target", "48")], {200}),
        ("GET", "/xend/node", None, {200}),
        ("POST", D, [("op", "new"), ("config", vm_config(name + "-m", 32))], {200}),
        ("GET", "/xend/domain?state=all", None, {200}),
        ("POST", D + name + "-m", [("op", "delete")], {202}),
        ("POST", D + name, [("op", "destroy")], {202}),
    ]


class Client(threading.Thread):
    def __init__(self, daemon, index, requests, round_no):
        super().__init__()
        self.d, self.index, self.requests, self.round_no = daemon, index, requests, round_no
        self.errors, self.kept, self.done = [], [], 0
        # TCP clients come from 16 loopback addresses, as from 16 hosts: the engine allows 64 connections
        # per peer, and connections it is still closing count, so 64 busy clients on one address exceed it.
        self.source = "127.0.0.%d" % (index % 16 + 1)

    def run(self):
        cycles = max(1, self.requests // 10)
        for k in range(cycles):
            name = "r%dc%dk%d" % (self.round_no, self.index, k)
            keep = k == cycles - 1  # the last domain of each client stays until the round's check
            for n, (method, path, form, expected) in enumerate(cycle(name)):
                if keep and form == [("op", "destroy")]:
                    self.kept.append(name)
                    continue
                transport = ("unix", "tcp")[(self.index + k + n) % 2]
                try:
                    r = self.d.request(transport, method, path, form, timeout=60, source=self.source)
                    ok = r is not None and r.status in expected and not r.body.startswith(b"(xend.err")
                except OSError as e:
                    r, ok = e, False
                self.done += 1
                if not ok:
                    self.errors.append("%s %s %s [%s]: %r" % (method, path, form and form[0], transport, r))


def free_memory(d):
    r = d.request("unix", "GET", "/xend/node")
    return int(re.search(rb"\(free_memory (\d+)\)", r.body).group(1))


def listed(d):
    r = d.request("tcp", "GET", "/xend/domain?state=all")
    return set(r.body.decode()[1:-1].split())


def run_round(d, clients, requests, round_no, base_free):
    threads = [Client(d, i, requests, round_no) for i in range(clients)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    errors = [e for t in threads for e in t.errors]
    done = sum(t.done for t in threads)
    kept = {n for t in threads for n in t.kept}
    problems = errors[:10]
    names = listed(d)
    if names != kept | {"Domain-0"}:
        problems.append("listed %d domains, expected %d: extra %s, missing %s" % (
            len(names), len(kept) + 1, sorted(names - kept - {"Domain-0"})[:5], sorted(kept - names)[:5]))
    for name in kept:
        r = d.request("unix", "POST", D + name, [("op", "destroy")])
        if r is None or r.status != 202:
            problems.append("destroy %s: %r" % (name, r))
    if listed(d) != {"Domain-0"}:
        problems.append("domains left after destroying all: %s" % sorted(listed(d)))
    free = free_memory(d)
    if free != base_free:
        problems.append("free memory %d MiB after the round, %d before" % (free, base_free))
    time.sleep(0.5)  # let the engine finish closing connections before counting descriptors
    rss, fds = d.rss_kib(), d.open_fds()
    print("round %d: %d requests in %.1f s (%.0f req/s), %d errors, %d domains kept and destroyed, "
          "VmRSS %d KiB, %d fds" % (round_no, done, elapsed, done / elapsed, len(errors), len(kept), rss, fds))
    return problems + (["%d errors in total" % len(errors)] if errors else []), rss, fds


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--requests", type=int, default=500)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--rss-tolerance-kib", type=int, default=2048)
    p.add_argument("binary", nargs="?")
    a = p.parse_args()
    d = Daemon(binary_from_args([sys.argv[0]] + ([a.binary] if a.binary else []))).start()
    failures = []
    try:
        base_free = free_memory(d)
        figures = []
        for round_no in range(1, a.rounds + 1):
            problems, rss, fds = run_round(d, a.clients, a.requests, round_no, base_free)
            failures += ["round %d: %s" % (round_no, p) for p in problems]
            figures.append((rss, fds))
            if not d.alive():
                failures.append("daemon died")
                break
        if len(figures) >= 3:
            (rss_a, fds_a), (rss_b, fds_b) = figures[-2], figures[-1]
            if fds_b > fds_a:
                failures.append("open fds grew from %d to %d between equal rounds" % (fds_a, fds_b))
            if rss_b - rss_a > a.rss_tolerance_kib:
                failures.append("VmRSS grew from %d to %d KiB between equal rounds" % (rss_a, rss_b))
            print("leak check: VmRSS %+d KiB, fds %+d between the last two rounds" % (rss_b - rss_a, fds_b - fds_a))
    finally:
        d.cleanup()
    for f in failures:
        print("FAIL " + f)
    if failures:
        sys.exit(1)
    print("load-leak: ok")


if __name__ == "__main__":
    main()
